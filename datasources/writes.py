"""Writing safely: one transaction per command, audit entries, idempotency keys.

Races are settled by the database, not by luck: SQLite takes its write lock at BEGIN
(IMMEDIATE), so two commands never interleave; on PostgreSQL, commands use conditional
updates (`UPDATE ... WHERE version = :seen` or `WHERE quantity_committed + :q <= quantity`)
whose row locks make the second of two racing commands see the first one's result.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from datasources.tables import AuditEntry, IdempotencyKey


@asynccontextmanager
async def write_transaction(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A transaction that commits when the block ends and rolls back on any exception."""
    async with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # Take the write lock now: a deferred transaction that read first could fail
            # to upgrade its lock when another writer got there in between.
            await connection.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            await connection.rollback()
            raise
        await connection.commit()


async def audit(
    connection: AsyncConnection,
    *,
    actor_account_id: int | None,
    action: str,
    entity_type: str,
    entity_id: int,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Record who changed what (statuses and other small facts before and after)."""
    await connection.execute(
        insert(AuditEntry.__table__).values(
            actor_account_id=actor_account_id,
            action=action,
            entity_type=entity_type,
            entity_id=entity_id,
            before=before or {},
            after=after or {},
        )
    )


async def claim_idempotency_key(
    connection: AsyncConnection, *, account_id: int | None, mutation: str, key: str
) -> dict[str, Any] | None:
    """Claim `key` for this command; if a command with it already ran, its stored result.

    The unique index decides: a racing retry waits for the first transaction and then
    finds its row. The insert runs in a savepoint so a conflict leaves the transaction usable.
    """
    table = IdempotencyKey.__table__
    try:
        async with connection.begin_nested():
            await connection.execute(
                insert(table).values(account_id=account_id, mutation=mutation, key=key, result={})
            )
        return None
    except IntegrityError:
        found = await connection.execute(
            select(table.c.result).where(
                table.c.account_id == account_id, table.c.mutation == mutation, table.c.key == key
            )
        )
        return found.scalar_one()


async def remember_result(
    connection: AsyncConnection, *, account_id: int | None, mutation: str, key: str, result: dict[str, Any]
) -> None:
    table = IdempotencyKey.__table__
    await connection.execute(
        table.update()
        .where(table.c.account_id == account_id, table.c.mutation == mutation, table.c.key == key)
        .values(result=result)
    )


async def audit_status(
    connection: AsyncConnection,
    actor_account_id: int | None,
    action: str,
    entity: tuple[str, int],
    before: str | None,
    after: str,
    **facts: Any,
) -> None:
    """An audit entry for a status change of `entity` (type name, id), with small facts beside it."""
    await audit(
        connection,
        actor_account_id=actor_account_id,
        action=action,
        entity_type=entity[0],
        entity_id=entity[1],
        before={"status": before} if before else None,
        after={"status": after, **{key: value for key, value in facts.items() if value is not None}},
    )


async def audit_all(connection: AsyncConnection, entries: Sequence[dict[str, Any]]) -> None:
    """The audit entries of many changes in one statement; each takes `audit`'s keyword arguments."""
    if entries:
        rows = [{"before": {}, "after": {}, **entry} for entry in entries]
        await connection.execute(insert(AuditEntry.__table__), rows)


async def audit_statuses(
    connection: AsyncConnection,
    actor_account_id: int | None,
    action: str,
    entity_type: str,
    entity_ids: list[int],
    before: str,
    after: str,
    **facts: Any,
) -> None:
    """One audit entry per entity for the same status change, written in one statement."""
    known = {key: value for key, value in facts.items() if value is not None}
    await audit_all(
        connection,
        [
            {
                "actor_account_id": actor_account_id,
                "action": action,
                "entity_type": entity_type,
                "entity_id": entity_id,
                "before": {"status": before},
                "after": {"status": after, **known},
            }
            for entity_id in entity_ids
        ],
    )
