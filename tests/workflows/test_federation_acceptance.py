"""Two-party acceptance: an engagement the federation proposed (an applied allocation plan) is
ACCEPTED, and its units committed, only once both sides have accepted; either side's decline ends it."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from datasources.tables import AuditEntry, Demand, Engagement, Resource
from tests.workflows.conftest import WorkflowClient
from tests.workflows.market import add_demand, add_engagement, add_resource, codes, mutation, propose

ENGAGEMENTS, RESOURCES, DEMANDS = Engagement.__table__, Resource.__table__, Demand.__table__
AUDIT = AuditEntry.__table__
FIELDS = "id status initiatedBy note version respondedAt requesterAcceptedAt providerAcceptedAt"
RESPOND = mutation("respondToEngagement", "RespondToEngagementInput", f"engagement {{ {FIELDS} }}")
SIDES = {"requester": "m1", "provider": "o1"}


async def respond(
    graph: WorkflowClient, viewer: str, engagement: str, decision: str = "ACCEPT", **extra: Any
):
    variables = {"input": {"engagementId": engagement, "decision": decision, **extra}}
    return await graph.mutate(viewer, "respondToEngagement", RESPOND, variables)


async def federation_engagement(
    graph: WorkflowClient, *, units: int = 3, quantity: int = 2, need: int = 2
) -> tuple[int, int, int, str]:
    """(resource pk, demand pk, engagement pk, engagement global id): O1's resource, H1's demand."""
    resource_id, _ = await add_resource(graph, "O1", quantity=units)
    demand_id, _ = await add_demand(graph, "H1", quantity=need)
    engagement_id, engagement = await add_engagement(
        graph, demand_id, resource_id, "PROPOSED", quantity=quantity, initiated_by="FEDERATION"
    )
    return resource_id, demand_id, engagement_id, engagement


async def books(graph: WorkflowClient, resource_id: int, demand_id: int) -> tuple[int, int]:
    resource = await graph.row(RESOURCES, resource_id)
    demand = await graph.row(DEMANDS, demand_id)
    return resource["quantity_committed"], demand["quantity_matched"]


async def accept_audits(graph: WorkflowClient, engagement_id: int) -> list[tuple[str | None, str, str]]:
    rows = await graph.rows(AUDIT, AUDIT.c.entity_type == "Engagement", AUDIT.c.entity_id == engagement_id)
    return [(row["before"].get("status"), row["after"]["status"], row["after"]["acceptedBy"]) for row in rows]


@pytest.mark.parametrize("first", ["requester", "provider"])
async def test_it_is_accepted_when_the_second_side_accepts_in_either_order(
    graph: WorkflowClient, first: str
) -> None:
    second = "provider" if first == "requester" else "requester"
    resource_id, demand_id, engagement_id, engagement = await federation_engagement(graph)

    one = await respond(graph, SIDES[first], engagement, note="同意")
    assert one["userErrors"] == []
    half = one["engagement"]
    assert (half["status"], half["initiatedBy"], half["version"], half["note"]) == (
        "PROPOSED",
        "FEDERATION",
        2,
        "同意",
    )
    assert half[f"{first}AcceptedAt"] is not None
    assert half[f"{second}AcceptedAt"] is None
    assert half["respondedAt"] is None
    assert await books(graph, resource_id, demand_id) == (0, 0)

    two = await respond(graph, SIDES[second], engagement, note="也同意", expectedVersion=2)
    assert two["userErrors"] == []
    done = two["engagement"]
    assert (done["status"], done["version"], done["note"]) == ("ACCEPTED", 3, "同意\n也同意")
    assert done["requesterAcceptedAt"] and done["providerAcceptedAt"] and done["respondedAt"]
    assert await books(graph, resource_id, demand_id) == (2, 2)
    assert await accept_audits(graph, engagement_id) == [
        ("PROPOSED", "PROPOSED", first.upper()),
        ("PROPOSED", "ACCEPTED", second.upper()),
    ]


@pytest.mark.parametrize("side", ["requester", "provider"])
@pytest.mark.parametrize("after_the_other_accepted", [False, True])
async def test_a_decline_by_either_side_declines_it(
    graph: WorkflowClient, side: str, after_the_other_accepted: bool
) -> None:
    resource_id, demand_id, engagement_id, engagement = await federation_engagement(graph)
    if after_the_other_accepted:
        other = "o1" if side == "requester" else "m1"
        assert (await respond(graph, other, engagement))["userErrors"] == []

    declined = await respond(graph, SIDES[side], engagement, "DECLINE", note="时间不合适")
    assert declined["userErrors"] == []
    assert declined["engagement"]["status"] == "DECLINED"
    assert declined["engagement"]["respondedAt"] is not None
    assert await books(graph, resource_id, demand_id) == (0, 0)
    assert codes(await respond(graph, "o1" if side == "requester" else "m1", engagement)) == [
        ("INVALID_STATE", None)
    ]
    assert (await graph.row(ENGAGEMENTS, engagement_id))["status"] == "DECLINED"


@pytest.mark.parametrize("decision", ["ACCEPT", "DECLINE"])
async def test_the_side_that_accepted_cannot_answer_again(graph: WorkflowClient, decision: str) -> None:
    resource_id, demand_id, engagement_id, engagement = await federation_engagement(graph)
    await respond(graph, "m1", engagement)
    before = await graph.row(ENGAGEMENTS, engagement_id)

    again = await respond(graph, "m1", engagement, decision)

    assert codes(again) == [("INVALID_STATE", None)]
    assert "already accepted" in (await _english(graph, engagement, decision))
    assert await graph.row(ENGAGEMENTS, engagement_id) == before
    assert await books(graph, resource_id, demand_id) == (0, 0)


async def _english(graph: WorkflowClient, engagement: str, decision: str) -> str:
    variables = {"input": {"engagementId": engagement, "decision": decision}}
    payload = await graph.mutate("m1", "respondToEngagement", RESPOND, variables, **{"accept-language": "en"})
    return payload["userErrors"][0]["message"]


@pytest.mark.parametrize("viewer", ["anonymous", "admin", "supervisor", "m2", "s1", "v1"])
async def test_only_the_two_sides_may_answer_a_federation_proposal(
    graph: WorkflowClient, viewer: str
) -> None:
    _, _, engagement_id, engagement = await federation_engagement(graph)
    payload = await respond(graph, viewer, engagement)
    assert codes(payload) == [("UNAUTHENTICATED" if viewer == "anonymous" else "FORBIDDEN", None)]
    row = await graph.row(ENGAGEMENTS, engagement_id)
    assert (row["requester_accepted_at"], row["provider_accepted_at"], row["version"]) == (None, None, 1)


async def test_a_stale_version_is_a_conflict_and_records_nothing(graph: WorkflowClient) -> None:
    _, _, engagement_id, engagement = await federation_engagement(graph)
    await respond(graph, "m1", engagement)
    stale = await respond(graph, "o1", engagement, expectedVersion=1)
    assert codes(stale) == [("CONFLICT", ["input", "expectedVersion"])]
    assert (await graph.row(ENGAGEMENTS, engagement_id))["provider_accepted_at"] is None


async def test_a_refused_last_acceptance_records_nothing(graph: WorkflowClient) -> None:
    resource_id, demand_id, engagement_id, engagement = await federation_engagement(graph, units=1)
    await respond(graph, "m1", engagement)

    short = await respond(graph, "o1", engagement)

    assert codes(short) == [("LIMIT_REACHED", None)]
    row = await graph.row(ENGAGEMENTS, engagement_id)
    assert (row["status"], row["provider_accepted_at"], row["version"]) == ("PROPOSED", None, 2)
    assert await books(graph, resource_id, demand_id) == (0, 0)


async def test_a_side_proposing_agrees_and_the_other_side_accepting_completes_it(
    graph: WorkflowClient,
) -> None:
    _, resource = await add_resource(graph, "O1")
    demand_id, demand = await add_demand(graph, "H1")
    proposed = (await propose(graph, "o1", demand, resource))["engagement"]
    [fresh] = await graph.rows(ENGAGEMENTS, ENGAGEMENTS.c.demand_id == demand_id)
    assert fresh["provider_accepted_at"] is not None and fresh["requester_accepted_at"] is None

    accepted = (await respond(graph, "m1", proposed["id"]))["engagement"]

    assert accepted["status"] == "ACCEPTED"
    assert accepted["providerAcceptedAt"] and accepted["requesterAcceptedAt"]


# Races -----------------------------------------------------------------------------------------


async def test_both_sides_accepting_at_once_accept_it_once(graph: WorkflowClient) -> None:
    resource_id, demand_id, engagement_id, engagement = await federation_engagement(graph)

    payloads = await asyncio.gather(respond(graph, "m1", engagement), respond(graph, "o1", engagement))

    assert [payload["userErrors"] for payload in payloads] == [[], []]
    row = await graph.row(ENGAGEMENTS, engagement_id)
    assert (row["status"], row["version"]) == ("ACCEPTED", 3)
    assert row["requester_accepted_at"] and row["provider_accepted_at"]
    assert await books(graph, resource_id, demand_id) == (2, 2)
    transitions = [(before, after) for before, after, _ in await accept_audits(graph, engagement_id)]
    assert sorted(transitions) == [("PROPOSED", "ACCEPTED"), ("PROPOSED", "PROPOSED")]


async def test_two_federation_engagements_racing_for_the_last_units_only_one_wins(
    graph: WorkflowClient,
) -> None:
    resource_id, _ = await add_resource(graph, "O1", quantity=2)
    engagements = []
    for home, manager in (("H1", "m1"), ("H2", "m2")):
        demand_id, _ = await add_demand(graph, home, quantity=2)
        _, engagement = await add_engagement(
            graph, demand_id, resource_id, "PROPOSED", quantity=2, initiated_by="FEDERATION"
        )
        assert (await respond(graph, manager, engagement))["userErrors"] == []
        engagements.append(engagement)

    payloads = await asyncio.gather(*(respond(graph, "o1", engagement) for engagement in engagements))

    assert sorted(codes(payload) for payload in payloads) == [[], [("LIMIT_REACHED", None)]]
    resource = await graph.row(RESOURCES, resource_id)
    assert (resource["quantity_committed"], resource["status"]) == (2, "EXHAUSTED")
    rows = await graph.rows(ENGAGEMENTS, ENGAGEMENTS.c.resource_id == resource_id)
    assert sorted(row["status"] for row in rows) == ["ACCEPTED", "PROPOSED"]
    matched = [(await graph.row(DEMANDS, row["demand_id"]))["quantity_matched"] for row in rows]
    assert sorted(matched) == [0, 2]
