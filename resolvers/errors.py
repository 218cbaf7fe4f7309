"""GraphQL errors for bad arguments: clear, specific, and naming the argument."""

from __future__ import annotations

from graphql import GraphQLError


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
