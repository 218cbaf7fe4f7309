"""Declaring a guarded mutation: its permissions, and who may call it in its description."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Any

import strawberry
from strawberry.extensions import FieldExtension

from auth.permissions import HasRole, IsAuthenticated, Permission
from auth.viewer import ROLE_PARTICIPANT_KINDS
from resolvers.context import Info
from schema.user_errors import user_errors


@strawberry.enum(description="How the other side answers a proposal or an application.")
class Decision(Enum):
    ACCEPT = strawberry.enum_value(
        "accept", description="Agree (同意): the units or the place are committed."
    )
    DECLINE = strawberry.enum_value("decline", description="Say no (拒绝): nothing is committed.")


def acting_for(*roles: Any) -> tuple[Permission, ...]:
    """Signed in (else UNAUTHENTICATED), with one of `roles` (default: any role that acts for a
    participant; federation staff act for none) (else FORBIDDEN)."""
    return (IsAuthenticated(), HasRole(*(roles or ROLE_PARTICIPANT_KINDS)))


def guarded_mutation(
    resolver: Callable[..., Any], *permissions: Permission, payload: type, description: str
) -> Any:
    """A mutation whose refusals are FORBIDDEN/UNAUTHENTICATED user errors in `payload`; its
    description ends with the permissions' rules."""
    rules = " ".join(permission.rule for permission in permissions)
    return strawberry.mutation(
        resolver=resolver,
        description=f"{description} {rules}",
        extensions=[MutationGuard(*permissions, payload=payload)],
    )


async def _awaited(value: bool | Awaitable[bool]) -> bool:
    return await value if inspect.isawaitable(value) else value  # type: ignore[return-value]


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
