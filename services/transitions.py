"""Moving a row from one status to the next: checked by the state machine, written with a condition.

`move` re-checks in its UPDATE what the command read (the status, and the version where the
table has one), so of two racing commands the second changes nothing and gets CONFLICT.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from datasources.writes import audit
from domain.problems import Problem, Rejected, UserErrorCode
from domain.workflows.states import Machine, next_status


def conflict(field: str | None = None) -> Rejected:
    return Rejected(Problem(UserErrorCode.CONFLICT, "conflict", ("input", field) if field else None))


def refuse(problems: list[Problem]) -> Rejected:
    """Why a conditional write found no row, as the rules explain it from the row re-read;
    CONFLICT if they find nothing wrong (it changed again in between)."""
    return Rejected(problems) if problems else conflict()


async def move(
    connection: AsyncConnection,
    *,
    table: Table,
    row: Row,
    machine: Machine,
    action: str,
    actor_account_id: int | None,
    entity_type: str,
    expected_version: int | None = None,
    values: dict[str, Any] | None = None,
    facts: dict[str, Any] | None = None,
) -> str:
    """Move `row` by `action`; the new status. `values`: other columns to set; `facts`: for the audit."""
    versioned = "version" in table.c
    if versioned and expected_version is not None and expected_version != row.version:
        raise conflict("expectedVersion")
    status = next_status(machine, row.status, action)
    conditions = [table.c.id == row.id, table.c.status == row.status]
    changes = {"status": status, **(values or {})}
    if versioned:
        conditions.append(table.c.version == row.version)
        changes["version"] = row.version + 1
    result = await connection.execute(update(table).where(*conditions).values(**changes))
    if result.rowcount != 1:
        raise conflict("expectedVersion" if expected_version is not None else None)
    await audit(
        connection,
        actor_account_id=actor_account_id,
        action=f"{action}{entity_type}",  # e.g. acceptEngagement
        entity_type=entity_type,
        entity_id=row.id,
        before={"status": row.status},
        after={"status": status, **(facts or {})},
    )
    return status
