"""Throw-away databases for tests: a SQLite file, or an empty schema on PostgreSQL.

The suite runs on SQLite by default; set YWX_TEST_DATABASE_URL to a PostgreSQL URL
(postgresql+asyncpg://...) to run it there. Migrating takes most of a second, so it is not done
per test: on SQLite the migrations run once per test process, into a template file that each
test's database is a copy of; on PostgreSQL each test gets a schema of its own (nothing needs
CREATEDB rights), migrated once and then emptied (rows deleted, sequences reset) and handed to
the next test, unless the test changed its structure (a migration test), when it is dropped.
"""

from __future__ import annotations

import asyncio
import atexit
import os
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlmodel import SQLModel

import datasources.tables  # noqa: F401 - every table on SQLModel.metadata
from datasources.db import create_engine
from datasources.migrate import upgrade

POSTGRES_URL = os.environ.get("YWX_TEST_DATABASE_URL")


@asynccontextmanager
async def migrated_database(directory: Path) -> AsyncIterator[AsyncEngine]:
    """A new, empty, migrated database; dropped afterwards."""
    if not POSTGRES_URL:
        path = directory / f"{uuid.uuid4().hex}.db"
        shutil.copyfile(await _migrated_sqlite_template(), path)
        engine = create_engine(f"sqlite+aiosqlite:///{path}")
        try:
            yield engine
        finally:
            await engine.dispose()
        return
    admin = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        schema = _emptied_schemas.pop() if _emptied_schemas else await _new_schema(admin)
        engine = create_async_engine(
            POSTGRES_URL, connect_args={"server_settings": {"search_path": schema}}, pool_size=10
        )
        try:
            yield engine
        finally:
            await engine.dispose()
            await _empty_or_drop(admin, schema)
    finally:
        await admin.dispose()


# PostgreSQL schemas of this process, migrated and empty, waiting for the next test; and the
# structure (tables, columns, types) a freshly migrated schema has, to know a schema is reusable.
_emptied_schemas: list[str] = []
_every_schema: set[str] = set()
_migrated_structure: list[tuple] | None = None


async def _new_schema(admin: AsyncEngine) -> str:
    global _migrated_structure
    schema = f"t_{uuid.uuid4().hex[:12]}"
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    _every_schema.add(schema)
    if len(_every_schema) == 1:
        atexit.register(_drop_schemas)
    engine = create_async_engine(POSTGRES_URL, connect_args={"server_settings": {"search_path": schema}})
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()
    if _migrated_structure is None:
        _migrated_structure = await _structure(admin, schema)
    return schema


async def _structure(admin: AsyncEngine, schema: str) -> list[tuple]:
    async with admin.connect() as connection:
        found = await connection.execute(
            text(
                "SELECT c.relname, a.attname, a.atttypid, a.attnotnull FROM pg_attribute a "
                "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = :schema AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped "
                "ORDER BY c.relname, a.attname"
            ),
            {"schema": schema},
        )
        version = await connection.execute(text(f'SELECT version_num FROM "{schema}".alembic_version'))
        return [tuple(row) for row in found] + [tuple(row) for row in version]


async def _empty_or_drop(admin: AsyncEngine, schema: str) -> None:
    try:
        reusable = await _structure(admin, schema) == _migrated_structure
    except Exception:
        reusable = False
    async with admin.connect() as connection:
        if not reusable:
            await connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            _every_schema.discard(schema)
            return
        # DELETE in dependency order: on tables this small much faster than one TRUNCATE.
        for table in reversed(SQLModel.metadata.sorted_tables):
            await connection.execute(text(f'DELETE FROM "{schema}"."{table.name}"'))
        await connection.execute(
            text(
                "SELECT setval(format('%I.%I', schemaname, sequencename)::regclass, 1, false) "
                "FROM pg_sequences WHERE schemaname = :schema"
            ),
            {"schema": schema},
        )
    _emptied_schemas.append(schema)


def _drop_schemas() -> None:
    """At exit: drop the schemas this process made (a new event loop: the tests' loops are gone)."""

    async def drop() -> None:
        admin = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        try:
            async with admin.connect() as connection:
                for schema in sorted(_every_schema):
                    await connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        finally:
            await admin.dispose()

    asyncio.run(drop())


_sqlite_template: Path | None = None


async def _migrated_sqlite_template() -> Path:
    """A SQLite file holding the migrated, empty schema (made on first use, removed at exit)."""
    global _sqlite_template
    if _sqlite_template is None:
        folder = tempfile.mkdtemp(prefix="ywx-test-template-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        path = Path(folder) / "migrated.db"
        engine = create_engine(f"sqlite+aiosqlite:///{path}")
        try:
            await upgrade(engine)
        finally:
            await engine.dispose()  # closing the last connection folds the WAL into the file
        _sqlite_template = path
    return _sqlite_template


class StatementCounter:
    """Counts the SQL statements an engine executes while `counting` is on."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.statements: list[str] = []
        self.counting = False
        event.listen(engine.sync_engine, "before_cursor_execute", self._record)

    def _record(self, _conn, _cursor, statement, _params, _context, _executemany) -> None:  # type: ignore[no-untyped-def]
        if self.counting:
            self.statements.append(statement)

    @asynccontextmanager
    async def count(self) -> AsyncIterator[list[str]]:
        self.statements = []
        self.counting = True
        try:
            yield self.statements
        finally:
            self.counting = False
