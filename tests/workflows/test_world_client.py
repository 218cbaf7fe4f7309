"""The workflow fixture gives each test its own database."""

from __future__ import annotations

from datasources.tables import Demand
from tests.workflows.conftest import WorkflowClient


async def test_each_test_gets_a_fresh_world(graph: WorkflowClient) -> None:
    row = await graph.row(Demand.__table__, graph.world.ids["D_draft"])
    assert row["status"] == "DRAFT"
    body = await graph.post("m1", "{ viewer { username } }")
    assert body["data"]["viewer"]["username"] == "user_m1"
