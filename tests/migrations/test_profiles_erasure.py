"""The profiles-and-erasure migration: participants' versions, accounts' erasure time and the
erased refs come and go; rows already there start at version 1."""

from __future__ import annotations

import importlib

import sqlalchemy as sa

from datasources.migrate import MIGRATIONS, upgrade
from tests.auth.world import build_world
from tests.databases import migrated_database
from tests.migrations.test_engagement_acceptances import downgrade

[_FILE] = (MIGRATIONS / "versions").glob("*_profiles_erasure.py")
MIGRATION = importlib.import_module(f"datasources.migrations.versions.{_FILE.stem}")
VERSIONED = ("homes", "organizations", "social_workers", "volunteers")


def _columns(sync_connection: sa.Connection) -> dict[str, set[str]]:
    inspector = sa.inspect(sync_connection)
    return {table: {c["name"] for c in inspector.get_columns(table)} for table in inspector.get_table_names()}


async def test_downgrade_takes_the_columns_away_and_upgrade_brings_them_back(tmp_path) -> None:  # type: ignore[no-untyped-def]
    async with migrated_database(tmp_path) as engine:
        await build_world(engine)
        await downgrade(engine, MIGRATION.down_revision)
        async with engine.connect() as connection:
            columns = await connection.run_sync(_columns)
        assert "erased_refs" not in columns
        assert "erased_at" not in columns["accounts"]
        assert all("version" not in columns[table] for table in VERSIONED)
        await upgrade(engine)
        async with engine.connect() as connection:
            columns = await connection.run_sync(_columns)
            versions = (
                await connection.execute(sa.text("SELECT DISTINCT version FROM volunteers"))
            ).scalars()
            assert list(versions) == [1]
        assert "erased_refs" in columns and "erased_at" in columns["accounts"]
        assert all("version" in columns[table] for table in VERSIONED)
