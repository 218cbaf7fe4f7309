"""Refuse a document whose static cost (schema/cost.py) is over the viewer's limit, before any
resolver runs; tell every client the cost in `extensions.cost`.

A refused document gets `data: null` and one error, code QUERY_TOO_COMPLEX, naming the cost
and the limit (also in its extensions). A subscription is costed at subscribe time by what one
event selects, and refused the same way before its source starts (the subscriber gets the
error as the stream's one result, then the stream ends).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

from schema.cost import CostCache

# Shared by every request (the extension is made afresh for each one).
COSTS = CostCache(maxsize=256)


@dataclass(frozen=True)
class CostLimits:
    anonymous: int
    signed_in: int


class CostLimit(SchemaExtension):
    def __init__(self, limits: CostLimits, cache: CostCache = COSTS) -> None:
        super().__init__()
        self.limits = limits
        self.cache = cache
        self.figures: dict[str, int] | None = None

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is None:
            yield
            return
        schema = context.schema._schema  # graphql-core's schema (tests/test_library_contracts.py)
        requested = self.cache.cost(
            schema, context.query, document, context.operation_name, context.variables
        )
        viewer = getattr(context.context, "viewer", None)
        signed_in = viewer is not None and viewer.is_authenticated
        limit = self.limits.signed_in if signed_in else self.limits.anonymous
        self.figures = {"requested": requested, "limit": limit}
        if requested > limit:
            error = too_complex(requested, limit, signed_in)
            if context.operation_type == OperationType.SUBSCRIPTION:
                # strawberry subscribes whatever result is set; raised here, before it does, the
                # error becomes the stream's only result and no resolver runs.
                raise error
            # A result set before execution: strawberry runs no resolver at all.
            context.result = GraphQLExecutionResult(data=None, errors=[error])
        yield

    def get_results(self) -> dict[str, Any]:
        return {"cost": self.figures} if self.figures is not None else {}


def too_complex(requested: int, limit: int, signed_in: bool) -> GraphQLError:
    who = "signed-in" if signed_in else "anonymous"
    return GraphQLError(
        f"Query cost {requested} exceeds the limit of {limit} for {who} requests: ask for fewer "
        "items (smaller `first`/`last`, fewer nested lists or aliases), or page through them",
        extensions={"code": "QUERY_TOO_COMPLEX", "cost": {"requested": requested, "limit": limit}},
    )
