"""Writing a built dataset: Core executemany in chunks, one transaction."""

from __future__ import annotations

from sqlalchemy import insert, literal, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from datasources.seed.context import TABLES, Row
from datasources.seed.districts import district_rows
from datasources.tables import metadata

CHUNK = 5000
REFERENCE_TABLES = ("districts",)  # present in every usable database; not "data"


class DatabaseNotEmpty(ValueError):
    """Seeding only ever fills an empty database; it never mixes demo rows into real ones."""


async def is_empty(engine: AsyncEngine) -> bool:
    """True when no table holds rows, apart from the district reference data."""
    async with engine.connect() as connection:
        return await _is_empty(connection)


async def _is_empty(connection: AsyncConnection) -> bool:
    for table in metadata.sorted_tables:
        if table.name in REFERENCE_TABLES:
            continue
        found = await connection.execute(select(literal(1)).select_from(table).limit(1))
        if found.first() is not None:
            return False
    return True


async def write_dataset(engine: AsyncEngine, rows: dict[str, list[Row]]) -> None:
    async with engine.begin() as connection:
        if not await _is_empty(connection):
            raise DatabaseNotEmpty("it holds data already, and seeding only ever fills an empty database")
        if not await _districts_present(connection):
            await _insert(connection, "districts", rows["districts"])
        for name in TABLES:
            if name not in REFERENCE_TABLES:
                await _insert(connection, name, rows[name])
        if connection.dialect.name == "postgresql":
            await _advance_sequences(connection)


async def _districts_present(connection: AsyncConnection) -> bool:
    """Whether the districts are there already; if so they must be exactly ours."""
    table = metadata.tables["districts"]
    found = (await connection.execute(select(table.c.id, table.c.code))).all()
    if not found:
        return False
    if sorted(found) != [(row["id"], row["code"]) for row in district_rows()]:
        raise DatabaseNotEmpty("the districts table holds districts other than Beijing's 16")
    return True


async def _insert(connection: AsyncConnection, name: str, rows: list[Row]) -> None:
    statement = insert(metadata.tables[name])
    for start in range(0, len(rows), CHUNK):
        await connection.execute(statement, rows[start : start + CHUNK])


async def _advance_sequences(connection: AsyncConnection) -> None:
    """Ids were given explicitly, so move each id sequence past them for later inserts."""
    for name in TABLES:
        if "id" in metadata.tables[name].c:
            await connection.execute(
                text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), MAX(id)) FROM {name}")
            )
