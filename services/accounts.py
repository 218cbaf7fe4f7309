"""Accounts (docs/accounts.md#accounts): signOutEverywhere, and staff's disableAccount,
enableAccount and setAccountRoles; the first ADMIN (`yiwuxian create-admin`). Every change
bumps the account's `version`; those that must end its sessions bump its `token_version` too
(a token of an older one is refused)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from auth.passwords import hash_password
from auth.viewer import Viewer
from datasources.columns import utcnow
from datasources.tables import Account
from datasources.writes import audit, write_transaction
from domain.enums import Role
from domain.messages import message
from domain.problems import Problem, Rejected, UserErrorCode
from domain.workflows.accounts import (
    MAX_DISPLAY_NAME,
    MAX_REASON_LENGTH,
    check_manageable,
    check_roles,
)
from domain.workflows.checks import Checks, key_of
from domain.workflows.joining import Credentials, check_credentials
from services.changes import Changed, changed
from services.rows import not_found

ACCOUNTS: Table = Account.__table__
TYPE = "Account"


@dataclass(frozen=True)
class SignOutEverywhere:
    account_id: str | None  # its global id; None: the viewer's own


@dataclass(frozen=True)
class DisableAccount:
    account_id: str  # its global id
    reason: str


@dataclass(frozen=True)
class EnableAccount:
    account_id: str  # its global id


@dataclass(frozen=True)
class SetAccountRoles:
    account_id: str  # its global id
    roles: tuple[Role, ...]
    expected_version: int


async def sign_out_everywhere(
    connection: AsyncConnection, viewer: Viewer, command: SignOutEverywhere
) -> Changed:
    """Every token of the account stops working (for her own, this one too: sign in again).
    Staff may sign out another account (a lost phone) without disabling it."""
    account_id = _own(viewer)
    if command.account_id is not None:
        named = key_of(command.account_id, TYPE, "accountId")
        if named != account_id:
            row = await _account(connection, named)
            if not viewer.is_staff:
                raise not_found("accountId")
            check_manageable(viewer.account_id, viewer.roles, named, _roles(row))
            account_id = named
    await connection.execute(
        update(ACCOUNTS).where(ACCOUNTS.c.id == account_id).values(**bumped(sessions=True))
    )
    await audit(
        connection,
        actor_account_id=viewer.account_id,
        action="signOutEverywhere",
        entity_type=TYPE,
        entity_id=account_id,
    )
    return changed(TYPE, account_id)


async def disable_account(connection: AsyncConnection, viewer: Viewer, command: DisableAccount) -> Changed:
    """Staff lock an account out at once (its tokens are refused from the next request), with a
    recorded reason."""
    account_id = key_of(command.account_id, TYPE, "accountId")
    checks = Checks()
    checks.text("reason", command.reason, max_length=MAX_REASON_LENGTH)
    checks.done()
    return await _set_active(connection, viewer, account_id, False, "disableAccount", command.reason.strip())


async def enable_account(connection: AsyncConnection, viewer: Viewer, command: EnableAccount) -> Changed:
    """Staff let a disabled account sign in again; the tokens it had before stay refused."""
    account_id = key_of(command.account_id, TYPE, "accountId")
    return await _set_active(connection, viewer, account_id, True, "enableAccount", None)


async def set_account_roles(connection: AsyncConnection, viewer: Viewer, command: SetAccountRoles) -> Changed:
    """Staff replace an account's roles (they fit its participant); effective from its next
    request. Staff roles are an ADMIN's to give or take."""
    account_id = key_of(command.account_id, TYPE, "accountId")
    row = await _account(connection, account_id)
    roles = sorted(set(command.roles))
    check_manageable(
        viewer.account_id, viewer.roles, account_id, {*_roles(row), *(Role(role) for role in roles)}
    )
    checks = Checks()
    check_roles(checks, [Role(role) for role in roles], row.participant_kind)
    checks.done()
    values = {"roles": [str(role) for role in roles], **bumped(sessions=False)}
    await _update(connection, account_id, values, ACCOUNTS.c.version == command.expected_version)
    await audit(
        connection,
        actor_account_id=viewer.account_id,
        action="setAccountRoles",
        entity_type=TYPE,
        entity_id=account_id,
        before={"roles": list(row.roles)},
        after={"roles": values["roles"]},
    )
    return changed(TYPE, account_id)


def bumped(*, sessions: bool) -> dict[str, Any]:
    """The values that record a change to an account: its version, and with `sessions` the end
    of every session: its token version (each of our tokens minted before is refused) and the
    time (each external provider's token issued then or before is refused: auth/identity.py)."""
    values: dict[str, Any] = {"version": ACCOUNTS.c.version + 1}
    if sessions:
        values["token_version"] = ACCOUNTS.c.token_version + 1
        values["sessions_ended_at"] = utcnow()
    return values


async def _set_active(
    connection: AsyncConnection,
    viewer: Viewer,
    account_id: int,
    active: bool,
    mutation: str,
    reason: str | None,
) -> Changed:
    row = await _account(connection, account_id)
    check_manageable(viewer.account_id, viewer.roles, account_id, _roles(row))
    before, after = _state(not active), _state(active)
    if row.is_active == active:
        raise _invalid_state(_state(active))
    # The condition re-checks the state read: of two racing staff, the second changes nothing.
    await _update(
        connection, account_id, {"is_active": active, **bumped(sessions=True)}, ACCOUNTS.c.is_active != active
    )
    await audit(
        connection,
        actor_account_id=viewer.account_id,
        action=mutation,
        entity_type=TYPE,
        entity_id=account_id,
        before={"status": before},
        after={"status": after, **({"reason": reason} if reason else {})},
    )
    return changed(TYPE, account_id)


async def _update(
    connection: AsyncConnection, account_id: int, values: dict[str, Any], condition: Any
) -> None:
    """Change the account if `condition` still holds; else CONFLICT (someone changed it first)."""
    changed_rows = await connection.execute(
        update(ACCOUNTS).where(ACCOUNTS.c.id == account_id, condition).values(**values)
    )
    if changed_rows.rowcount != 1:
        raise Rejected(Problem(UserErrorCode.CONFLICT, "conflict", ("input", "accountId")))


async def _account(connection: AsyncConnection, account_id: int) -> Row:
    """The account (staff see every account), or NOT_FOUND."""
    row = (await connection.execute(select(ACCOUNTS).where(ACCOUNTS.c.id == account_id))).first()
    if row is None:
        raise not_found("accountId")
    return row


def _own(viewer: Viewer) -> int:
    if viewer.account_id is None:
        raise Rejected(Problem(UserErrorCode.UNAUTHENTICATED, "unauthenticated"))
    return viewer.account_id


def _roles(row: Row) -> set[Role]:
    return {Role(role) for role in row.roles if role in Role.__members__}


def _state(active: bool) -> str:
    return "ACTIVE" if active else "DISABLED"


def _invalid_state(status: str) -> Rejected:
    return Rejected(Problem(UserErrorCode.INVALID_STATE, "invalid_state", None, {"status": status}))


async def insert_account(connection: AsyncConnection, values: dict[str, Any]) -> int:
    """Insert an account; its id. A username taken (first, or by a racing insert: the unique index
    decides) is INVALID `username_taken`, in a savepoint so the refusal rolls back cleanly.
    Usernames are public handles, so saying one is taken is no secret; callers reach this only
    after the caller proved a phone or holds an invitation (docs/accounts.md#joining), and every
    refusal before that says nothing about the username. Sign-ups and invitations refuse alike."""
    taken = await connection.execute(select(ACCOUNTS.c.id).where(ACCOUNTS.c.username == values["username"]))
    if taken.first() is None:
        try:
            async with connection.begin_nested():
                inserted = await connection.execute(insert(ACCOUNTS).values(values).returning(ACCOUNTS.c.id))
                return int(inserted.scalar_one())
        except IntegrityError:
            pass
    raise Rejected(
        Problem(UserErrorCode.INVALID, "username_taken", ("input", "username"), {"field": "username"})
    )


class FirstAdminRefused(ValueError):
    """`yiwuxian create-admin` cannot make the account; the message says why (English, for the
    operator's terminal)."""


async def create_first_admin(engine: AsyncEngine, username: str, display_name: str, password: str) -> int:
    """The first ADMIN of a database that has none active (later staff come by invitation); its id."""
    checks = Checks()
    check_credentials(checks, Credentials(username, password), external=False)
    checks.text("displayName", display_name, max_length=MAX_DISPLAY_NAME)
    if checks.problems:
        raise FirstAdminRefused("; ".join(message(p.key, "en", p.params) for p in checks.problems))
    password_hash = await asyncio.to_thread(hash_password, password)
    async with write_transaction(engine) as connection:
        if connection.dialect.name == "postgresql":  # SQLite's BEGIN IMMEDIATE holds its lock already
            # Two operators at once: the second waits here, then finds the first one's ADMIN.
            await connection.exec_driver_sql("LOCK TABLE accounts IN SHARE ROW EXCLUSIVE MODE")
        active = await connection.execute(select(ACCOUNTS.c.roles).where(ACCOUNTS.c.is_active.is_(True)))
        if any(Role.ADMIN in roles for (roles,) in active):
            raise FirstAdminRefused(
                "an active ADMIN exists already: invite further staff with createInvitation"
            )
        try:
            account_id = (
                await connection.execute(
                    insert(ACCOUNTS)
                    .values(
                        username=username.strip(),
                        display_name=display_name.strip(),
                        password_hash=password_hash,
                        roles=[Role.ADMIN.value],
                    )
                    .returning(ACCOUNTS.c.id)
                )
            ).scalar_one()
        except IntegrityError:
            raise FirstAdminRefused(f"the username {username.strip()!r} is taken") from None
        await audit(
            connection, actor_account_id=None, action="createAdmin", entity_type=TYPE, entity_id=account_id
        )
    return int(account_id)
