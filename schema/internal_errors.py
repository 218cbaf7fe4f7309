"""Unexpected faults: logged with a reference, shown to clients as that reference only.

Expected failures are GraphQL errors we raise on purpose (bad arguments, not found) or
user errors in payloads; those pass through. Anything else is a fault of ours: the client
gets "Internal error" with a reference it can quote, and the log has the full story. One
kind of fault is not ours: the database unreachable, overloaded or too slow
(`datasources.db.is_unavailable`); the client gets SERVICE_UNAVAILABLE (HTTP 503 with
Retry-After, app.py) and the log one line.
"""

from __future__ import annotations

import logging
import uuid

from graphql.error import GraphQLError
from strawberry.extensions import MaskErrors

from datasources.db import is_unavailable

log = logging.getLogger("yiwuxian.errors")

SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
UNAVAILABLE_MESSAGE = (
    "The service is unavailable for a moment (its database is unreachable, busy or slow): retry later"
)


def is_unexpected(error: GraphQLError) -> bool:
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError)


class InternalErrors(MaskErrors):
    def __init__(self, *, show_details: bool = False) -> None:
        super().__init__(should_mask_error=is_unexpected)
        self.show_details = show_details

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        if error.original_error is not None and is_unavailable(error.original_error):
            log.warning("database unavailable at %s: %s", error.path, type(error.original_error).__name__)
            return GraphQLError(
                message=UNAVAILABLE_MESSAGE,
                nodes=error.nodes,
                source=error.source,
                positions=error.positions,
                path=error.path,
                extensions={"code": SERVICE_UNAVAILABLE},
            )
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
