"""Engagements (对接): propose, respond, complete, cancel, with every unit accounted for."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from datasources.tables import AuditEntry, Demand, Engagement, Home, Organization, Resource
from domain.enums import EngagementStatus
from domain.global_ids import encode
from domain.workflows.states import ENGAGEMENT
from tests.workflows.conftest import WorkflowClient
from tests.workflows.market import (
    PROPOSE,
    add_demand,
    add_engagement,
    add_resource,
    cancel,
    codes,
    complete,
    propose,
    respond,
)

ENGAGEMENTS, RESOURCES, DEMANDS = Engagement.__table__, Resource.__table__, Demand.__table__
AUDIT = AuditEntry.__table__


async def _books(graph: WorkflowClient, resource_id: int, demand_id: int) -> tuple[tuple, tuple]:
    resource = await graph.row(RESOURCES, resource_id)
    demand = await graph.row(DEMANDS, demand_id)
    return (
        (resource["status"], resource["quantity_committed"]),
        (demand["status"], demand["quantity_matched"], demand["quantity_fulfilled"]),
    )


async def _counters(graph: WorkflowClient) -> tuple[tuple[int, int], tuple[int, int]]:
    home = await graph.row(Home.__table__, graph.world.ids["H1"])
    org = await graph.row(Organization.__table__, graph.world.ids["O1"])
    return (
        (home["engagements_completed"], home["engagements_cancelled"]),
        (org["engagements_completed"], org["engagements_cancelled"]),
    )


async def _audit(graph: WorkflowClient, entity_type: str, entity_id: int) -> list[tuple]:
    rows = await graph.rows(AUDIT, AUDIT.c.entity_type == entity_type, AUDIT.c.entity_id == entity_id)
    return [(row["action"], row["before"].get("status"), row["after"].get("status")) for row in rows]


async def test_requester_asks_provider_accepts_and_it_is_completed(graph: WorkflowClient) -> None:
    resource_id, resource = await add_resource(graph, "O1", quantity=3)
    demand_id, demand = await add_demand(graph, "H1", quantity=2)

    proposed = await propose(graph, "m1", demand, resource, 2, note="盼复")
    assert proposed["userErrors"] == []
    engagement = proposed["engagement"]
    assert (engagement["status"], engagement["initiatedBy"], engagement["quantity"]) == (
        "PROPOSED",
        "REQUESTER",
        2,
    )
    assert await _books(graph, resource_id, demand_id) == (("PUBLISHED", 0), ("OPEN", 0, 0))

    accepted = await respond(graph, "o1", engagement["id"], note="已确认", expectedVersion=1)
    assert accepted["userErrors"] == []
    assert accepted["engagement"]["status"] == "ACCEPTED"
    assert accepted["engagement"]["note"] == "盼复\n已确认"
    assert accepted["engagement"]["respondedAt"] is not None
    assert await _books(graph, resource_id, demand_id) == (("PUBLISHED", 2), ("MATCHED", 2, 0))

    completed = await complete(graph, "m1", engagement["id"], expectedVersion=2)
    assert completed["userErrors"] == []
    assert (completed["engagement"]["status"], completed["engagement"]["version"]) == ("COMPLETED", 3)
    assert await _books(graph, resource_id, demand_id) == (("PUBLISHED", 2), ("FULFILLED", 2, 2))
    assert await _counters(graph) == ((1, 0), (1, 0))

    engagement_id = (await graph.rows(ENGAGEMENTS, ENGAGEMENTS.c.demand_id == demand_id))[0]["id"]
    assert await _audit(graph, "Engagement", engagement_id) == [
        ("proposeEngagement", None, "PROPOSED"),
        ("acceptEngagement", "PROPOSED", "ACCEPTED"),
        ("completeEngagement", "ACCEPTED", "COMPLETED"),
    ]
    assert await _audit(graph, "Demand", demand_id) == [
        ("accountDemand", "OPEN", "MATCHED"),
        ("accountDemand", "MATCHED", "FULFILLED"),
    ]


async def test_provider_offers_requester_accepts_and_cancelling_gives_the_units_back(
    graph: WorkflowClient,
) -> None:
    resource_id, resource = await add_resource(graph, "O1", quantity=2)
    demand_id, demand = await add_demand(graph, "H1", quantity=2)
    offered = await propose(graph, "o1", demand, resource, 2)
    engagement = offered["engagement"]
    assert engagement["initiatedBy"] == "PROVIDER"

    own = await respond(graph, "o1", engagement["id"])
    assert codes(own) == [("FORBIDDEN", None)]
    accepted = await respond(graph, "m1", engagement["id"])
    assert accepted["engagement"]["status"] == "ACCEPTED"
    assert await _books(graph, resource_id, demand_id) == (("EXHAUSTED", 2), ("MATCHED", 2, 0))

    cancelled = await cancel(graph, "o1", engagement["id"], reason="场地临时维修")
    assert cancelled["userErrors"] == []
    assert cancelled["engagement"]["status"] == "CANCELLED"
    assert cancelled["engagement"]["note"] == "场地临时维修"
    assert await _books(graph, resource_id, demand_id) == (("PUBLISHED", 0), ("OPEN", 0, 0))
    assert await _counters(graph) == ((0, 1), (0, 1))
    assert await _audit(graph, "Resource", resource_id) == [
        ("accountResource", "PUBLISHED", "EXHAUSTED"),
        ("accountResource", "EXHAUSTED", "PUBLISHED"),
    ]


async def test_declining_or_cancelling_a_proposal_commits_nothing(graph: WorkflowClient) -> None:
    resource_id, resource = await add_resource(graph, "O1", quantity=3)
    demand_id, demand = await add_demand(graph, "H1", quantity=2)
    first = (await propose(graph, "m1", demand, resource))["engagement"]
    declined = await respond(graph, "o1", first["id"], "DECLINE", note="本期名额已满")
    assert declined["engagement"]["status"] == "DECLINED"
    second = (await propose(graph, "m1", demand, resource))["engagement"]  # a declined one does not block
    withdrawn = await cancel(graph, "m1", second["id"])
    assert withdrawn["engagement"]["status"] == "CANCELLED"
    assert await _books(graph, resource_id, demand_id) == (("PUBLISHED", 0), ("OPEN", 0, 0))
    assert await _counters(graph) == ((0, 1), (0, 1))


ACTIONS = ("accept", "decline", "complete", "cancel")


async def _act(graph: WorkflowClient, action: str, engagement: str) -> dict:
    if action in ("accept", "decline"):
        return await respond(graph, "o1", engagement, action.upper())
    if action == "complete":
        return await complete(graph, "m1", engagement)
    return await cancel(graph, "m1", engagement)


@pytest.mark.parametrize(
    ("status", "action"),
    [(s.value, a) for s in EngagementStatus for a in ACTIONS if (s, a) not in ENGAGEMENT],
)
async def test_every_illegal_transition_is_invalid_state_and_changes_nothing(
    graph: WorkflowClient, status: str, action: str
) -> None:
    resource_id, _ = await add_resource(graph, "O1")
    demand_id, _ = await add_demand(graph, "H1")
    engagement_id, engagement = await add_engagement(graph, demand_id, resource_id, status)
    before = await graph.row(ENGAGEMENTS, engagement_id)
    payload = await _act(graph, action, engagement)
    assert codes(payload) == [("INVALID_STATE", None)]
    assert payload["engagement"] is None
    assert await graph.row(ENGAGEMENTS, engagement_id) == before
    assert await _books(graph, resource_id, demand_id) == (("PUBLISHED", 0), ("OPEN", 0, 0))
    assert await _audit(graph, "Engagement", engagement_id) == []


# Who may do what: anonymous, staff, other participants, and each side.
PROPOSERS = [("anonymous", "UNAUTHENTICATED"), ("admin", "FORBIDDEN"), ("supervisor", "FORBIDDEN")]
OUTSIDERS = [*PROPOSERS, ("m2", "FORBIDDEN"), ("s1", "FORBIDDEN"), ("v1", "FORBIDDEN")]


@pytest.mark.parametrize(("viewer", "code"), OUTSIDERS)
async def test_only_the_two_sides_may_propose(graph: WorkflowClient, viewer: str, code: str) -> None:
    _, resource = await add_resource(graph, "O1")
    _, demand = await add_demand(graph, "H1")
    before = await graph.rows(ENGAGEMENTS)
    payload = await propose(graph, viewer, demand, resource)
    assert codes(payload) == [(code, None)]
    assert await graph.rows(ENGAGEMENTS) == before


@pytest.mark.parametrize(("viewer", "code"), [*OUTSIDERS, ("m1", "FORBIDDEN")])
async def test_only_the_other_side_may_answer(graph: WorkflowClient, viewer: str, code: str) -> None:
    resource_id, _ = await add_resource(graph, "O1")
    demand_id, _ = await add_demand(graph, "H1")
    engagement_id, engagement = await add_engagement(graph, demand_id, resource_id, "PROPOSED")
    payload = await respond(graph, viewer, engagement)
    assert codes(payload) == [(code, None)]
    assert (await graph.row(ENGAGEMENTS, engagement_id))["status"] == "PROPOSED"


@pytest.mark.parametrize(("viewer", "code"), OUTSIDERS)
@pytest.mark.parametrize("action", ["complete", "cancel"])
async def test_only_the_two_sides_may_complete_or_cancel(
    graph: WorkflowClient, viewer: str, code: str, action: str
) -> None:
    resource_id, _ = await add_resource(graph, "O1")
    demand_id, _ = await add_demand(graph, "H1")
    engagement_id, engagement = await add_engagement(graph, demand_id, resource_id, "ACCEPTED")
    run = complete if action == "complete" else cancel
    assert codes(await run(graph, viewer, engagement)) == [(code, None)]
    assert (await graph.row(ENGAGEMENTS, engagement_id))["status"] == "ACCEPTED"


@pytest.mark.parametrize("viewer", ["m1", "o1"])
async def test_either_side_may_complete(graph: WorkflowClient, viewer: str) -> None:
    resource_id, resource = await add_resource(graph, "O1")
    demand_id, demand = await add_demand(graph, "H1", quantity=1)
    engagement = (await propose(graph, "m1", demand, resource))["engagement"]
    await respond(graph, "o1", engagement["id"])
    assert (await complete(graph, viewer, engagement["id"]))["engagement"]["status"] == "COMPLETED"
    assert await _books(graph, resource_id, demand_id) == (("PUBLISHED", 1), ("FULFILLED", 1, 1))


async def test_bad_input_is_every_problem_at_once_and_changes_nothing(graph: WorkflowClient) -> None:
    before = await graph.rows(ENGAGEMENTS)
    payload = await propose(graph, "m1", "not-an-id", encode("Engagement", 1), 0, note="长" * 1001)
    assert sorted(codes(payload)) == [
        ("INVALID", ["input", "demandId"]),
        ("INVALID", ["input", "resourceId"]),
        ("OUT_OF_RANGE", ["input", "quantity"]),
        ("TOO_LONG", ["input", "note"]),
    ]
    assert await graph.rows(ENGAGEMENTS) == before


async def test_the_pair_must_be_live_and_fit(graph: WorkflowClient) -> None:
    _, resource = await add_resource(graph, "O1", quantity=3, quantity_committed=2)
    _, demand = await add_demand(graph, "H1", quantity=5, quantity_matched=4, status="MATCHED")
    _, venue = await add_resource(graph, "O1", category="VENUE")
    _, pending_org = await add_resource(graph, "O2")
    _, ended = await add_resource(graph, "O1", available_until=datetime.now(UTC) - timedelta(days=1))
    _, fulfilled = await add_demand(graph, "H1", status="FULFILLED")
    _, own_demand = await add_demand(graph, "O1")
    cases = [
        (demand, resource, 2, [("LIMIT_REACHED", ["input", "quantity"])] * 2),
        (demand, venue, 1, [("INVALID", ["input", "resourceId"])]),
        (demand, pending_org, 1, [("INVALID_STATE", ["input", "resourceId"])]),
        (demand, ended, 1, [("INVALID_STATE", ["input", "resourceId"])]),
        (fulfilled, resource, 1, [("INVALID_STATE", ["input", "demandId"])]),
        (
            graph.world.gid("D_draft"),
            resource,
            1,
            [("INVALID_STATE", ["input", "demandId"])],
        ),  # her own draft
        (
            demand,
            graph.world.gid("R_O3"),
            1,
            [("INVALID_STATE", ["input", "resourceId"])] * 2,
        ),  # withdrawn; O3 rejected
    ]
    before = await graph.rows(ENGAGEMENTS)
    for demand_id, resource_id, quantity, expected in cases:
        payload = await propose(graph, "m1", demand_id, resource_id, quantity)
        assert codes(payload) == expected, (demand_id, resource_id)
    assert codes(await propose(graph, "o1", own_demand, resource)) == [("INVALID", ["input", "resourceId"])]
    assert await graph.rows(ENGAGEMENTS) == before


async def test_rows_the_viewer_may_not_see_are_not_found(graph: WorkflowClient) -> None:
    _, resource = await add_resource(graph, "O1")
    payload = await propose(graph, "o1", graph.world.gid("D_draft"), resource)  # H1's draft
    assert codes(payload) == [("NOT_FOUND", ["input", "demandId"])]
    missing = await respond(graph, "o1", encode("Engagement", 999_999))
    assert codes(missing) == [("NOT_FOUND", ["input", "engagementId"])]


async def test_no_second_engagement_of_a_pair_while_one_is_under_way(graph: WorkflowClient) -> None:
    _, resource = await add_resource(graph, "O1")
    _, demand = await add_demand(graph, "H1")
    first = await propose(graph, "m1", demand, resource)
    assert first["userErrors"] == []
    again = await propose(graph, "o1", demand, resource)
    assert codes(again) == [("DUPLICATE", ["input", "resourceId"])]


async def test_a_retried_proposal_returns_the_first_result(graph: WorkflowClient) -> None:
    _, resource = await add_resource(graph, "O1")
    demand_id, demand = await add_demand(graph, "H1")
    first = await propose(graph, "m1", demand, resource, idempotencyKey="k-1")
    retry = await propose(graph, "m1", demand, resource, idempotencyKey="k-1")
    assert retry == first
    assert len(await graph.rows(ENGAGEMENTS, ENGAGEMENTS.c.demand_id == demand_id)) == 1
    audit = await graph.rows(AUDIT, AUDIT.c.action == "proposeEngagement")
    assert len(audit) == 1


async def test_a_stale_version_is_a_conflict(graph: WorkflowClient) -> None:
    resource_id, resource = await add_resource(graph, "O1")
    demand_id, demand = await add_demand(graph, "H1")
    engagement = (await propose(graph, "m1", demand, resource))["engagement"]
    await respond(graph, "o1", engagement["id"])  # version 2 now
    stale = await cancel(graph, "m1", engagement["id"], expectedVersion=1)
    assert codes(stale) == [("CONFLICT", ["input", "expectedVersion"])]
    assert await _books(graph, resource_id, demand_id) == (("PUBLISHED", 1), ("OPEN", 1, 0))


async def test_accepting_rechecks_both_sides_and_a_refusal_changes_nothing(graph: WorkflowClient) -> None:
    resource_id, resource = await add_resource(graph, "O1", quantity=1)
    _, demand = await add_demand(graph, "H1", quantity=1)
    other_demand_id, other_demand = await add_demand(graph, "H2", quantity=1)
    mine = (await propose(graph, "m1", demand, resource))["engagement"]
    theirs = (await propose(graph, "m2", other_demand, resource))["engagement"]
    assert (await respond(graph, "o1", mine["id"]))["userErrors"] == []
    assert codes(await respond(graph, "o1", theirs["id"])) == [("LIMIT_REACHED", None)]  # no unit left
    assert (await graph.rows(ENGAGEMENTS, ENGAGEMENTS.c.demand_id == other_demand_id))[0][
        "status"
    ] == "PROPOSED"
    assert await _books(graph, resource_id, other_demand_id) == (("EXHAUSTED", 1), ("OPEN", 0, 0))

    demand_id, demand = await add_demand(graph, "H1", quantity=1)
    first_id, first = await add_resource(graph, "O1", quantity=1)
    second_id, second = await add_resource(graph, "S1", quantity=1)
    by_first = (await propose(graph, "m1", demand, first))["engagement"]
    by_second = (await propose(graph, "m1", demand, second))["engagement"]
    assert (await respond(graph, "o1", by_first["id"]))["userErrors"] == []
    # The second resource's unit was taken before the demand refused: all of it is rolled back.
    assert codes(await respond(graph, "s1", by_second["id"])) == [("LIMIT_REACHED", None)]
    assert await _books(graph, second_id, demand_id) == (("PUBLISHED", 0), ("MATCHED", 1, 0))
    assert await _books(graph, first_id, demand_id) == (("EXHAUSTED", 1), ("MATCHED", 1, 0))


async def test_accepting_for_a_demand_no_longer_open_is_invalid_state(graph: WorkflowClient) -> None:
    resource_id, resource = await add_resource(graph, "O1")
    demand_id, demand = await add_demand(graph, "H1")
    engagement = (await propose(graph, "m1", demand, resource))["engagement"]
    await graph.build.change(Demand, demand_id, status="CANCELLED")
    assert codes(await respond(graph, "o1", engagement["id"])) == [("INVALID_STATE", None)]
    assert await _books(graph, resource_id, demand_id) == (("PUBLISHED", 0), ("CANCELLED", 0, 0))


async def test_messages_follow_accept_language(graph: WorkflowClient) -> None:
    _, resource = await add_resource(graph, "O1", quantity=1)
    _, demand = await add_demand(graph, "H1", quantity=1)
    variables = {"input": {"demandId": demand, "resourceId": resource, "quantity": 3}}

    english = await graph.mutate("m1", "proposeEngagement", PROPOSE, variables, **{"accept-language": "en"})
    chinese = await graph.mutate("m1", "proposeEngagement", PROPOSE, variables)
    assert [e["message"] for e in english["userErrors"]] == [
        "Only 1 (次) of the resource are left",
        "The demand needs only 1 (次) more",
    ]
    assert [e["message"] for e in chinese["userErrors"]] == ["该资源仅剩1次", "该需求仅差1次"]
