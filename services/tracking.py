"""Inserting a row under a new random tracking code (appeals, complaints), drawn again on a collision."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from domain.workflows.appeals import new_tracking_code

TRACKING_CODE_ATTEMPTS = 3  # a collision of two random codes is ~1e-15; retrying is cheap


async def insert_with_fresh_code(connection: AsyncConnection, table: Table, values: dict[str, Any]) -> int:
    """Insert the row under a new random `tracking_code`; its primary key."""
    for _ in range(TRACKING_CODE_ATTEMPTS - 1):
        try:
            async with connection.begin_nested():
                return await _insert(connection, table, values)
        except IntegrityError:
            continue
    return await _insert(connection, table, values)


async def _insert(connection: AsyncConnection, table: Table, values: dict[str, Any]) -> int:
    statement = insert(table).returning(table.c.id)
    found = await connection.execute(statement, {**values, "tracking_code": new_tracking_code()})
    return found.scalar_one()
