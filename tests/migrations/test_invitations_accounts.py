"""The invitations-and-accounts migration (0007): the invitations table and the accounts' two
versions; down and up again keeps the accounts."""

from __future__ import annotations

import importlib

import sqlalchemy as sa

from datasources.migrate import MIGRATIONS, upgrade
from tests.auth.world import build_world
from tests.databases import migrated_database
from tests.migrations.test_engagement_acceptances import downgrade

[_FILE] = (MIGRATIONS / "versions").glob("*_invitations_accounts.py")
MIGRATION = importlib.import_module(f"datasources.migrations.versions.{_FILE.stem}")


def _shape(sync_connection: sa.Connection) -> tuple[set[str], set[str]]:
    inspector = sa.inspect(sync_connection)
    return set(inspector.get_table_names()), {column["name"] for column in inspector.get_columns("accounts")}


async def test_downgrade_drops_invitations_and_versions_and_upgrade_brings_them_back(tmp_path) -> None:  # type: ignore[no-untyped-def]
    async with migrated_database(tmp_path) as engine:
        await build_world(engine)
        await downgrade(engine, MIGRATION.down_revision)
        async with engine.connect() as connection:
            tables, columns = await connection.run_sync(_shape)
            assert "invitations" not in tables and not {"version", "token_version"} & columns
            assert (await connection.execute(sa.text("SELECT COUNT(*) FROM accounts"))).scalar_one() == 10
        await upgrade(engine)
        async with engine.connect() as connection:
            tables, columns = await connection.run_sync(_shape)
            assert "invitations" in tables and {"version", "token_version"} <= columns
            versions = (
                await connection.execute(sa.text("SELECT DISTINCT version, token_version FROM accounts"))
            ).all()
            assert [tuple(row) for row in versions] == [(1, 0)]
