"""The executor class the schema runs operations with: compiled when it can, resolvers otherwise."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import OperationType
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.utils.await_maybe import await_maybe

from schema.compiled.run import Run


@dataclass
class Counts:
    """How many operations took each path (tests check the compiled one was taken)."""

    compiled: int = 0
    fallback: int = 0


COUNTS = Counts()


class CompiledExecution(StrawberryGraphQLCoreExecutionContext):
    """graphql-core's executor; a query the compiler knows is answered by `Run` instead."""

    def execute_operation(self, serially: bool | None = None) -> Any:
        if self.operation.operation is not OperationType.QUERY:
            return super().execute_operation(serially)
        return self._compiled_or_resolved(serially)

    async def _compiled_or_resolved(self, serially: bool | None) -> Any:
        try:
            data, errors = await Run(self).data()
        except Exception:  # NotCompilable, or a bad argument: the resolvers answer (and say why)
            COUNTS.fallback += 1
            return await await_maybe(super().execute_operation(serially))
        COUNTS.compiled += 1
        for error, path in errors:
            self.collected_errors.add(error, path)
        return self.build_response(data)
