"""Reading and writing accounts for sign-in (the graph reads them through loaders)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, update
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from datasources.tables import Account

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


async def replace_password_hash(engine: AsyncEngine, account_id: int, password_hash: str) -> None:
    async with engine.begin() as connection:
        await connection.execute(
            update(ACCOUNTS).where(ACCOUNTS.c.id == account_id).values(password_hash=password_hash)
        )


async def linked_account(
    engine: AsyncEngine,
    username: str,
    display_name: str,
    roles: Iterable[str],
    participant: tuple[str, int] | None,
) -> tuple[int, bool]:
    """(id, is active) of the account linked to an external identity, created on first sight.

    Roles and participant follow the identity provider's latest token; the row is written
    only when they change. A deactivated account stays linked (and refused by the caller),
    so a disabled identity cannot re-create itself.
    """
    values = {
        "display_name": display_name,
        "roles": sorted(roles),
        "participant_kind": participant[0] if participant else None,
        "participant_id": participant[1] if participant else None,
    }
    columns = [ACCOUNTS.c.id, ACCOUNTS.c.is_active, *(ACCOUNTS.c[name] for name in values)]
    find = select(*columns).where(ACCOUNTS.c.username == username)
    async with engine.connect() as connection:
        row = (await connection.execute(find)).first()
    if row is None:
        try:
            async with engine.begin() as connection:
                inserted = await connection.execute(
                    ACCOUNTS.insert().values(username=username, **values).returning(ACCOUNTS.c.id)
                )
                return int(inserted.scalar_one()), True
        except IntegrityError:  # another request linked it first
            async with engine.connect() as connection:
                row = (await connection.execute(find)).one()
    if any(row._mapping[name] != value for name, value in values.items()):
        async with engine.begin() as connection:
            await connection.execute(update(ACCOUNTS).where(ACCOUNTS.c.id == row.id).values(**values))
    return int(row.id), bool(row.is_active)
