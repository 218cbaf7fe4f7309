"""The complaints migration (0005): it adds the two tables and takes them away again."""

from __future__ import annotations

import importlib

import sqlalchemy as sa

from datasources.migrate import MIGRATIONS, upgrade
from tests.auth.world import build_world
from tests.databases import migrated_database
from tests.migrations.test_engagement_acceptances import downgrade

[_FILE] = (MIGRATIONS / "versions").glob("*_complaints.py")
MIGRATION = importlib.import_module(f"datasources.migrations.versions.{_FILE.stem}")
TABLES = {"complaints", "complaint_actions"}


def _tables(sync_connection: sa.Connection) -> set[str]:
    return set(sa.inspect(sync_connection).get_table_names())


async def test_downgrade_drops_the_tables_and_upgrade_brings_them_back(tmp_path) -> None:  # type: ignore[no-untyped-def]
    async with migrated_database(tmp_path) as engine:
        await build_world(engine)  # holds complaint CP1
        await downgrade(engine, MIGRATION.down_revision)
        async with engine.connect() as connection:
            assert not TABLES & await connection.run_sync(_tables)
            assert "organizations" in await connection.run_sync(_tables)
        await upgrade(engine)
        async with engine.connect() as connection:
            assert await connection.run_sync(_tables) >= TABLES
            assert (await connection.execute(sa.text("SELECT COUNT(*) FROM complaints"))).scalar_one() == 0
