"""Small helpers the seed tests share: run SQL, digest a whole database."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from datasources.tables import metadata


async def fetch(engine: AsyncEngine, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    async with engine.connect() as connection:
        return [tuple(row) for row in await connection.execute(text(sql), params)]


async def table_rows(engine: AsyncEngine, name: str) -> list[dict[str, Any]]:
    """Every row of a table, typed by its columns (UTC datetimes, parsed JSON), by key."""
    table = metadata.tables[name]
    async with engine.connect() as connection:
        result = await connection.execute(select(table).order_by(*table.primary_key.columns))
        return [dict(row) for row in result.mappings()]


async def counts(engine: AsyncEngine) -> dict[str, int]:
    async with engine.connect() as connection:
        return {
            table.name: (await connection.execute(select(func.count()).select_from(table))).scalar_one()
            for table in metadata.sorted_tables
        }


async def digest(engine: AsyncEngine) -> str:
    """A fingerprint of every row in every table."""
    hasher = hashlib.sha256()
    for name in sorted(metadata.tables):
        for row in await table_rows(engine, name):
            # Seeded codes are random on purpose (a demo database's codes are its own).
            values = {k: v for k, v in row.items() if not (name == "one_time_codes" and k == "code_hash")}
            hasher.update(repr(sorted(values.items())).encode())
    return hasher.hexdigest()
