"""Reading and writing accounts for sign-in (the graph reads them through loaders)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from datasources.tables import Account
from domain.enums import ParticipantKind, Role

ACCOUNTS = Account.__table__


async def active_account_by_username(engine: AsyncEngine, username: str) -> Row | None:
    statement = select(ACCOUNTS).where(ACCOUNTS.c.username == username, ACCOUNTS.c.is_active.is_(True))
    async with engine.connect() as connection:
        return (await connection.execute(statement)).first()


async def active_account_by_id(engine: AsyncEngine, account_id: int) -> Row | None:
    """Who an account is now: its roles, participant and token version (None if gone or disabled)."""
    columns = (
        ACCOUNTS.c.id,
        ACCOUNTS.c.roles,
        ACCOUNTS.c.participant_kind,
        ACCOUNTS.c.participant_id,
        ACCOUNTS.c.token_version,
    )
    statement = select(*columns).where(ACCOUNTS.c.id == account_id, ACCOUNTS.c.is_active.is_(True))
    async with engine.connect() as connection:
        return (await connection.execute(statement)).first()


async def account_with_password(engine: AsyncEngine, account_id: int) -> Row | None:
    """An active account's username, password hash and version (None if gone or disabled)."""
    columns = (ACCOUNTS.c.id, ACCOUNTS.c.username, ACCOUNTS.c.password_hash, ACCOUNTS.c.version)
    statement = select(*columns).where(ACCOUNTS.c.id == account_id, ACCOUNTS.c.is_active.is_(True))
    async with engine.connect() as connection:
        return (await connection.execute(statement)).first()


async def replace_password_hash(engine: AsyncEngine, account_id: int, password_hash: str) -> None:
    async with engine.begin() as connection:
        await connection.execute(
            update(ACCOUNTS).where(ACCOUNTS.c.id == account_id).values(password_hash=password_hash)
        )


# The role that acting for each kind of participant gives (auth/viewer.py has the reverse).
ROLE_OF_KIND = {
    ParticipantKind.HOME: Role.HOME_MANAGER,
    ParticipantKind.ORGANIZATION: Role.ORG_MEMBER,
    ParticipantKind.SOCIAL_WORKER: Role.SOCIAL_WORKER,
    ParticipantKind.VOLUNTEER: Role.VOLUNTEER,
}


# The kinds a person signs up as herself (services/joining.py).
SELF_REGISTERED = (ParticipantKind.VOLUNTEER, ParticipantKind.SOCIAL_WORKER)


@dataclass(frozen=True)
class Linked:
    """The account linked to an external identity, as it is now."""

    id: int
    is_active: bool
    display_name: str
    roles: list[str]
    participant_kind: str | None
    participant_id: int | None
    sessions_ended_at: datetime | None = None  # when it last signed out everywhere


async def linked_account(
    engine: AsyncEngine,
    username: str,
    display_name: str,
    roles: Iterable[str],
    participant: tuple[str, int] | None,
) -> Linked:
    """The account linked to an external identity, created on first sight.

    Roles and participant follow the identity provider's latest token; the row is written
    only when they change. A token that names no participant keeps the one the account took
    on itself (`registerVolunteer` without a password), with its role. A deactivated account
    stays linked (and refused by the caller), so a disabled identity cannot re-create itself.
    (A provider that itself names volunteers or social workers keeps naming them: a token naming
    none cannot tell a withdrawn one from a self-registered one.)
    """
    values: dict[str, Any] = {
        "display_name": display_name,
        "roles": sorted(roles),
        "participant_kind": participant[0] if participant else None,
        "participant_id": participant[1] if participant else None,
    }
    columns = [
        ACCOUNTS.c.id,
        ACCOUNTS.c.is_active,
        ACCOUNTS.c.sessions_ended_at,
        *(ACCOUNTS.c[name] for name in values),
    ]
    find = select(*columns).where(ACCOUNTS.c.username == username)
    async with engine.connect() as connection:
        row = (await connection.execute(find)).first()
    if row is None:
        try:
            async with engine.begin() as connection:
                inserted = await connection.execute(
                    ACCOUNTS.insert().values(username=username, **values).returning(ACCOUNTS.c.id)
                )
                return Linked(int(inserted.scalar_one()), True, **values)
        except IntegrityError:  # another request linked it first
            async with engine.connect() as connection:
                row = (await connection.execute(find)).one()
    if participant is None and row.participant_kind in SELF_REGISTERED:  # her own, from signing up
        own = ParticipantKind(row.participant_kind)
        values.update(
            participant_kind=own.value,
            participant_id=row.participant_id,
            roles=sorted({*values["roles"], ROLE_OF_KIND[own].value}),
        )
    if any(row._mapping[name] != value for name, value in values.items()):
        async with engine.begin() as connection:
            await connection.execute(update(ACCOUNTS).where(ACCOUNTS.c.id == row.id).values(**values))
    return Linked(int(row.id), bool(row.is_active), **values, sessions_ended_at=row.sessions_ended_at)


async def account_acting_for(engine: AsyncEngine, kind: str, participant_id: int) -> Row | None:
    """The (first) account acting for a participant."""
    statement = (
        select(ACCOUNTS)
        .where(ACCOUNTS.c.participant_kind == kind, ACCOUNTS.c.participant_id == participant_id)
        .order_by(ACCOUNTS.c.id)
        .limit(1)
    )
    async with engine.connect() as connection:
        return (await connection.execute(statement)).first()
