"""What a suspension (暂停) does: the organization's resources stop being offered, and its
engagements under way are flagged for the federation to follow up; reinstating undoes both."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.workflows.conftest import WorkflowClient
from tests.workflows.market import add_demand, add_engagement, add_resource, propose

SUSPEND = """
mutation($input: SuspendOrganizationInput!) {
  suspendOrganization(input: $input) { organization { status } userErrors { code } }
}"""
REINSTATE = """
mutation($input: ReinstateOrganizationInput!) {
  reinstateOrganization(input: $input) { organization { status } userErrors { code } }
}"""
RESOURCES = """
query($offered: Boolean) {
  resources(first: 50, filter: {offered: $offered}) { nodes { id offered } }
}"""
FLAGGED = """
query($flagged: Boolean) {
  engagements(first: 50, filter: {flagged: $flagged}) { nodes { id status flags } }
}"""


async def _suspend(graph: WorkflowClient, org: str = "O1") -> None:
    variables = {"input": {"id": graph.world.gid(org), "reason": "多次投诉核实"}}
    assert (await graph.mutate("supervisor", "suspendOrganization", SUSPEND, variables))["userErrors"] == []


async def _reinstate(graph: WorkflowClient, org: str = "O1") -> None:
    variables = {"input": {"id": graph.world.gid(org)}}
    assert (await graph.mutate("supervisor", "reinstateOrganization", REINSTATE, variables))[
        "userErrors"
    ] == []


async def _offered(graph: WorkflowClient, offered: bool | None = None) -> dict[str, bool]:
    body = await graph.post("m1", RESOURCES, {"offered": offered})
    return {node["id"]: node["offered"] for node in body["data"]["resources"]["nodes"]}


async def test_a_suspended_organizations_resources_stop_being_offered(graph: WorkflowClient) -> None:
    o1, s1 = graph.world.gid("R_O1"), graph.world.gid("R_S1")
    before = await _offered(graph)
    assert before[o1] is True and before[s1] is True
    await _suspend(graph)
    after = await _offered(graph)
    assert after[o1] is False and after[s1] is True
    on_offer = await _offered(graph, True)
    assert s1 in on_offer and o1 not in on_offer and set(on_offer.values()) == {True}
    off = await _offered(graph, False)
    assert o1 in off and s1 not in off and set(off.values()) == {False}
    await _reinstate(graph)
    assert (await _offered(graph))[o1] is True


async def test_ended_used_up_and_withdrawn_resources_are_not_offered(graph: WorkflowClient) -> None:
    past = datetime.now(UTC) - timedelta(hours=1)
    _, ended = await add_resource(graph, "S1", available_until=past)
    _, used_up = await add_resource(graph, "S1", quantity=2, quantity_committed=2, status="EXHAUSTED")
    _, withdrawn = await add_resource(graph, "S1", status="WITHDRAWN")
    offered = await _offered(graph)
    assert (offered[ended], offered[used_up], offered[withdrawn]) == (False, False, False)
    on_offer = await _offered(graph, True)
    assert not {ended, used_up, withdrawn} & set(on_offer)


async def test_a_suspended_providers_resource_takes_no_proposal(graph: WorkflowClient) -> None:
    await _suspend(graph)
    payload = await propose(graph, "m1", graph.world.gid("D_H1"), graph.world.gid("R_O1"))
    assert [e["code"] for e in payload["userErrors"]] == ["INVALID_STATE"]


async def test_engagements_under_way_on_either_side_are_flagged(graph: WorkflowClient) -> None:
    resource_id, _ = await add_resource(graph, "O1")
    demand_id, _ = await add_demand(graph, "H1")
    _, as_provider = await add_engagement(graph, demand_id, resource_id, "PROPOSED")
    own_demand, _ = await add_demand(graph, "O1")
    _, as_requester = await add_engagement(graph, own_demand, graph.world.ids["R_S1"], "ACCEPTED")
    elsewhere = graph.world.gid("E_active")  # H1 and S1: nothing to do with O1
    settled = graph.world.gid("E_done")  # O1's, but COMPLETED
    assert (await graph.post("m1", FLAGGED, {"flagged": True}))["data"]["engagements"]["nodes"] == []

    await _suspend(graph)
    every = {n["id"]: n["flags"] for n in (await graph.post("m1", FLAGGED))["data"]["engagements"]["nodes"]}
    assert every[as_provider] == every[as_requester] == ["PARTY_SUSPENDED"]
    assert every[elsewhere] == every[settled] == []
    flagged = (await graph.post("m1", FLAGGED, {"flagged": True}))["data"]["engagements"]["nodes"]
    assert sorted(n["id"] for n in flagged) == sorted([as_provider, as_requester])
    unflagged = (await graph.post("m1", FLAGGED, {"flagged": False}))["data"]["engagements"]["nodes"]
    assert {elsewhere, settled} <= {n["id"] for n in unflagged}
    assert not {as_provider, as_requester} & {n["id"] for n in unflagged}

    await _reinstate(graph)
    assert (await graph.post("m1", FLAGGED, {"flagged": True}))["data"]["engagements"]["nodes"] == []


async def test_flags_and_offered_cost_the_same_statements_for_any_page_size(graph: WorkflowClient) -> None:
    await _suspend(graph)
    queries = (
        "{ engagements(first: 50) { nodes { flags resource { offered } } } }",
        "{ resources(first: 50) { nodes { offered } } }",
    )

    async def statements() -> list[int]:
        counts = []
        for query in queries:
            async with graph.counter.count() as seen:
                body = await graph.post("m1", query)
            assert "errors" not in body
            counts.append(len(seen))
        return counts

    async def flagged_engagements(count: int) -> None:
        for _ in range(count):
            resource_id, _ = await add_resource(graph, "O1")
            demand_id, _ = await add_demand(graph, "H2")
            await add_engagement(graph, demand_id, resource_id, "PROPOSED")

    await flagged_engagements(1)
    few = await statements()
    await flagged_engagements(8)
    assert await statements() == few
