"""GraphQL errors for bad arguments: clear, specific, and naming the argument."""

from __future__ import annotations

from graphql import GraphQLError

from domain.messages import message


class BadInput(GraphQLError):
    """An argument the client sent is invalid (the request changes nothing)."""

    def __init__(self, argument: str, message: str) -> None:
        super().__init__(
            f"Argument '{argument}': {message}",
            extensions={"code": "BAD_USER_INPUT", "argument": argument},
        )


class NotFound(GraphQLError):
    """An id that is well formed but names nothing this viewer can see."""

    def __init__(self, argument: str, global_id: str) -> None:
        super().__init__(
            f"Argument '{argument}': could not resolve to a node with the global id '{global_id}'",
            extensions={"code": "NOT_FOUND", "argument": argument},
        )


class UnknownTrackingCode(GraphQLError):
    """A tracking code that names nothing, said in the reader's language (a resident reads it)."""

    def __init__(self, tracking_code: str, locale: str) -> None:
        super().__init__(
            message("unknown_tracking_code", locale, {"code": tracking_code}),
            extensions={"code": "NOT_FOUND", "argument": "trackingCode"},
        )
