"""applyAllocationPlan: a reviewed plan becomes FEDERATION engagements, all of them or none,
each proposal checked again in the transaction; both sides must then accept."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from datasources.tables import AuditEntry, Demand, Engagement, Resource
from domain.global_ids import encode
from domain.workflows.allocations import MAX_PROPOSALS
from tests.workflows.conftest import WorkflowClient
from tests.workflows.market import (
    add_demand,
    add_engagement,
    add_resource,
    codes,
    mutation,
    propose,
    respond,
)

ENGAGEMENTS, RESOURCES, DEMANDS = Engagement.__table__, Resource.__table__, Demand.__table__
AUDIT = AuditEntry.__table__
FIELDS = (
    "id status initiatedBy quantity note requesterAcceptedAt providerAcceptedAt demand { id } resource { id }"
)
APPLY = mutation("applyAllocationPlan", "ApplyAllocationPlanInput", f"engagements {{ {FIELDS} }}")
PLAN = """
query($input: AllocationPlanInput!) {
  allocationPlan(input: $input) { proposals { quantity demand { id } resource { id } } }
}
"""


async def apply(graph: WorkflowClient, viewer: str, proposals: list[dict[str, Any]], **extra: Any):
    variables = {"input": {"proposals": proposals, **extra}}
    return await graph.mutate(viewer, "applyAllocationPlan", APPLY, variables)


def proposal(demand: str, resource: str, quantity: int = 1) -> dict[str, Any]:
    return {"demandId": demand, "resourceId": resource, "quantity": quantity}


async def federation_rows(graph: WorkflowClient) -> list[dict[str, Any]]:
    return await graph.rows(ENGAGEMENTS, ENGAGEMENTS.c.initiated_by == "FEDERATION")


# The happy path ---------------------------------------------------------------------------------


async def test_a_reviewed_plan_becomes_proposed_engagements_that_both_sides_accept(
    graph: WorkflowClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    resources = [await add_resource(graph, "O1", quantity=3) for _ in range(2)]
    demands = [await add_demand(graph, home, quantity=2) for home in ("H1", "H2", "H1")]
    response = await graph.http.post(
        "/graphql",
        json={"query": PLAN, "variables": {"input": {"category": "PROFESSIONAL_SERVICE"}}},
        headers=graph.world.headers("supervisor"),
    )
    plan = response.json()["data"]["allocationPlan"]["proposals"]
    ours = {gid for _, gid in demands}
    reviewed = [
        proposal(p["demand"]["id"], p["resource"]["id"], p["quantity"])
        for p in plan
        if p["demand"]["id"] in ours
    ]
    assert sum(p["quantity"] for p in reviewed) == 6  # the plan fills all three demands
    dropped, kept = reviewed[0], reviewed[1:]  # the reviewer drops one
    published: list[tuple[str, dict]] = []
    original = graph.broker.publish

    async def spy(channel: str, message: dict) -> None:
        published.append((channel, message))
        await original(channel, message)

    monkeypatch.setattr(graph.broker, "publish", spy)

    applied = await apply(graph, "supervisor", kept, note="本月调配")

    assert applied["userErrors"] == []
    engagements = applied["engagements"]
    assert [(e["demand"]["id"], e["resource"]["id"], e["quantity"]) for e in engagements] == [
        (p["demandId"], p["resourceId"], p["quantity"]) for p in kept
    ]
    assert {(e["status"], e["initiatedBy"], e["note"]) for e in engagements} == {
        ("PROPOSED", "FEDERATION", "本月调配")
    }
    assert all(e["requesterAcceptedAt"] is None and e["providerAcceptedAt"] is None for e in engagements)
    rows = await federation_rows(graph)
    assert len(rows) == len(kept)
    pairs = {(encode("Demand", row["demand_id"]), encode("Resource", row["resource_id"])) for row in rows}
    assert (dropped["demandId"], dropped["resourceId"]) not in pairs
    assert [(channel, m["mutation"]) for channel, m in published] == [
        ("Engagement", "applyAllocationPlan")
    ] * len(kept)
    assert sorted(m["pk"] for _, m in published) == sorted(row["id"] for row in rows)
    audit = await graph.rows(AUDIT, AUDIT.c.action == "applyAllocationPlan")
    assert sorted(entry["entity_id"] for entry in audit) == sorted(row["id"] for row in rows)
    assert {(entry["after"]["status"], entry["after"]["initiatedBy"]) for entry in audit} == {
        ("PROPOSED", "FEDERATION")
    }
    for resource_id, _ in resources:  # nothing committed without the parties
        assert (await graph.row(RESOURCES, resource_id))["quantity_committed"] == 0

    first = next(e for e in engagements if e["resource"]["id"] in {gid for _, gid in resources})
    requester = "m1" if first["demand"]["id"] in (demands[0][1], demands[2][1]) else "m2"
    provider_said = await respond(graph, "o1", first["id"])
    assert provider_said["userErrors"] == []
    assert provider_said["engagement"]["status"] == "PROPOSED"
    assert (await respond(graph, requester, first["id"]))["engagement"]["status"] == "ACCEPTED"
    [row] = [row for row in await federation_rows(graph) if encode("Engagement", row["id"]) == first["id"]]
    assert (await graph.row(RESOURCES, row["resource_id"]))["quantity_committed"] == first["quantity"]
    assert (await graph.row(DEMANDS, row["demand_id"]))["quantity_matched"] == first["quantity"]


OUTSIDERS = [
    ("anonymous", "UNAUTHENTICATED"),
    *((viewer, "FORBIDDEN") for viewer in ("m1", "o1", "s1", "v1")),
]


@pytest.mark.parametrize(("viewer", "code"), OUTSIDERS)
async def test_only_admins_and_supervisors_may_apply(graph: WorkflowClient, viewer: str, code: str) -> None:
    _, resource = await add_resource(graph, "O1")
    _, demand = await add_demand(graph, "H1")
    payload = await apply(graph, viewer, [proposal(demand, resource)])
    assert (codes(payload), payload["engagements"]) == ([(code, None)], [])
    assert await federation_rows(graph) == []


@pytest.mark.parametrize("viewer", ["admin", "supervisor"])
async def test_staff_may_apply(graph: WorkflowClient, viewer: str) -> None:
    _, resource = await add_resource(graph, "O1")
    _, demand = await add_demand(graph, "H1")
    payload = await apply(graph, viewer, [proposal(demand, resource, 2)])
    assert payload["userErrors"] == []
    assert [row["quantity"] for row in await federation_rows(graph)] == [2]


async def test_a_retry_with_the_same_key_returns_the_first_result_and_creates_nothing(
    graph: WorkflowClient,
) -> None:
    _, resource = await add_resource(graph, "O1", quantity=4)
    _, demand = await add_demand(graph, "H1", quantity=2)
    _, other = await add_demand(graph, "H2", quantity=2)
    proposals = [proposal(demand, resource, 2), proposal(other, resource, 2)]

    first = await apply(graph, "admin", proposals, idempotencyKey="plan-2026-12")
    retry = await apply(graph, "admin", proposals, idempotencyKey="plan-2026-12")

    assert first["userErrors"] == [] and len(first["engagements"]) == 2
    assert retry == first
    assert len(await federation_rows(graph)) == 2
    assert len(await graph.rows(AUDIT, AUDIT.c.action == "applyAllocationPlan")) == 2
    again = await apply(graph, "admin", proposals, idempotencyKey="plan-2026-12b")  # a new attempt
    assert codes(again) == [("DUPLICATE", ["input", "proposals", str(i), "resourceId"]) for i in (0, 1)]


# Every bad proposal refuses the whole plan ------------------------------------------------------


async def _bad_proposal(graph: WorkflowClient, case: str) -> tuple[dict[str, Any], str]:
    """A proposal that breaks one rule, and the field it is reported at."""
    now = datetime.now(UTC)
    resource_id, resource = await add_resource(graph, "O1", quantity=3)
    demand_id, demand = await add_demand(graph, "H2", quantity=2)
    if case == "malformed demand id":
        return proposal("not-an-id", resource), "demandId"
    if case == "a resource id for a demand":
        return proposal(resource, resource), "demandId"
    if case == "unknown resource":
        return proposal(demand, encode("Resource", 999_999)), "resourceId"
    if case in ("no units", "too many units"):
        return proposal(demand, resource, 0 if case == "no units" else 100_001), "quantity"
    if case == "demand cancelled":
        await graph.build.change(Demand, demand_id, status="CANCELLED")
        return proposal(demand, resource), "demandId"
    if case == "demand draft":
        await graph.build.change(Demand, demand_id, status="DRAFT")
        return proposal(demand, resource), "demandId"
    if case == "demand already covered":
        await graph.build.change(Demand, demand_id, status="MATCHED", quantity_matched=2)
        return proposal(demand, resource), "demandId"
    if case == "resource withdrawn":
        await graph.build.change(Resource, resource_id, status="WITHDRAWN")
        return proposal(demand, resource), "resourceId"
    if case == "resource past its window":
        await graph.build.change(Resource, resource_id, available_until=now - timedelta(hours=1))
        return proposal(demand, resource), "resourceId"
    if case == "resource starts after the demand's date":
        await graph.build.change(Demand, demand_id, needed_by=now + timedelta(days=2))
        await graph.build.change(Resource, resource_id, available_from=now + timedelta(days=9))
        return proposal(demand, resource), "resourceId"
    if case == "another category":
        _, venue = await add_resource(graph, "O1", category="VENUE")
        return proposal(demand, venue), "resourceId"
    if case == "out of the resource's area":
        far_id, far = await add_resource(graph, "O1")
        await graph.build.change(Resource, far_id, district_id=graph.world.rows["H1"]["district_id"] + 1)
        return proposal(demand, far), "resourceId"
    if case == "provider not active":
        _, pending = await add_resource(graph, "O2")
        return proposal(demand, pending), "resourceId"
    if case == "requester not active":
        _, pending = await add_demand(graph, "O2")
        return proposal(pending, resource), "demandId"
    if case == "the same party on both sides":
        _, own = await add_demand(graph, "O1")
        return proposal(own, resource), "resourceId"
    if case == "declined before":
        await add_engagement(graph, demand_id, resource_id, "DECLINED")
        return proposal(demand, resource), "resourceId"
    if case == "under way":
        await add_engagement(graph, demand_id, resource_id, "PROPOSED")
        return proposal(demand, resource), "resourceId"
    raise AssertionError(case)


BAD = {
    "malformed demand id": "INVALID",
    "a resource id for a demand": "INVALID",
    "unknown resource": "NOT_FOUND",
    "no units": "OUT_OF_RANGE",
    "too many units": "OUT_OF_RANGE",
    "demand cancelled": "INVALID_STATE",
    "demand draft": "INVALID_STATE",
    "demand already covered": "INVALID_STATE",
    "resource withdrawn": "INVALID_STATE",
    "resource past its window": "INVALID",
    "resource starts after the demand's date": "INVALID",
    "another category": "INVALID",
    "out of the resource's area": "INVALID",
    "provider not active": "INVALID_STATE",
    "requester not active": "INVALID_STATE",
    "the same party on both sides": "INVALID",
    "declined before": "INVALID_STATE",
    "under way": "DUPLICATE",
}


@pytest.mark.parametrize(("case", "code"), BAD.items(), ids=list(BAD))
async def test_one_bad_proposal_refuses_the_whole_plan(graph: WorkflowClient, case: str, code: str) -> None:
    _, good_resource = await add_resource(graph, "O1", quantity=3)
    _, good_demand = await add_demand(graph, "H1", quantity=2)
    bad, field = await _bad_proposal(graph, case)
    before = await graph.rows(ENGAGEMENTS)

    payload = await apply(graph, "supervisor", [proposal(good_demand, good_resource), bad])

    assert codes(payload) == [(code, ["input", "proposals", "1", field])]
    assert payload["engagements"] == []
    assert await graph.rows(ENGAGEMENTS) == before


async def test_the_units_of_a_resource_are_summed_over_the_plan(graph: WorkflowClient) -> None:
    resource_id, resource = await add_resource(graph, "O1", quantity=5)
    await graph.build.change(Resource, resource_id, quantity_committed=1)  # 4 left
    demands = [(await add_demand(graph, "H1", quantity=2))[1] for _ in range(3)]

    over = await apply(graph, "supervisor", [proposal(d, resource, 2) for d in demands])

    assert codes(over) == [("LIMIT_REACHED", ["input", "proposals", "2", "quantity"])]
    english = await graph.mutate(
        "supervisor",
        "applyAllocationPlan",
        APPLY,
        {"input": {"proposals": [proposal(d, resource, 2) for d in demands]}},
        **{"accept-language": "en"},
    )
    assert english["userErrors"][0]["message"] == "Only 0 of the resource are left for this proposal"
    assert await federation_rows(graph) == []
    fits = await apply(
        graph, "supervisor", [proposal(demands[0], resource, 2), proposal(demands[1], resource, 2)]
    )
    assert fits["userErrors"] == [] and len(fits["engagements"]) == 2


async def test_the_need_of_a_demand_is_summed_over_the_plan(graph: WorkflowClient) -> None:
    _, demand = await add_demand(graph, "H1", quantity=3)
    resources = [(await add_resource(graph, "O1", quantity=3))[1] for _ in range(2)]
    over = await apply(
        graph, "supervisor", [proposal(demand, resources[0], 2), proposal(demand, resources[1], 2)]
    )
    assert codes(over) == [("LIMIT_REACHED", ["input", "proposals", "1", "quantity"])]
    assert await federation_rows(graph) == []


async def test_a_pair_given_twice_is_a_duplicate(graph: WorkflowClient) -> None:
    _, resource = await add_resource(graph, "O1", quantity=3)
    _, demand = await add_demand(graph, "H1", quantity=3)
    payload = await apply(graph, "supervisor", [proposal(demand, resource), proposal(demand, resource)])
    assert codes(payload) == [("DUPLICATE", ["input", "proposals", "1", "resourceId"])]
    assert await federation_rows(graph) == []


async def test_every_bad_proposal_is_reported_at_once(graph: WorkflowClient) -> None:
    _, resource = await add_resource(graph, "O1")
    _, demand = await add_demand(graph, "H1")
    payload = await apply(
        graph,
        "supervisor",
        [
            proposal("bad", resource),
            proposal(demand, resource, 0),
            proposal(demand, encode("Resource", 999_999)),
        ],
    )
    assert codes(payload) == [
        ("INVALID", ["input", "proposals", "0", "demandId"]),
        ("OUT_OF_RANGE", ["input", "proposals", "1", "quantity"]),
    ]  # the shape first; then what the database says
    second = await apply(
        graph, "supervisor", [proposal(demand, encode("Resource", 999_999)), proposal(demand, resource)]
    )
    assert codes(second) == [("NOT_FOUND", ["input", "proposals", "0", "resourceId"])]


async def test_an_empty_or_oversized_plan_is_refused(graph: WorkflowClient) -> None:
    _, resource = await add_resource(graph, "O1")
    _, demand = await add_demand(graph, "H1")
    assert codes(await apply(graph, "supervisor", [])) == [("REQUIRED", ["input", "proposals"])]
    oversized = await apply(graph, "supervisor", [proposal(demand, resource)] * (MAX_PROPOSALS + 1))
    assert codes(oversized) == [("LIMIT_REACHED", ["input", "proposals"])]
    long_note = await apply(graph, "supervisor", [proposal(demand, resource)], note="长" * 1001)
    assert codes(long_note) == [("TOO_LONG", ["input", "note"])]
    assert await federation_rows(graph) == []


# No N+1 -----------------------------------------------------------------------------------------


async def _plan_of(graph: WorkflowClient, size: int) -> list[dict[str, Any]]:
    _, resource = await add_resource(graph, "O1", quantity=size)
    return [
        proposal((await add_demand(graph, ("H1", "H2")[i % 2], quantity=1))[1], resource) for i in range(size)
    ]


async def test_applying_costs_the_same_statements_for_two_or_forty_proposals(graph: WorkflowClient) -> None:
    counts = []
    for size in (2, 40):
        proposals = await _plan_of(graph, size)
        async with graph.counter.count() as statements:
            payload = await apply(graph, "supervisor", proposals, idempotencyKey=f"size-{size}")
        assert payload["userErrors"] == [] and len(payload["engagements"]) == size
        counts.append(len(statements))
    assert counts[0] == counts[1], (counts, statements)
    assert counts[0] <= 25, counts


# Races ------------------------------------------------------------------------------------------


async def test_two_plans_racing_for_the_same_pair_create_one_engagement(graph: WorkflowClient) -> None:
    resource_id, resource = await add_resource(graph, "O1", quantity=3)
    _, demand = await add_demand(graph, "H1", quantity=3)

    payloads = await asyncio.gather(
        apply(graph, "admin", [proposal(demand, resource, 1)]),
        apply(graph, "supervisor", [proposal(demand, resource, 2)]),
    )

    assert sorted(codes(payload) for payload in payloads) == [
        [],
        [("DUPLICATE", ["input", "proposals", "0", "resourceId"])],
    ]
    assert len(await graph.rows(ENGAGEMENTS, ENGAGEMENTS.c.resource_id == resource_id)) == 1


async def test_a_plan_racing_a_proposal_of_the_same_pair_leaves_one_engagement(graph: WorkflowClient) -> None:
    resource_id, resource = await add_resource(graph, "O1", quantity=3)
    _, demand = await add_demand(graph, "H1", quantity=3)

    payloads = await asyncio.gather(
        apply(graph, "supervisor", [proposal(demand, resource, 1)]), propose(graph, "m1", demand, resource)
    )

    assert sorted(len(payload["userErrors"]) for payload in payloads) == [0, 1]
    assert len(await graph.rows(ENGAGEMENTS, ENGAGEMENTS.c.resource_id == resource_id)) == 1
