"""Unexpected faults: shown to clients as a reference only; the log has the full story.

Expected failures are GraphQL errors we raise on purpose (bad arguments, not found) or
user errors in payloads; those pass through. Anything else is a fault of ours: the client
gets "Internal error" with the reference that schema/error_log.py wrote in the log beside
the traceback (one reference per request, however many faults it had). One kind of fault is
not ours: the database unreachable, overloaded or too slow (`datasources.db.is_unavailable`);
the client gets SERVICE_UNAVAILABLE (HTTP 503 with Retry-After, app.py) and the log one line
without a traceback (schema/error_log.py).
"""

from __future__ import annotations

from graphql.error import GraphQLError
from strawberry.extensions import MaskErrors

from schema.error_log import is_unavailable_fault, is_unexpected, reference_of

SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
UNAVAILABLE_MESSAGE = (
    "The service is unavailable for a moment (its database is unreachable, busy or slow): retry later"
)


class InternalErrors(MaskErrors):
    def __init__(self, *, show_details: bool = False) -> None:
        super().__init__(should_mask_error=is_unexpected)
        self.show_details = show_details

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        if is_unavailable_fault(error):
            return GraphQLError(
                message=UNAVAILABLE_MESSAGE,
                nodes=error.nodes,
                source=error.source,
                positions=error.positions,
                path=error.path,
                extensions={"code": SERVICE_UNAVAILABLE},
            )
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
