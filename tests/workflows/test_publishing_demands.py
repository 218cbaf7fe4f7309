"""publishDemand, updateDemand, cancelDemand: who may, what is checked, versions, transitions."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from datasources.tables import AuditEntry, Demand, Engagement
from resolvers.global_ids import decode
from tests.workflows.conftest import WorkflowClient
from tests.workflows.market import add_demand, add_engagement, add_resource
from tests.workflows.publishing import (
    CANCEL_DEMAND,
    PUBLISH_DEMAND,
    UPDATE_DEMAND,
    codes,
    demand_input,
    iso,
    later,
)

DEMANDS, ENGAGEMENTS, AUDIT = Demand.__table__, Engagement.__table__, AuditEntry.__table__
CATEGORIES = (
    "FUNDING", "PLANNING", "PROJECT", "VENUE", "MATERIAL", "PROFESSIONAL_SERVICE", "VOLUNTEER_POSITION",
)  # fmt: skip


async def publish(
    graph: WorkflowClient, viewer: str, values: dict[str, Any], **headers: str
) -> dict[str, Any]:
    return await graph.mutate(viewer, "publishDemand", PUBLISH_DEMAND, {"input": values}, **headers)


async def change(graph: WorkflowClient, viewer: str, demand: dict[str, Any], **values: Any) -> dict[str, Any]:
    variables = {"input": {"id": demand["id"], "expectedVersion": demand["version"], **values}}
    return await graph.mutate(viewer, "updateDemand", UPDATE_DEMAND, variables)


async def cancel(graph: WorkflowClient, viewer: str, gid: str, **values: Any) -> dict[str, Any]:
    return await graph.mutate(viewer, "cancelDemand", CANCEL_DEMAND, {"input": {"id": gid, **values}})


async def _count(graph: WorkflowClient) -> int:
    return len(await graph.rows(DEMANDS))


@pytest.mark.parametrize("category", CATEGORIES)
async def test_a_home_publishes_a_demand_of_each_category(graph: WorkflowClient, category: str) -> None:
    payload = await publish(graph, "m1", demand_input(category))

    assert payload["userErrors"] == []
    demand = payload["demand"]
    assert (demand["status"], demand["category"], demand["version"]) == ("OPEN", category, 1)
    assert demand["requester"]["id"] == graph.world.gid("H1")
    assert (demand["district"]["name"], demand["subdistrict"]) == ("东城区", "东华门街道")  # the home's
    assert demand["amount"] == ("20000" if category == "FUNDING" else None)
    pk = decode(demand["id"])[1]
    entries = await graph.rows(AUDIT, AUDIT.c.entity_type == "Demand", AUDIT.c.entity_id == pk)
    assert [(e["action"], e["actor_account_id"], e["before"], e["after"]) for e in entries] == [
        ("publishDemand", graph.world.ids["m1"], {}, {"status": "OPEN"})
    ]


async def test_a_funding_demand_needs_its_amount_and_only_it_takes_one(graph: WorkflowClient) -> None:
    values = demand_input("FUNDING")
    del values["amount"]
    payload = await publish(graph, "m1", values)
    assert codes(payload) == [("REQUIRED", ["input", "amount"])]
    other = await publish(graph, "m1", demand_input("VENUE", amount="100"), **{"accept-language": "en"})
    assert codes(other) == [("INVALID", ["input", "amount"])]
    assert other["userErrors"][0]["message"] == "Only a FUNDING demand takes amount"
    assert await _count(graph) == 3


async def test_bad_values_each_get_an_error(graph: WorkflowClient) -> None:
    values = demand_input(
        title="",
        quantity=0,
        beneficiaryCount=-1,
        neededBy=iso(later(-1)),
        location={"lat": 10.0, "lon": 181.0},
        tags=["x" * 31],
    )
    payload = await publish(graph, "m1", values)
    assert sorted(codes(payload)) == sorted(
        [
            ("REQUIRED", ["input", "title"]),
            ("OUT_OF_RANGE", ["input", "quantity"]),
            ("OUT_OF_RANGE", ["input", "beneficiaryCount"]),
            ("INVALID", ["input", "neededBy"]),
            ("OUT_OF_RANGE", ["input", "location"]),
            ("INVALID", ["input", "tags"]),
        ]
    )
    assert await _count(graph) == 3


async def test_who_may_publish_a_demand(graph: WorkflowClient) -> None:
    assert codes(await publish(graph, "anonymous", demand_input())) == [("UNAUTHENTICATED", None)]
    for viewer in ("v1", "s1"):  # people offer; only homes and organizations have demands
        assert codes(await publish(graph, viewer, demand_input())) == [("FORBIDDEN", None)]
    other = await publish(graph, "m1", demand_input(requesterId=graph.world.gid("H2")))
    assert codes(other) == [("FORBIDDEN", None)]
    assert codes(await publish(graph, "o2", demand_input())) == [("INVALID_STATE", None)]  # pending
    assert codes(await publish(graph, "admin", demand_input())) == [("REQUIRED", ["input", "requesterId"])]
    wrong_kind = await publish(graph, "admin", demand_input(requesterId=graph.world.gid("V1")))
    assert codes(wrong_kind) == [("INVALID", ["input", "requesterId"])]
    assert await _count(graph) == 3
    organization = await publish(graph, "o1", demand_input())
    assert organization["demand"]["requester"]["id"] == graph.world.gid("O1")
    staff = await publish(graph, "supervisor", demand_input(requesterId=graph.world.gid("H2")))
    assert staff["demand"]["requester"]["id"] == graph.world.gid("H2")


async def test_a_retry_with_the_same_key_publishes_once(graph: WorkflowClient) -> None:
    values = demand_input(idempotencyKey="d-1")
    first, again = await publish(graph, "m1", values), await publish(graph, "m1", values)
    assert again["demand"]["id"] == first["demand"]["id"]
    assert await _count(graph) == 4
    assert len(await graph.rows(AUDIT, AUDIT.c.action == "publishDemand")) == 1


async def test_racing_retries_with_one_key_publish_once(graph: WorkflowClient) -> None:
    values = demand_input(idempotencyKey="d-race")
    payloads = await asyncio.gather(*(publish(graph, "m1", values) for _ in range(4)))
    assert len({payload["demand"]["id"] for payload in payloads}) == 1
    assert await _count(graph) == 4


# Updating ---------------------------------------------------------------------------------


async def test_an_update_with_a_stale_version_is_a_conflict(graph: WorkflowClient) -> None:
    demand = (await publish(graph, "m1", demand_input()))["demand"]
    changed = await change(graph, "m1", demand, urgency="CRITICAL", neededBy=iso(later(40)))
    assert changed["userErrors"] == []
    assert (changed["demand"]["urgency"], changed["demand"]["version"]) == ("CRITICAL", 2)
    entry = (await graph.rows(AUDIT, AUDIT.c.action == "updateDemand"))[-1]
    assert entry["after"] == {"status": "OPEN", "fields": ["neededBy", "urgency"]}
    stale = await change(graph, "m1", demand, urgency="LOW")
    assert codes(stale) == [("CONFLICT", ["input", "expectedVersion"])]
    assert (await graph.row(DEMANDS, decode(demand["id"])[1]))["urgency"] == "CRITICAL"


async def test_two_racing_updates_let_one_win(graph: WorkflowClient) -> None:
    demand = (await publish(graph, "m1", demand_input()))["demand"]
    payloads = await asyncio.gather(
        change(graph, "m1", demand, title="甲"), change(graph, "m1", demand, title="乙")
    )
    assert sorted(codes(payload) for payload in payloads) == [
        [],
        [("CONFLICT", ["input", "expectedVersion"])],
    ]
    assert (await graph.row(DEMANDS, decode(demand["id"])[1]))["version"] == 2


async def test_quantities_drive_matched_and_open(graph: WorkflowClient) -> None:
    pk, gid = await add_demand(graph, "H1", quantity=3, quantity_matched=2)
    below = await change(graph, "m1", {"id": gid, "version": 1}, quantity=1)
    assert codes(below) == [("OUT_OF_RANGE", ["input", "quantity"])]
    matched = await change(graph, "m1", {"id": gid, "version": 1}, quantity=2)
    assert matched["demand"]["status"] == "MATCHED"
    reopened = await change(graph, "m1", matched["demand"], quantity=5)
    assert reopened["demand"]["status"] == "OPEN"
    statuses = [
        (e["before"]["status"], e["after"]["status"])
        for e in await graph.rows(AUDIT, AUDIT.c.entity_id == pk, AUDIT.c.entity_type == "Demand")
    ]
    assert statuses == [("OPEN", "MATCHED"), ("MATCHED", "OPEN")]


async def test_history_cannot_be_changed_and_others_may_not(graph: WorkflowClient) -> None:
    for status in ("FULFILLED", "CLOSED", "CANCELLED"):
        _, gid = await add_demand(graph, "H1", status=status)
        assert codes(await change(graph, "m1", {"id": gid, "version": 1}, title="改")) == [
            ("INVALID_STATE", None)
        ]
    demand = (await publish(graph, "m1", demand_input()))["demand"]
    assert codes(await change(graph, "m2", demand, title="x")) == [("FORBIDDEN", None)]
    assert codes(await change(graph, "m1", demand, neededBy=iso(later(-3)))) == [
        ("INVALID", ["input", "neededBy"])
    ]
    assert codes(await change(graph, "m1", demand, amount="5")) == [("INVALID", ["input", "amount"])]
    draft = {"id": graph.world.gid("D_draft"), "version": 1}
    assert codes(await change(graph, "m2", draft, title="x")) == [("NOT_FOUND", ["input", "id"])]


async def test_a_draft_is_opened_later(graph: WorkflowClient) -> None:
    draft = (await publish(graph, "m1", demand_input(draft=True)))["demand"]
    assert draft["status"] == "DRAFT"
    opened = await change(graph, "m1", draft, publish=True)
    assert opened["userErrors"] == []
    assert opened["demand"]["status"] == "OPEN"
    entry = (await graph.rows(AUDIT, AUDIT.c.action == "publishDemand"))[-1]
    assert (entry["before"], entry["after"]["status"]) == ({"status": "DRAFT"}, "OPEN")
    assert codes(await change(graph, "m1", opened["demand"], publish=True)) == [("INVALID_STATE", None)]


# Cancelling -------------------------------------------------------------------------------


async def test_cancelling_cancels_proposed_engagements(graph: WorkflowClient) -> None:
    pk, gid = await add_demand(graph, "H1")
    resource_id, _ = await add_resource(graph, "O1")
    engagement_id, _ = await add_engagement(graph, pk, resource_id, "PROPOSED")

    payload = await cancel(graph, "m1", gid, reason="居民已自行解决")

    assert payload["userErrors"] == []
    assert (payload["demand"]["status"], payload["demand"]["version"]) == ("CANCELLED", 2)
    engagement = await graph.row(ENGAGEMENTS, engagement_id)
    assert (engagement["status"], engagement["note"]) == ("CANCELLED", "需求已取消：居民已自行解决")
    entries = await graph.rows(AUDIT, AUDIT.c.action == "cancelDemand")
    assert sorted((e["entity_type"], e["before"]["status"], e["after"]["status"]) for e in entries) == [
        ("Demand", "OPEN", "CANCELLED"),
        ("Engagement", "PROPOSED", "CANCELLED"),
    ]
    demand_entry = next(e for e in entries if e["entity_type"] == "Demand")
    assert demand_entry["after"]["reason"] == "居民已自行解决"
    assert codes(await cancel(graph, "m1", gid)) == [("INVALID_STATE", None)]


async def test_cancelling_is_refused_while_an_accepted_engagement_answers_it(graph: WorkflowClient) -> None:
    refused = await cancel(graph, "m1", graph.world.gid("D_H1"))  # MATCHED by E_active
    assert codes(refused) == [("INVALID_STATE", None)]
    assert f"#{graph.world.ids['E_active']}" in refused["userErrors"][0]["message"]
    assert (await graph.row(DEMANDS, graph.world.ids["D_H1"]))["status"] == "MATCHED"


async def test_who_may_cancel(graph: WorkflowClient) -> None:
    _, gid = await add_demand(graph, "H1")
    assert codes(await cancel(graph, "anonymous", gid)) == [("UNAUTHENTICATED", None)]
    assert codes(await cancel(graph, "o1", gid)) == [("FORBIDDEN", None)]
    assert codes(await cancel(graph, "m1", gid, expectedVersion=3)) == [
        ("CONFLICT", ["input", "expectedVersion"])
    ]
    assert (await cancel(graph, "admin", gid, expectedVersion=1))["demand"]["status"] == "CANCELLED"
    assert (await cancel(graph, "m1", graph.world.gid("D_draft")))["demand"]["status"] == "CANCELLED"


async def test_null_clears_the_deadline_and_sub_district_and_is_required_for_the_urgency(
    graph: WorkflowClient,
) -> None:
    demand = (await publish(graph, "m1", demand_input(subdistrict="东华门街道", tags=["心理"])))["demand"]
    refused = await change(graph, "m1", demand, urgency=None, neededBy=None)
    assert codes(refused) == [("REQUIRED", ["input", "urgency"])]
    payload = await change(graph, "m1", demand, neededBy=None, subdistrict=None, tags=None)
    assert payload["userErrors"] == []
    assert (payload["demand"]["neededBy"], payload["demand"]["subdistrict"], payload["demand"]["tags"]) == (
        None, None, [],
    )  # fmt: skip
    assert payload["demand"]["urgency"] == demand["urgency"]  # absent: kept
