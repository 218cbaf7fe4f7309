"""Races for the same units, settled by the database: concurrent requests through the app.

On PostgreSQL the requests' transactions really overlap (a conditional UPDATE waits for the
row lock, then re-checks its condition); on SQLite BEGIN IMMEDIATE makes them take turns.
Either way the outcome must be the same: never more committed than there is.
"""

from __future__ import annotations

import asyncio

from datasources.tables import AuditEntry, Engagement, Home, Organization, Resource
from tests.workflows.conftest import WorkflowClient
from tests.workflows.market import (
    add_demand,
    add_engagement,
    add_resource,
    cancel,
    codes,
    complete,
    propose,
    respond,
)

ENGAGEMENTS, RESOURCES, AUDIT = Engagement.__table__, Resource.__table__, AuditEntry.__table__


async def test_ten_accepts_racing_for_the_last_three_units_commit_exactly_three(
    graph: WorkflowClient,
) -> None:
    resource_id, _ = await add_resource(graph, "O1", quantity=3)
    engagements = []
    for index in range(10):
        demand_id, _ = await add_demand(graph, ("H1", "H2")[index % 2], quantity=1)
        engagements.append((await add_engagement(graph, demand_id, resource_id, "PROPOSED"))[1])

    payloads = await asyncio.gather(*(respond(graph, "o1", engagement) for engagement in engagements))

    accepted = [payload for payload in payloads if payload["userErrors"] == []]
    refused = [codes(payload) for payload in payloads if payload["userErrors"]]
    assert len(accepted) == 3
    assert refused == [[("LIMIT_REACHED", None)]] * 7
    resource = await graph.row(RESOURCES, resource_id)
    assert (resource["quantity_committed"], resource["status"]) == (3, "EXHAUSTED")
    rows = await graph.rows(ENGAGEMENTS, ENGAGEMENTS.c.resource_id == resource_id)
    assert sorted(row["status"] for row in rows) == ["ACCEPTED"] * 3 + ["PROPOSED"] * 7


async def test_two_accepts_of_one_engagement_racing_commit_once(graph: WorkflowClient) -> None:
    resource_id, resource = await add_resource(graph, "O1", quantity=5)
    _, demand = await add_demand(graph, "H1", quantity=5)
    engagement = (await propose(graph, "m1", demand, resource, 2))["engagement"]

    payloads = await asyncio.gather(
        respond(graph, "o1", engagement["id"]), respond(graph, "o1", engagement["id"])
    )

    outcomes = sorted(codes(payload) for payload in payloads)
    assert outcomes[0] == []
    assert outcomes[1] in ([("CONFLICT", None)], [("INVALID_STATE", None)])
    assert (await graph.row(RESOURCES, resource_id))["quantity_committed"] == 2
    accepts = await graph.rows(AUDIT, AUDIT.c.action == "acceptEngagement")
    assert len(accepts) == 1


async def test_both_sides_proposing_the_same_pair_at_once_make_one_engagement(graph: WorkflowClient) -> None:
    resource_id, resource = await add_resource(graph, "O1")
    _, demand = await add_demand(graph, "H1")

    payloads = await asyncio.gather(
        propose(graph, "m1", demand, resource), propose(graph, "o1", demand, resource)
    )

    assert sorted(codes(payload) for payload in payloads) == [[], [("DUPLICATE", ["input", "resourceId"])]]
    assert len(await graph.rows(ENGAGEMENTS, ENGAGEMENTS.c.resource_id == resource_id)) == 1


async def test_completing_and_cancelling_at_once_settle_it_one_way(graph: WorkflowClient) -> None:
    resource_id, resource = await add_resource(graph, "O1")
    _, demand = await add_demand(graph, "H1", quantity=1)
    engagement = (await propose(graph, "m1", demand, resource))["engagement"]
    await respond(graph, "o1", engagement["id"])

    done, called_off = await asyncio.gather(
        complete(graph, "m1", engagement["id"]), cancel(graph, "o1", engagement["id"])
    )

    assert sorted([done["userErrors"] == [], called_off["userErrors"] == []]) == [False, True]
    status = (await graph.rows(ENGAGEMENTS, ENGAGEMENTS.c.resource_id == resource_id))[0]["status"]
    home = await graph.row(Home.__table__, graph.world.ids["H1"])
    org = await graph.row(Organization.__table__, graph.world.ids["O1"])
    expected = (1, 0) if status == "COMPLETED" else (0, 1)
    for party in (home, org):
        assert (party["engagements_completed"], party["engagements_cancelled"]) == expected
    committed = (await graph.row(RESOURCES, resource_id))["quantity_committed"]
    assert committed == (1 if status == "COMPLETED" else 0)
