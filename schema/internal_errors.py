"""Unexpected faults: shown to clients as a reference only; the log has the full story.

Expected failures are GraphQL errors we raise on purpose (bad arguments, not found) or
user errors in payloads; those pass through. Anything else is a fault of ours: the client
gets "Internal error" with the reference that schema/error_log.py wrote in the log beside
the traceback (one reference per request, however many faults it had).
"""

from __future__ import annotations

from graphql.error import GraphQLError
from strawberry.extensions import MaskErrors

from schema.error_log import is_unexpected, reference_of


class InternalErrors(MaskErrors):
    def __init__(self, *, show_details: bool = False) -> None:
        super().__init__(should_mask_error=is_unexpected)
        self.show_details = show_details

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        reference = reference_of(error)
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
