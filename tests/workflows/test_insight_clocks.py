"""The clocks insights measure from, set by the workflows: published, first matched, fulfilled
(cleared if the demand needs more again), first replied."""

from __future__ import annotations

from datasources.tables import Appeal, Demand, Resource
from resolvers.global_ids import decode
from tests.workflows.conftest import WorkflowClient
from tests.workflows.market import add_demand, add_resource, complete, propose, respond
from tests.workflows.publishing import (
    PUBLISH_DEMAND,
    PUBLISH_RESOURCE,
    UPDATE_DEMAND,
    demand_input,
    resource_input,
)

DEMANDS, RESOURCES, APPEALS = Demand.__table__, Resource.__table__, Appeal.__table__
REPLY = "mutation($input: ReplyToAppealInput!) { replyToAppeal(input: $input) { userErrors { code } } }"


async def test_publishing_starts_the_clock_a_draft_does_not(graph: WorkflowClient) -> None:
    draft = await graph.mutate("m1", "publishDemand", PUBLISH_DEMAND, {"input": demand_input(draft=True)})
    demand_id = decode(draft["demand"]["id"])[1]
    assert (await graph.row(DEMANDS, demand_id))["published_at"] is None
    variables = {"input": {"id": draft["demand"]["id"], "expectedVersion": 1, "publish": True}}
    assert (await graph.mutate("m1", "updateDemand", UPDATE_DEMAND, variables))["userErrors"] == []
    row = await graph.row(DEMANDS, demand_id)
    assert row["status"] == "OPEN" and row["published_at"] is not None
    resource = await graph.mutate("o1", "publishResource", PUBLISH_RESOURCE, {"input": resource_input()})
    resource_row = await graph.row(RESOURCES, decode(resource["resource"]["id"])[1])
    assert resource_row["published_at"] == resource_row["created_at"]


async def test_the_first_match_and_the_fulfilment_are_timed(graph: WorkflowClient) -> None:
    _, resource = await add_resource(graph, "O1", quantity=3)
    _, other = await add_resource(graph, "O1", quantity=3)  # one engagement of a pair at a time
    demand_id, demand = await add_demand(graph, "H1", quantity=2)
    first = (await propose(graph, "m1", demand, resource, 1))["engagement"]
    await respond(graph, "o1", first["id"])
    matched = await graph.row(DEMANDS, demand_id)
    assert matched["first_matched_at"] is not None and matched["fulfilled_at"] is None
    second = (await propose(graph, "m1", demand, other, 1))["engagement"]
    await respond(graph, "o1", second["id"])
    assert (await graph.row(DEMANDS, demand_id))["first_matched_at"] == matched["first_matched_at"]
    await complete(graph, "m1", first["id"])
    assert (await graph.row(DEMANDS, demand_id))["fulfilled_at"] is None  # one of two units delivered
    await complete(graph, "m1", second["id"])
    fulfilled = await graph.row(DEMANDS, demand_id)
    assert fulfilled["status"] == "FULFILLED" and fulfilled["fulfilled_at"] is not None
    assert fulfilled["fulfilled_at"] >= fulfilled["first_matched_at"]


async def test_only_the_first_reply_is_timed(graph: WorkflowClient) -> None:
    appeal_id = graph.world.ids["AP1"]
    variables = {"input": {"appealId": graph.world.gid("AP1"), "body": "您好，我们会联系您。"}}
    assert (await graph.mutate("m1", "replyToAppeal", REPLY, variables))["userErrors"] == []
    first = (await graph.row(APPEALS, appeal_id))["first_replied_at"]
    assert first is not None
    assert (await graph.mutate("supervisor", "replyToAppeal", REPLY, variables))["userErrors"] == []
    assert (await graph.row(APPEALS, appeal_id))["first_replied_at"] == first
