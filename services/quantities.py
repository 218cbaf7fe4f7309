"""Units changing hands: a resource's commitments, a demand's matched and fulfilled units.

Every change is one conditional UPDATE that re-checks the limit in the database, so racing
commands can never commit more than a resource has: of ten requests for its last three units,
three find the condition true and seven find no row (LIMIT_REACHED). The row stays locked
until the transaction ends, so the status that follows from the new quantities
(domain/workflows/accounting.py) is written from the same figures.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Table, func, literal, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from datasources.columns import UTCDateTime, utcnow
from datasources.tables import Demand, Resource
from datasources.writes import audit
from domain.workflows.accounting import demand_status, fulfilment_clock, resource_status
from domain.workflows.engagements import OFFERING, SEEKING, commit_problems, match_problems
from services.rows import read_row
from services.transitions import refuse

RESOURCES: Table = Resource.__table__
DEMANDS: Table = Demand.__table__


async def commit_units(
    connection: AsyncConnection, resource_id: int, units: int, *, actor: int | None
) -> None:
    """Promise `units` of a resource on offer; LIMIT_REACHED (or INVALID_STATE) if it cannot."""
    c = RESOURCES.c
    changed = await _shift(
        connection,
        RESOURCES,
        resource_id,
        {"quantity_committed": c.quantity_committed + units},
        c.status.in_(sorted(OFFERING)),
        c.quantity_committed + units <= c.quantity,
    )
    if changed is None:
        raise refuse(commit_problems(await read_row(connection, RESOURCES, resource_id), units, None))
    await _settle_resource(connection, changed, actor)


async def release_units(
    connection: AsyncConnection, resource_id: int, units: int, *, actor: int | None
) -> None:
    """Give back `units` promised earlier (a cancelled engagement, a withdrawn volunteer)."""
    c = RESOURCES.c
    changed = await _shift(
        connection,
        RESOURCES,
        resource_id,
        {"quantity_committed": c.quantity_committed - units},
        c.quantity_committed >= units,
    )
    await _settle_resource(connection, _held(changed, "resources", resource_id), actor)


async def match_units(connection: AsyncConnection, demand_id: int, units: int, *, actor: int | None) -> None:
    """Count `units` toward a demand that still needs them; LIMIT_REACHED (or INVALID_STATE) if not."""
    c = DEMANDS.c
    now = literal(utcnow(), UTCDateTime())
    changed = await _shift(
        connection,
        DEMANDS,
        demand_id,
        # The first match starts no clock again: time to match counts to the first one.
        {
            "quantity_matched": c.quantity_matched + units,
            "first_matched_at": func.coalesce(c.first_matched_at, now),
        },
        c.status.in_(sorted(SEEKING)),
        c.quantity_matched + units <= c.quantity,
    )
    if changed is None:
        raise refuse(match_problems(await read_row(connection, DEMANDS, demand_id), units, None))
    await _settle_demand(connection, changed, actor)


async def unmatch_units(
    connection: AsyncConnection, demand_id: int, units: int, *, actor: int | None
) -> None:
    """Take back `units` matched to a demand (a cancelled accepted engagement)."""
    c = DEMANDS.c
    changed = await _shift(
        connection,
        DEMANDS,
        demand_id,
        {"quantity_matched": c.quantity_matched - units},
        c.quantity_matched - units >= c.quantity_fulfilled,
    )
    await _settle_demand(connection, _held(changed, "demands", demand_id), actor)


async def fulfil_units(connection: AsyncConnection, demand_id: int, units: int, *, actor: int | None) -> None:
    """Count `units` matched to a demand as delivered (a completed engagement)."""
    c = DEMANDS.c
    changed = await _shift(
        connection,
        DEMANDS,
        demand_id,
        {"quantity_fulfilled": c.quantity_fulfilled + units},
        c.quantity_fulfilled + units <= c.quantity_matched,
    )
    await _settle_demand(connection, _held(changed, "demands", demand_id), actor)


async def _shift(
    connection: AsyncConnection, table: Table, pk: int, values: dict[str, Any], *conditions: ColumnElement
) -> Row | None:
    """UPDATE one row if `conditions` hold; the row as changed, or None."""
    c = table.c
    statement = (
        update(table)
        .where(c.id == pk, *conditions)
        .values(**values, version=c.version + 1, updated_at=utcnow())
        .returning(*c)
    )
    return (await connection.execute(statement)).one_or_none()


def _held(row: Row | None, table_name: str, pk: int) -> Row:
    """A release that finds nothing to release means the books are already wrong: a fault."""
    if row is None:
        raise RuntimeError(f"{table_name} {pk}: releasing more units than it holds")
    return row


async def _settle_resource(connection: AsyncConnection, row: Row, actor: int | None) -> None:
    status = resource_status(row.status, row.quantity, row.quantity_committed)
    await _set_status(connection, RESOURCES, row, status, actor, "Resource")


async def _settle_demand(connection: AsyncConnection, row: Row, actor: int | None) -> None:
    status = demand_status(row.status, row.quantity, row.quantity_matched, row.quantity_fulfilled)
    await _set_status(
        connection, DEMANDS, row, status, actor, "Demand", fulfilment_clock(row.status, status, utcnow())
    )


async def _set_status(
    connection: AsyncConnection,
    table: Table,
    row: Row,
    status: str,
    actor: int | None,
    entity_type: str,
    clocks: dict[str, Any] | None = None,
) -> None:
    """Write the status the quantities call for (the row is locked by the UPDATE before), and
    the moments it records."""
    if status == row.status:
        return
    await connection.execute(
        update(table).where(table.c.id == row.id).values(status=status, **(clocks or {}))
    )
    await audit(
        connection,
        actor_account_id=actor,
        action=f"account{entity_type}",
        entity_type=entity_type,
        entity_id=row.id,
        before={"status": row.status},
        after={"status": status},
    )
