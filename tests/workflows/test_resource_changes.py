"""updateResource and withdrawResource: versions, races, quantities, transitions, settling engagements."""

from __future__ import annotations

import asyncio
from typing import Any

from datasources.tables import AuditEntry, Engagement, Resource, VolunteerApplication
from tests.workflows.conftest import WorkflowClient
from tests.workflows.market import add_demand, add_engagement, add_resource
from tests.workflows.publishing import (
    PUBLISH_RESOURCE,
    UPDATE_RESOURCE,
    WITHDRAW_RESOURCE,
    codes,
    iso,
    later,
    resource_input,
)

RESOURCES, ENGAGEMENTS, AUDIT = Resource.__table__, Engagement.__table__, AuditEntry.__table__


async def publish(graph: WorkflowClient, viewer: str = "o1", **extra: Any) -> dict[str, Any]:
    payload = await graph.mutate(
        viewer, "publishResource", PUBLISH_RESOURCE, {"input": resource_input(**extra)}
    )
    assert payload["userErrors"] == []
    return payload["resource"]


async def change(
    graph: WorkflowClient, viewer: str, resource: dict[str, Any], **values: Any
) -> dict[str, Any]:
    variables = {"input": {"id": resource["id"], "expectedVersion": resource["version"], **values}}
    return await graph.mutate(viewer, "updateResource", UPDATE_RESOURCE, variables)


async def withdraw(graph: WorkflowClient, viewer: str, gid: str, **values: Any) -> dict[str, Any]:
    return await graph.mutate(viewer, "withdrawResource", WITHDRAW_RESOURCE, {"input": {"id": gid, **values}})


def _pk(graph: WorkflowClient, gid: str) -> int:
    from resolvers.global_ids import decode

    return decode(gid)[1]


async def test_an_update_changes_what_is_given_and_bumps_the_version(graph: WorkflowClient) -> None:
    resource = await publish(graph)
    payload = await change(
        graph, "o1", resource, title="新标题", tags=["心理"], professionalService={"format": "ONLINE"}
    )
    assert payload["userErrors"] == []
    changed = payload["resource"]
    assert (changed["title"], changed["tags"], changed["version"]) == ("新标题", ["心理"], 2)
    assert changed["details"] == {"format": "线上"}
    assert changed["quantity"] == resource["quantity"]  # not given: unchanged
    entry = (await graph.rows(AUDIT, AUDIT.c.action == "updateResource"))[-1]
    assert entry["actor_account_id"] == graph.world.ids["o1"]
    assert entry["before"] == {"status": "PUBLISHED"}
    assert entry["after"] == {"status": "PUBLISHED", "fields": ["details", "tags", "title"]}


async def test_a_stale_version_is_a_conflict_and_changes_nothing(graph: WorkflowClient) -> None:
    resource = await publish(graph)
    assert (await change(graph, "o1", resource, title="第一次"))["userErrors"] == []
    stale = await change(graph, "o1", resource, title="第二次")
    assert codes(stale) == [("CONFLICT", ["input", "expectedVersion"])]
    row = await graph.row(RESOURCES, _pk(graph, resource["id"]))
    assert (row["title"], row["version"]) == ("第一次", 2)


async def test_two_racing_updates_of_one_version_let_one_win(graph: WorkflowClient) -> None:
    resource = await publish(graph)
    payloads = await asyncio.gather(
        change(graph, "o1", resource, title="甲"), change(graph, "admin", resource, title="乙")
    )
    outcomes = sorted(codes(payload) for payload in payloads)
    assert outcomes == [[], [("CONFLICT", ["input", "expectedVersion"])]]
    winner = next(p for p in payloads if not p["userErrors"])["resource"]["title"]
    row = await graph.row(RESOURCES, _pk(graph, resource["id"]))
    assert (row["title"], row["version"]) == (winner, 2)
    assert len(await graph.rows(AUDIT, AUDIT.c.action == "updateResource")) == 1


async def test_the_category_input_must_match_on_update_too(graph: WorkflowClient) -> None:
    resource = await publish(graph, category="VENUE")
    payload = await change(graph, "o1", resource, venue={"capacity": 0})
    assert sorted(codes(payload)) == [
        ("OUT_OF_RANGE", ["input", "venue", "capacity"]),
        ("REQUIRED", ["input", "venue", "address"]),
    ]
    payload = await change(graph, "o1", resource, material={"items": []})
    assert codes(payload) == [("INVALID", ["input", "material"])]


async def test_quantity_never_drops_below_what_is_committed(graph: WorkflowClient) -> None:
    pk, gid = await add_resource(graph, "O1", quantity=5, quantity_committed=3)
    resource = {"id": gid, "version": 1}
    payload = await change(graph, "o1", resource, quantity=2)
    assert codes(payload) == [("OUT_OF_RANGE", ["input", "quantity"])]
    assert (await graph.row(RESOURCES, pk))["quantity"] == 5
    exhausted = await change(graph, "o1", resource, quantity=3)
    assert exhausted["resource"]["status"] == "EXHAUSTED"
    entry = (await graph.rows(AUDIT, AUDIT.c.action == "updateResource"))[-1]
    assert (entry["before"], entry["after"]["status"]) == ({"status": "PUBLISHED"}, "EXHAUSTED")


async def test_an_exhausted_resource_given_more_units_is_published_again(graph: WorkflowClient) -> None:
    _, gid = await add_resource(graph, "O1", quantity=2, quantity_committed=2, status="EXHAUSTED")
    payload = await change(graph, "o1", {"id": gid, "version": 1}, quantity=4)
    assert payload["userErrors"] == []
    assert (payload["resource"]["status"], payload["resource"]["quantityCommitted"]) == ("PUBLISHED", 2)


async def test_a_past_window_cannot_be_set(graph: WorkflowClient) -> None:
    resource = await publish(graph)
    payload = await change(graph, "o1", resource, availableUntil=iso(later(-2)))
    assert codes(payload) == [("INVALID", ["input", "availableUntil"])]
    before_start = await change(graph, "o1", resource, availableFrom=iso(later(90)))
    assert codes(before_start) == [("INVALID", ["input", "availableUntil"])]


async def test_withdrawn_and_expired_resources_cannot_be_changed(graph: WorkflowClient) -> None:
    for status in ("WITHDRAWN", "EXPIRED"):
        _, gid = await add_resource(graph, "O1", status=status)
        payload = await change(graph, "o1", {"id": gid, "version": 1}, title="改")
        assert codes(payload) == [("INVALID_STATE", None)]


async def test_who_may_change_a_resource(graph: WorkflowClient) -> None:
    resource = await publish(graph)
    assert codes(await change(graph, "m1", resource, title="x")) == [("FORBIDDEN", None)]
    assert codes(await change(graph, "anonymous", resource, title="x")) == [("UNAUTHENTICATED", None)]
    draft = {"id": graph.world.gid("R_draft"), "version": 1}
    assert codes(await change(graph, "m1", draft, title="x")) == [("NOT_FOUND", ["input", "id"])]
    staff = await change(graph, "supervisor", resource, title="由工作人员修改")
    assert staff["userErrors"] == []
    assert codes(await withdraw(graph, "m1", resource["id"])) == [("FORBIDDEN", None)]


async def test_publishing_a_draft_later(graph: WorkflowClient) -> None:
    draft = await publish(graph, draft=True)
    payload = await change(graph, "o1", draft, publish=True)
    assert payload["userErrors"] == []
    assert (payload["resource"]["status"], payload["resource"]["version"]) == ("PUBLISHED", 2)
    entry = (await graph.rows(AUDIT, AUDIT.c.action == "publishResource"))[-1]
    assert (entry["before"], entry["after"]["status"]) == ({"status": "DRAFT"}, "PUBLISHED")
    again = await change(graph, "o1", payload["resource"], publish=True)
    assert codes(again) == [("INVALID_STATE", None)]


async def test_a_draft_whose_window_ended_is_not_published(graph: WorkflowClient) -> None:
    draft = await publish(graph, draft=True)
    await graph.build.change(Resource, _pk(graph, draft["id"]), available_until=later(-1))
    payload = await change(graph, "o1", draft, publish=True)
    assert codes(payload) == [("INVALID", ["input", "availableUntil"])]
    fixed = await change(graph, "o1", draft, publish=True, availableUntil=iso(later(10)))
    assert fixed["resource"]["status"] == "PUBLISHED"


# Withdrawing ------------------------------------------------------------------------------


async def test_withdrawing_cancels_proposed_engagements_with_the_reason(graph: WorkflowClient) -> None:
    pk, gid = await add_resource(graph, "O1")
    demand_id, _ = await add_demand(graph, "H1")
    engagement_id, _ = await add_engagement(graph, demand_id, pk, "PROPOSED")
    declined_id, _ = await add_engagement(graph, demand_id, pk, "DECLINED")

    payload = await withdraw(graph, "o1", gid, reason="场地装修")

    assert payload["userErrors"] == []
    assert (payload["resource"]["status"], payload["resource"]["version"]) == ("WITHDRAWN", 2)
    engagement = await graph.row(ENGAGEMENTS, engagement_id)
    assert (engagement["status"], engagement["note"]) == ("CANCELLED", "资源已撤回：场地装修")
    assert engagement["cancelled_at"] is not None
    assert (await graph.row(ENGAGEMENTS, declined_id))["status"] == "DECLINED"
    entries = await graph.rows(AUDIT, AUDIT.c.action == "withdrawResource")
    assert sorted((e["entity_type"], e["before"]["status"], e["after"]["status"]) for e in entries) == [
        ("Engagement", "PROPOSED", "CANCELLED"),
        ("Resource", "PUBLISHED", "WITHDRAWN"),
    ]
    assert all(e["actor_account_id"] == graph.world.ids["o1"] for e in entries)


async def test_withdrawing_is_refused_while_accepted_engagements_hang_on_it(graph: WorkflowClient) -> None:
    pk, gid = await add_resource(graph, "O1")
    demand_id, _ = await add_demand(graph, "H1")
    accepted_id, _ = await add_engagement(graph, demand_id, pk, "ACCEPTED")
    proposed_id, _ = await add_engagement(graph, demand_id, pk, "PROPOSED")

    payload = await withdraw(graph, "o1", gid)

    assert codes(payload) == [("INVALID_STATE", None)]
    assert f"#{accepted_id}" in payload["userErrors"][0]["message"]
    assert (await graph.row(RESOURCES, pk))["status"] == "PUBLISHED"
    assert (await graph.row(ENGAGEMENTS, proposed_id))["status"] == "PROPOSED"  # nothing changed


async def test_withdrawing_a_position_declines_waiting_volunteers(graph: WorkflowClient) -> None:
    refused = await withdraw(graph, "o1", graph.world.gid("RV_O1"))
    assert codes(refused) == [("INVALID_STATE", None)]  # V1's application is ACCEPTED

    applications = VolunteerApplication.__table__
    pk, gid = await add_resource(graph, "O1", category="VOLUNTEER_POSITION")
    await graph.build.application(graph.world.party("V1"), pk, "APPLIED")
    assert (await withdraw(graph, "o1", gid))["userErrors"] == []
    [application] = await graph.rows(applications, applications.c.resource_id == pk)
    assert application["status"] == "DECLINED"


async def test_illegal_withdrawals_are_invalid_state(graph: WorkflowClient) -> None:
    resource = await publish(graph)
    assert (await withdraw(graph, "o1", resource["id"]))["userErrors"] == []
    assert codes(await withdraw(graph, "o1", resource["id"])) == [("INVALID_STATE", None)]
    _, expired = await add_resource(graph, "O1", status="EXPIRED")
    assert codes(await withdraw(graph, "o1", expired)) == [("INVALID_STATE", None)]
    draft = await publish(graph, draft=True)
    stale = await withdraw(graph, "o1", draft["id"], expectedVersion=7)
    assert codes(stale) == [("CONFLICT", ["input", "expectedVersion"])]
    assert (await withdraw(graph, "o1", draft["id"], expectedVersion=1))["resource"]["status"] == "WITHDRAWN"


async def test_withdrawing_racing_an_acceptance_settles_one_way(graph: WorkflowClient) -> None:
    from tests.workflows.market import respond

    pk, gid = await add_resource(graph, "O1", quantity=3)
    demand_id, _ = await add_demand(graph, "H1", quantity=1)
    _, engagement = await add_engagement(graph, demand_id, pk, "PROPOSED")

    accepted, withdrawn = await asyncio.gather(respond(graph, "o1", engagement), withdraw(graph, "o1", gid))

    resource = await graph.row(RESOURCES, pk)
    [row] = await graph.rows(ENGAGEMENTS, ENGAGEMENTS.c.resource_id == pk)
    if accepted["userErrors"] == []:  # the acceptance came first: the withdrawal is refused
        assert codes(withdrawn) == [("INVALID_STATE", None)]
        assert (resource["status"], resource["quantity_committed"], row["status"]) == (
            "PUBLISHED",
            1,
            "ACCEPTED",
        )
    else:  # the withdrawal came first: the proposal is cancelled, nothing committed
        assert withdrawn["userErrors"] == []
        assert (resource["status"], resource["quantity_committed"], row["status"]) == (
            "WITHDRAWN",
            0,
            "CANCELLED",
        )


async def _withdraw_counting(graph: WorkflowClient, proposals: int) -> int:
    pk, gid = await add_resource(graph, "O1", quantity=50)
    for _ in range(proposals):
        demand_id, _ = await add_demand(graph, "H1")
        await add_engagement(graph, demand_id, pk, "PROPOSED")
    async with graph.counter.count() as statements:
        assert (await withdraw(graph, "o1", gid, reason="停止提供"))["userErrors"] == []
    cancelled = await graph.rows(ENGAGEMENTS, ENGAGEMENTS.c.resource_id == pk)
    assert [row["status"] for row in cancelled] == ["CANCELLED"] * proposals
    return len(statements)


async def test_withdrawing_takes_as_many_statements_for_one_proposal_as_for_ten(
    graph: WorkflowClient,
) -> None:
    assert await _withdraw_counting(graph, 1) == await _withdraw_counting(graph, 10)
    audit = await graph.rows(AUDIT, AUDIT.c.action == "withdrawResource", AUDIT.c.entity_type == "Engagement")
    assert len(audit) == 11


async def test_shrinking_racing_an_acceptance_never_commits_more_than_there_is(graph: WorkflowClient) -> None:
    from tests.workflows.market import respond

    pk, gid = await add_resource(graph, "O1", quantity=2)
    demand_id, _ = await add_demand(graph, "H1", quantity=2)
    _, engagement = await add_engagement(graph, demand_id, pk, "PROPOSED", quantity=2)

    accepted, shrunk = await asyncio.gather(
        respond(graph, "o1", engagement), change(graph, "o1", {"id": gid, "version": 1}, quantity=1)
    )

    resource = await graph.row(RESOURCES, pk)
    assert resource["quantity_committed"] <= resource["quantity"]
    assert [accepted["userErrors"] == [], shrunk["userErrors"] == []].count(True) == 1
    if accepted["userErrors"] == []:
        assert codes(shrunk)[0][0] in ("CONFLICT", "OUT_OF_RANGE")
        assert (resource["quantity"], resource["quantity_committed"], resource["status"]) == (
            2,
            2,
            "EXHAUSTED",
        )
    else:
        assert codes(accepted) == [("LIMIT_REACHED", None)]
        assert (resource["quantity"], resource["quantity_committed"]) == (1, 0)


async def test_a_shorter_window_must_still_hold_the_positions_shifts(graph: WorkflowClient) -> None:
    from tests.workflows.publishing import shift

    resource = await publish(graph, category="VOLUNTEER_POSITION")  # shifts in 5 and 12 days
    shorter = await change(graph, "o1", resource, availableUntil=iso(later(8)))
    assert codes(shorter) == [("INVALID", ["input", "availableUntil"])]
    both = await change(
        graph,
        "o1",
        resource,
        availableUntil=iso(later(8)),
        volunteerPosition={"skills": ["摄影"], "shifts": [shift(6)]},
    )
    assert both["userErrors"] == []
    assert len(both["resource"]["details"]["schedule"]) == 1


async def test_null_clears_an_optional_field_and_is_required_for_the_others(graph: WorkflowClient) -> None:
    resource = await publish(graph, tags=["心理"], targetGroups=["WOMEN"], serviceRadiusKm=5)
    refused = await change(graph, "o1", resource, title=None, quantity=None, location=None, tags=None)
    assert sorted(codes(refused)) == [
        ("REQUIRED", ["input", "location"]),
        ("REQUIRED", ["input", "quantity"]),
        ("REQUIRED", ["input", "title"]),
    ]
    payload = await change(
        graph, "o1", resource, description=None, tags=None, targetGroups=None, serviceRadiusKm=None,
        availableUntil=None, serviceDistrictIds=None,
    )  # fmt: skip
    assert payload["userErrors"] == []
    cleared = payload["resource"]
    emptied = ("tags", "targetGroups", "serviceRadiusKm", "availableUntil")
    assert [cleared[name] for name in emptied] == [[], [], None, None]
    assert (
        cleared["title"] == resource["title"] and cleared["quantity"] == resource["quantity"]
    )  # absent: kept
    row = await graph.row(RESOURCES, _pk(graph, resource["id"]))
    assert row["description"] == ""
    entry = (await graph.rows(AUDIT, AUDIT.c.action == "updateResource"))[-1]
    assert entry["after"]["fields"] == [
        "availableUntil", "description", "serviceDistricts", "serviceRadiusKm", "tags", "targetGroups",
    ]  # fmt: skip
