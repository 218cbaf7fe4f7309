"""The joining migration (0006): single-use codes, anonymous idempotency keys, consent, social
workers' verification; it goes down and up again, and keeps what was there."""

from __future__ import annotations

import importlib

import sqlalchemy as sa

from datasources.migrate import MIGRATIONS, upgrade
from tests.auth.world import build_world
from tests.databases import migrated_database
from tests.migrations.test_engagement_acceptances import downgrade

[_FILE] = (MIGRATIONS / "versions").glob("*_sign_up.py")
MIGRATION = importlib.import_module(f"datasources.migrations.versions.{_FILE.stem}")


def _columns(sync_connection: sa.Connection, table: str) -> set[str]:
    return {column["name"] for column in sa.inspect(sync_connection).get_columns(table)}


async def test_downgrade_and_upgrade_keep_the_social_workers_verified(tmp_path) -> None:  # type: ignore[no-untyped-def]
    async with migrated_database(tmp_path) as engine:
        await build_world(engine)
        await downgrade(engine, MIGRATION.down_revision)
        async with engine.connect() as connection:
            tables = await connection.run_sync(lambda sync: set(sa.inspect(sync).get_table_names()))
            assert "one_time_codes" not in tables
            assert "verification_status" not in await connection.run_sync(_columns, "social_workers")
        await upgrade(engine)
        async with engine.connect() as connection:
            assert "consent_version" in await connection.run_sync(_columns, "accounts")
            statuses = await connection.execute(
                sa.text("SELECT DISTINCT verification_status FROM social_workers")
            )
            assert statuses.scalars().all() == ["VERIFIED"]
            count = await connection.execute(sa.text("SELECT COUNT(*) FROM one_time_codes"))
            assert count.scalar_one() == 0
