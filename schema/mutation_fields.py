"""Declaring a mutation, the one way: its input, its payload, the use case it runs, and who may
call it (checked before it runs, and said at the end of its description).

    rate_engagement = mutation(
        ratings.rate_engagement,          # services/: async (connection, viewer, command) -> Changed
        RateEngagementInput,              # a strawberry input whose .command() makes the command
        RateEngagementPayload,            # userErrors and one field for what changed
        IsAuthenticated(),
        description="Rate the other side of a COMPLETED engagement ...",
    )

The resolver turns the input into its typed command, runs it in one transaction
(resolvers/commands.py: idempotency key, anonymous budget, announcements after the commit),
and makes the payload of the outcome (schema/payloads.py).
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Protocol, TypeVar, cast

import strawberry
from strawberry.extensions import FieldExtension

from auth.permissions import HasRole, IsAuthenticated, Permission
from auth.viewer import ROLE_PARTICIPANT_KINDS
from resolvers.commands import Outcome, run
from resolvers.context import Info
from schema.payloads import payload as payload_of
from schema.user_errors import user_errors
from services.changes import ServiceCommand

C_co = TypeVar("C_co", covariant=True)


class MutationInput(Protocol[C_co]):
    """A mutation's input: it makes the typed command of its use case."""

    def command(self) -> C_co: ...


# Runs after a successful commit, in the same request (e.g. the applicant of an organization
# becomes its member for the rest of the request); what it returns fills more payload fields
# (a sign-up's token).
AfterCommit = Callable[[Info, Outcome], Awaitable[dict[str, Any] | None]]
# Which of a payload's object fields an outcome goes in, when it has several.
PayloadField = Callable[[Outcome], str]


def mutation(
    service: ServiceCommand[Any],
    input: type[MutationInput[Any]],
    payload: type,
    *permissions: Permission,
    description: str,
    input_description: str | None = None,
    anonymous_budget: str | None = None,
    after_commit: AfterCommit | None = None,
    payload_field: PayloadField | None = None,
) -> Any:
    """A mutation field: `input: <input>!` in, `<payload>` out; `permissions` refused are
    FORBIDDEN/UNAUTHENTICATED user errors. `anonymous_budget`: the per-address channel an
    anonymous caller's submission counts against (RATE_LIMITED when spent). `payload_field`:
    the payload's field for the outcome, when it has several (e.g. by `outcome.type_name`)."""

    async def resolve(info: Info, input: Any) -> Any:
        outcome = await run(
            info,
            service,
            input.command(),
            idempotency_key=getattr(input, "idempotency_key", None),
            anonymous_budget=anonymous_budget,
        )
        extra = await after_commit(info, outcome) if after_commit is not None and outcome.rows else None
        field = payload_field(outcome) if payload_field is not None else None
        return payload_of(payload, info, outcome, field, extra)

    argument = (
        input
        if input_description is None
        else Annotated[input, strawberry.argument(description=input_description)]
    )
    resolve.__annotations__ = {"info": Info, "input": argument, "return": payload}
    rules = " ".join(permission.rule for permission in permissions)
    return strawberry.mutation(
        resolver=resolve,
        description=f"{description} {rules}" if rules else description,
        extensions=[MutationGuard(*permissions, payload=payload)] if permissions else [],
    )


def acting_for(*roles: Any) -> tuple[Permission, ...]:
    """Signed in (else UNAUTHENTICATED), with one of `roles` (default: any role that acts for a
    participant; federation staff act for none) (else FORBIDDEN)."""
    return (IsAuthenticated(), HasRole(*(roles or ROLE_PARTICIPANT_KINDS)))


async def _awaited(value: bool | Awaitable[bool]) -> bool:
    """A permission's verdict, awaited if it is awaitable (`has_permission` may be either)."""
    if inspect.isawaitable(value):
        return await value
    return cast(bool, value)


class MutationGuard(FieldExtension):
    """Checks permissions before a mutation runs; a refusal is a user error in its payload.

    `payload` is the mutation's payload type: it is built with `user_errors=[...]` alone,
    so its other fields must default to None.
    """

    def __init__(self, *permissions: Permission, payload: type) -> None:
        self.permissions = permissions
        self.payload = payload

    async def resolve_async(self, next_: Callable[..., Any], source: Any, info: Info, **kwargs: Any) -> Any:
        for permission in self.permissions:
            if not await _awaited(permission.has_permission(source, info, **kwargs)):
                return self.payload(user_errors=user_errors([permission.problem], info.context.locale))
        return await next_(source, info, **kwargs)
