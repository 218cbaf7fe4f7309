"""Throw-away databases for tests: a SQLite file, or a fresh schema on PostgreSQL.

The suite runs on SQLite by default; set YWX_TEST_DATABASE_URL to a PostgreSQL URL
(postgresql+asyncpg://...) to run it there. Each database gets its own schema, so tests
never see each other's rows and nothing needs CREATEDB rights. On SQLite the migrations run
once per test process, into a template file that each test's database is a copy of.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from datasources.db import create_engine
from datasources.migrate import upgrade

POSTGRES_URL = os.environ.get("YWX_TEST_DATABASE_URL")


def backend_name() -> str:
    return make_url(POSTGRES_URL).get_backend_name() if POSTGRES_URL else "sqlite"


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
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = create_async_engine(
        POSTGRES_URL, connect_args={"server_settings": {"search_path": schema}}, pool_size=10
    )
    try:
        await upgrade(engine)
        yield engine
    finally:
        await engine.dispose()
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()


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
