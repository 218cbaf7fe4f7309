"""The insight-clocks migration (0010): older rows get their clocks from the audit log, the
engagements' dates and the replies."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from datasources.columns import UTCDateTime
from datasources.migrate import MIGRATIONS, upgrade
from datasources.tables import Appeal, AppealReply, AuditEntry, Demand, Engagement, Resource
from tests.auth.world import build_world
from tests.databases import migrated_database
from tests.migrations.test_engagement_acceptances import downgrade

# Found by name, whatever its number (revisions may be renumbered when branches merge).
[_FILE] = (MIGRATIONS / "versions").glob("*_insight_clocks.py")
MIGRATION = importlib.import_module(f"datasources.migrations.versions.{_FILE.stem}")
T0 = datetime(2026, 5, 1, tzinfo=UTC)
H = timedelta(hours=1)


def old(name: str, *moments: str) -> sa.TableClause:
    """A table as it was before the migration: the moments a test writes."""
    return sa.table(name, sa.column("id"), *(sa.column(moment, UTCDateTime()) for moment in moments))


async def test_older_rows_get_the_clocks_their_history_implies(tmp_path) -> None:  # type: ignore[no-untyped-def]
    async with migrated_database(tmp_path) as engine:
        world = await build_world(engine)
        await downgrade(engine, MIGRATION.down_revision)
        ids = world.ids
        demands = old("demands", "created_at")
        # These three tables are as they were: the migration only reads them.
        engagements, audit, replies = Engagement.__table__, AuditEntry.__table__, AppealReply.__table__
        async with engine.begin() as connection:
            await connection.execute(sa.update(demands).values(created_at=T0))
            published = {"action": "publishDemand", "entity_type": "Demand", "entity_id": ids["D_H1"]}
            for at in (T0, T0 + H):  # saved as a draft, then published
                await connection.execute(
                    sa.insert(audit).values(**published, before={}, after={}, created_at=at)
                )
            await connection.execute(sa.update(engagements).values(proposed_at=T0))
            for name, responded, completed in (
                ("E_active", T0 + 3 * H, None),  # D_H1's
                ("E_done", T0 + 2 * H, T0 + 5 * H),  # D_H2's
                ("E_declined", T0 + H, None),  # D_H2's, declined: never matched
            ):
                await connection.execute(
                    sa.update(engagements)
                    .where(engagements.c.id == ids[name])
                    .values(responded_at=responded, completed_at=completed)
                )
            for at in (T0 + 3 * H, T0 + H):
                await connection.execute(
                    sa.insert(replies).values(appeal_id=ids["AP1"], body="您好", created_at=at)
                )
        await upgrade(engine)
        async with engine.connect() as connection:
            d, r, a = Demand.__table__, Resource.__table__, Appeal.__table__
            clocks = sa.select(d.c.id, d.c.published_at, d.c.first_matched_at, d.c.fulfilled_at)
            found = {row.id: tuple(row)[1:] for row in await connection.execute(clocks)}
            resources = dict((await connection.execute(sa.select(r.c.id, r.c.published_at))).all())
            created = dict((await connection.execute(sa.select(r.c.id, r.c.created_at))).all())
            replied = (await connection.execute(sa.select(a.c.first_replied_at))).scalar_one()
        assert found[ids["D_H1"]] == (T0 + H, T0 + 3 * H, None)  # MATCHED: not fulfilled
        assert found[ids["D_H2"]] == (T0, T0 + 2 * H, T0 + 5 * H)  # no audit: its creation
        assert found[ids["D_draft"]] == (None, None, None)
        assert resources[ids["R_O1"]] == created[ids["R_O1"]] and resources[ids["R_draft"]] is None
        assert replied == T0 + H
