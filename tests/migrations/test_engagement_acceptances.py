"""The engagement-acceptances migration (0004): each side's acceptance of an engagement,
filled in from what older rows say."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import command
from sqlalchemy.ext.asyncio import AsyncEngine

from datasources.columns import UTCDateTime
from datasources.migrate import MIGRATIONS, alembic_config, upgrade
from datasources.tables import Engagement
from tests.auth.world import build_world
from tests.databases import migrated_database

# Found by name, whatever its number (revisions may be renumbered when branches merge).
[_FILE] = (MIGRATIONS / "versions").glob("*_engagement_acceptances.py")
MIGRATION = importlib.import_module(f"datasources.migrations.versions.{_FILE.stem}")
T0 = datetime(2026, 11, 1, tzinfo=UTC)
T1 = T0 + timedelta(days=2)
# The engagements table as it was before the migration.
OLD = sa.table(
    "engagements",
    *(
        sa.column(name)
        for name in ("demand_id", "resource_id", "status", "initiated_by", "quantity", "note", "version")
    ),
    sa.column("proposed_at", UTCDateTime()),
    sa.column("responded_at", UTCDateTime()),
)


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    def run(sync_connection):  # type: ignore[no-untyped-def]
        config = alembic_config(str(engine.url))
        config.attributes["connection"] = sync_connection
        command.downgrade(config, revision)

    async with engine.begin() as connection:
        await connection.run_sync(run)


async def test_older_rows_get_the_acceptances_they_imply(tmp_path) -> None:  # type: ignore[no-untyped-def]
    async with migrated_database(tmp_path) as engine:
        world = await build_world(engine)
        await downgrade(engine, MIGRATION.down_revision)
        pair = {
            "demand_id": world.ids["D_H1"],
            "resource_id": world.ids["R_O1"],
            "quantity": 1,
            "note": "",
            "version": 1,
        }
        cases = [  # (initiated by, status, responded) -> (requester accepted, provider accepted)
            ("REQUESTER", "PROPOSED", None, (T0, None)),
            ("REQUESTER", "ACCEPTED", T1, (T0, T1)),
            ("PROVIDER", "COMPLETED", T1, (T1, T0)),
            ("PROVIDER", "DECLINED", T1, (None, T0)),
            ("REQUESTER", "CANCELLED", None, (T0, None)),  # cancelled while proposed
        ]
        async with engine.begin() as connection:
            for initiated_by, status, responded, _ in cases:
                values = {
                    **pair,
                    "initiated_by": initiated_by,
                    "status": status,
                    "proposed_at": T0,
                    "responded_at": responded,
                }
                await connection.execute(sa.insert(OLD).values(**values))
        await upgrade(engine)
        table = Engagement.__table__
        async with engine.connect() as connection:
            rows = (
                await connection.execute(
                    sa.select(table.c.requester_accepted_at, table.c.provider_accepted_at)
                    .where(table.c.proposed_at == T0)
                    .order_by(table.c.id)
                )
            ).all()
        assert [tuple(row) for row in rows] == [expected for *_, expected in cases]
