"""Resources past their window become EXPIRED: one conditional UPDATE, audited row by row.

Run by the app's lifespan on a timer and by `yiwuxian expire-resources`. The UPDATE re-checks
the status itself, so a sweep racing a withdrawal or another sweep never expires a row twice.
Matching does not wait for the sweep: it never offers a resource whose `available_until`
has passed (datasources/queries/candidates.py, domain/matching/filters.py).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from datasources.tables import AuditEntry, Resource
from datasources.writes import write_transaction
from domain.enums import ResourceStatus
from domain.workflows.states import RESOURCE, next_status

ACTION = "expire"


async def expire_resources(connection: AsyncConnection, now: datetime) -> list[int]:
    """Expire every PUBLISHED resource whose window ended before `now`; their ids."""
    table = Resource.__table__
    before = ResourceStatus.PUBLISHED
    after = next_status(RESOURCE, before, ACTION)
    result = await connection.execute(
        table.update()
        .where(table.c.status == before, table.c.available_until < now)
        .values(status=after, version=table.c.version + 1, updated_at=now)
        .returning(table.c.id)
    )
    ids = sorted(result.scalars().all())
    if ids:
        await connection.execute(
            insert(AuditEntry.__table__),
            [
                {
                    "actor_account_id": None,
                    "action": "expireResource",
                    "entity_type": "Resource",
                    "entity_id": resource_id,
                    "before": {"status": before},
                    "after": {"status": after},
                }
                for resource_id in ids
            ],
        )
    return ids


async def sweep(engine: AsyncEngine, now: datetime | None = None) -> list[int]:
    """One sweep in its own transaction."""
    async with write_transaction(engine) as connection:
        return await expire_resources(connection, now or datetime.now(UTC))
