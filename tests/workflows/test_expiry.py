"""Resources past their window become EXPIRED: the sweep, the app's timer and the console command."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime, timedelta

from app import expire_periodically
from datasources.tables import AuditEntry, Resource
from services.expiry import sweep
from tests.workflows.conftest import WorkflowClient

RESOURCES = Resource.__table__
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


async def _set_window(graph: WorkflowClient, name: str, until: datetime | None) -> int:
    pk = graph.world.ids[name]
    await graph.build.change(Resource, pk, available_until=until)
    return pk


async def test_sweep_expires_only_published_resources_past_their_window(graph: WorkflowClient) -> None:
    past = await _set_window(graph, "R_S1", NOW - timedelta(minutes=1))
    future = await _set_window(graph, "R_O1", NOW + timedelta(days=1))
    draft = await _set_window(graph, "R_draft", NOW - timedelta(days=1))
    withdrawn = await _set_window(graph, "R_O3", NOW - timedelta(days=1))
    open_ended = graph.world.ids["RV_O1"]

    assert await sweep(graph.engine, NOW) == [past]

    expired = await graph.row(RESOURCES, past)
    assert (expired["status"], expired["version"]) == ("EXPIRED", 2)
    assert expired["updated_at"] == NOW
    untouched = {future: "PUBLISHED", draft: "DRAFT", withdrawn: "WITHDRAWN", open_ended: "PUBLISHED"}
    for pk, status in untouched.items():
        row = await graph.row(RESOURCES, pk)
        assert (row["status"], row["version"]) == (status, 1)

    audit = AuditEntry.__table__
    entries = await graph.rows(audit, audit.c.entity_type == "Resource", audit.c.action == "expireResource")
    assert [(e["entity_id"], e["before"], e["after"], e["actor_account_id"]) for e in entries] == [
        (past, {"status": "PUBLISHED"}, {"status": "EXPIRED"}, None)
    ]


async def test_a_second_sweep_changes_nothing(graph: WorkflowClient) -> None:
    pk = await _set_window(graph, "R_S1", NOW - timedelta(hours=1))
    assert await sweep(graph.engine, NOW) == [pk]
    assert await sweep(graph.engine, NOW + timedelta(days=1)) == []
    assert (await graph.row(RESOURCES, pk))["version"] == 2


async def test_a_window_ending_exactly_now_is_not_yet_expired(graph: WorkflowClient) -> None:
    pk = await _set_window(graph, "R_S1", NOW)
    assert await sweep(graph.engine, NOW) == []
    assert (await graph.row(RESOURCES, pk))["status"] == "PUBLISHED"


async def test_concurrent_sweeps_expire_each_resource_once(graph: WorkflowClient) -> None:
    pk = await _set_window(graph, "R_S1", NOW - timedelta(hours=1))
    results = await asyncio.gather(*(sweep(graph.engine, NOW) for _ in range(4)))
    assert sorted(expired for ids in results for expired in ids) == [pk]
    assert (await graph.row(RESOURCES, pk))["version"] == 2
    audit = AuditEntry.__table__
    assert len(await graph.rows(audit, audit.c.action == "expireResource")) == 1


async def test_the_app_timer_sweeps_until_cancelled(graph: WorkflowClient) -> None:
    pk = await _set_window(graph, "R_S1", datetime.now(UTC) - timedelta(hours=1))
    timer = asyncio.create_task(expire_periodically(graph.engine, 0.01))
    try:
        for _ in range(200):
            if (await graph.row(RESOURCES, pk))["status"] == "EXPIRED":
                break
            await asyncio.sleep(0.01)
    finally:
        timer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await timer
    assert timer.cancelled()
    assert (await graph.row(RESOURCES, pk))["status"] == "EXPIRED"
