"""Unexpected faults: logged with a reference, shown to clients as that reference only.

Expected failures are GraphQL errors we raise on purpose (bad arguments, not found) or
user errors in payloads; those pass through. Anything else is a fault of ours: the client
gets "Internal error" with a reference it can quote, and the log has the full story.
"""

from __future__ import annotations

import logging
import uuid

from graphql.error import GraphQLError
from strawberry.extensions import MaskErrors

log = logging.getLogger("yiwuxian.errors")


def is_unexpected(error: GraphQLError) -> bool:
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError)


class InternalErrors(MaskErrors):
    def __init__(self, *, show_details: bool = False) -> None:
        super().__init__(should_mask_error=is_unexpected)
        self.show_details = show_details

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        reference = uuid.uuid4().hex[:12]
        log.error("internal error %s at %s", reference, error.path, exc_info=error.original_error)
        message = f"Internal error (reference {reference})"
        if self.show_details:  # development only: the original message helps
            message += f": {error.original_error}"
        return GraphQLError(
            message=message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={"code": "INTERNAL_SERVER_ERROR", "reference": reference},
        )
