"""Declaring a guarded mutation: its permissions, and who may call it in its description."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any

import strawberry

from auth.permissions import HasRole, IsAuthenticated, MutationGuard, Permission
from auth.viewer import ROLE_PARTICIPANT_KINDS


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
