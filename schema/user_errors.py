"""`UserError`: expected failures of a mutation, returned as data in its payload."""

from __future__ import annotations

import strawberry

from domain.messages import message
from domain.problems import Problem, UserErrorCode

strawberry.enum(UserErrorCode, description="Why a mutation was refused; stable for programs to test.")


@strawberry.type(description="Why a mutation was refused. Nothing was changed.")
class UserError:
    field: list[str] | None = strawberry.field(
        description='Path to the input field at fault, e.g. ["input", "title"]; null: the whole input.'
    )
    code: UserErrorCode = strawberry.field(description="A stable code for programs.")
    message: str = strawberry.field(description="A message for people, in the language of Accept-Language.")


def user_errors(problems: list[Problem], locale: str) -> list[UserError]:
    return [
        UserError(
            field=list(problem.field) if problem.field else None,
            code=problem.code,
            message=message(problem.key, locale, problem.params),
        )
        for problem in problems
    ]


def user_errors_field(why: str) -> list[UserError]:
    """A payload's `userErrors` field; `why` lists the codes the mutation may return."""
    return strawberry.field(default_factory=list, description=f"Why nothing was changed, if so: {why}")
