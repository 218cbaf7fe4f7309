"""Accounts: who may manage whose account, and which roles fit together."""

from __future__ import annotations

from collections.abc import Collection

from domain.enums import ROLE_PARTICIPANT_KINDS, STAFF_ROLES, Role
from domain.problems import Problem, Rejected, UserErrorCode
from domain.workflows.checks import Checks

MAX_REASON_LENGTH = 2000
MAX_DISPLAY_NAME = 100


def check_manageable(
    actor_id: int | None, actor_roles: Collection[Role], target_id: int, touched: Collection[Role]
) -> None:
    """Staff manage accounts, never their own (no one locks herself out or raises herself);
    an account holding, getting or losing a staff role (`touched`) is an ADMIN's to manage."""
    if actor_id == target_id:
        raise Rejected(Problem(UserErrorCode.INVALID_STATE, "own_account", ("input", "accountId")))
    if set(touched) & STAFF_ROLES and Role.ADMIN not in actor_roles:
        raise Rejected(Problem(UserErrorCode.FORBIDDEN, "forbidden"))


def check_roles(checks: Checks, roles: Collection[Role], participant_kind: str | None) -> None:
    """The roles an account may hold: staff roles only acting for no participant, and the one
    acting role of its participant's kind (a home's account is a HOME_MANAGER...)."""
    if not roles:
        checks.add(UserErrorCode.REQUIRED, "required", "roles")
        return
    for role in roles:
        kind = ROLE_PARTICIPANT_KINDS.get(role)
        fits = participant_kind is None if kind is None else kind == participant_kind
        if not fits:
            checks.add(UserErrorCode.INVALID, "role_misfit", "roles", role=role.value)
