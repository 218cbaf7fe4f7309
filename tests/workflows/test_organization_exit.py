"""Leaving the platform (退出): open commitments refuse it, one error each; then offers are tidied."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from datasources.tables import (
    AuditEntry,
    Event,
    Organization,
    OrganizationStatusChange,
    Resource,
    VolunteerApplication,
)
from domain.global_ids import encode
from domain.workflows.admission import MAX_LISTED_COMMITMENTS
from tests.workflows.conftest import WorkflowClient
from tests.workflows.market import add_demand, add_engagement, add_resource, propose

ORGS = Organization.__table__
CHANGES = OrganizationStatusChange.__table__
AUDIT = AuditEntry.__table__
RESOURCES, EVENTS = Resource.__table__, Event.__table__
APPLICATIONS = VolunteerApplication.__table__

EXIT = """
mutation($input: ExitOrganizationInput!) {
  exitOrganization(input: $input) {
    organization { status admissionHistory { fromStatus toStatus reason } }
    userErrors { field code message }
  }
}"""


async def _exit(
    graph: WorkflowClient, viewer: str, org: str = "O1", reason: str | None = None, **headers: str
):
    variables = {"input": {"id": graph.world.gid(org), "reason": reason}}
    return await graph.mutate(viewer, "exitOrganization", EXIT, variables, **headers)


async def _settle_applications(graph: WorkflowClient) -> None:
    """The world's O1 has one ACCEPTED volunteer application; complete it."""
    async with graph.engine.begin() as connection:
        await connection.execute(update(APPLICATIONS).values(status="COMPLETED"))


async def _published_event(graph: WorkflowClient, days: float) -> int:
    starts = datetime.now(UTC) + timedelta(days=days)
    return await graph.build.event(
        graph.world.party("O1"),
        title="巾帼创业培训",
        kind="TRAINING",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
    )


async def _unchanged(graph: WorkflowClient, org: str = "O1", status: str = "ACTIVE") -> None:
    pk = graph.world.ids[org]
    assert (await graph.row(ORGS, pk))["status"] == status
    assert await graph.rows(CHANGES, CHANGES.c.organization_id == pk) == []
    assert await graph.rows(AUDIT, AUDIT.c.action == "exitOrganization") == []


async def test_open_commitments_refuse_the_exit_one_error_each(graph: WorkflowClient) -> None:
    resource_id, _ = await add_resource(graph, "O1")
    demand_id, _ = await add_demand(graph, "H1")
    _, proposed = await add_engagement(graph, demand_id, resource_id, "PROPOSED")
    event_id = await _published_event(graph, days=3)
    await _published_event(graph, days=-3)  # held already: owes nobody anything
    payload = await _exit(graph, "o1", **{"accept-language": "en"})
    assert payload["organization"] is None
    errors = payload["userErrors"]
    assert [(e["code"], e["field"]) for e in errors] == [("INVALID_STATE", ["input", "id"])] * 3
    application = encode("VolunteerApplication", graph.world.ids["A_active"])
    assert [e["message"] for e in errors] == [
        f"Volunteer application {application} is still ACCEPTED; settle it before exiting",
        f"Engagement {proposed} is still PROPOSED; complete or cancel it before exiting",
        f"Event {encode('Event', event_id)} is published and not over; cancel or finish it before exiting",
    ]
    await _unchanged(graph)
    assert (await graph.row(RESOURCES, resource_id))["status"] == "PUBLISHED"


async def test_a_long_list_of_commitments_is_cut_with_a_count(graph: WorkflowClient) -> None:
    for _ in range(MAX_LISTED_COMMITMENTS + 2):
        await _published_event(graph, days=5)
    payload = await _exit(graph, "o1")
    errors = payload["userErrors"]
    assert len(errors) == MAX_LISTED_COMMITMENTS + 1
    assert errors[-1]["message"] == "另有3项未了结事项"  # 52 events and the application: 53 - 50
    await _unchanged(graph)


async def test_a_member_exits_and_its_offers_are_tidied(graph: WorkflowClient) -> None:
    await _settle_applications(graph)
    payload = await _exit(graph, "o1")
    assert payload["userErrors"] == []
    assert payload["organization"]["status"] == "EXITED"
    assert payload["organization"]["admissionHistory"][-1] == {
        "fromStatus": "ACTIVE",
        "toStatus": "EXITED",
        "reason": "",
    }
    ids = graph.world.ids
    for name in ("R_O1", "RV_O1", "R_draft"):
        assert (await graph.row(RESOURCES, ids[name]))["status"] == "WITHDRAWN"
    assert (await graph.row(EVENTS, ids["Event_draft"]))["status"] == "CANCELLED"
    tidied = await graph.rows(AUDIT, AUDIT.c.action == "exitOrganization", AUDIT.c.entity_type == "Resource")
    assert sorted(entry["entity_id"] for entry in tidied) == sorted(
        ids[n] for n in ("R_O1", "RV_O1", "R_draft")
    )
    assert {entry["after"]["status"] for entry in tidied} == {"WITHDRAWN"}


async def test_an_exited_organizations_resources_take_no_proposals(graph: WorkflowClient) -> None:
    await _settle_applications(graph)
    assert (await _exit(graph, "o1"))["userErrors"] == []
    payload = await propose(graph, "m1", graph.world.gid("D_H1"), graph.world.gid("R_O1"))
    assert payload["userErrors"][0]["code"] == "INVALID_STATE"


async def test_an_admin_removing_an_organization_must_say_why(graph: WorkflowClient) -> None:
    await _settle_applications(graph)
    refused = await _exit(graph, "admin")
    assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [(["input", "reason"], "REQUIRED")]
    await _unchanged(graph)
    payload = await _exit(graph, "admin", reason="长期未开展活动，予以清退")
    assert payload["organization"]["admissionHistory"][-1]["reason"] == "长期未开展活动，予以清退"


async def test_a_suspended_organization_may_exit(graph: WorkflowClient) -> None:
    await _settle_applications(graph)
    await graph.build.change(Organization, graph.world.ids["O1"], status="SUSPENDED")
    payload = await _exit(graph, "o1")
    assert payload["organization"]["admissionHistory"][-1]["fromStatus"] == "SUSPENDED"


@pytest.mark.parametrize(
    ("viewer", "code"),
    [("m1", "FORBIDDEN"), ("o2", "FORBIDDEN"), ("supervisor", "FORBIDDEN"), ("anonymous", "UNAUTHENTICATED")],
)
async def test_only_its_members_and_admins_may_exit_it(graph: WorkflowClient, viewer: str, code: str) -> None:
    await _settle_applications(graph)
    payload = await _exit(graph, viewer, reason="r")
    assert [e["code"] for e in payload["userErrors"]] == [code]
    await _unchanged(graph)


@pytest.mark.parametrize(("viewer", "org", "status"), [("o2", "O2", "PENDING"), ("o3", "O3", "REJECTED")])
async def test_an_organization_never_admitted_cannot_exit(
    graph: WorkflowClient, viewer: str, org: str, status: str
) -> None:
    payload = await _exit(graph, viewer, org)
    assert [e["code"] for e in payload["userErrors"]] == ["INVALID_STATE"]
    await _unchanged(graph, org, status)


async def test_exiting_twice_is_an_invalid_state(graph: WorkflowClient) -> None:
    await _settle_applications(graph)
    assert (await _exit(graph, "o1"))["userErrors"] == []
    again = await _exit(graph, "o1")
    assert [e["code"] for e in again["userErrors"]] == ["INVALID_STATE"]
    assert len(await graph.rows(CHANGES, CHANGES.c.organization_id == graph.world.ids["O1"])) == 1


async def test_an_exit_racing_a_proposal_never_leaves_an_open_engagement_behind(
    graph: WorkflowClient,
) -> None:
    await _settle_applications(graph)
    _, resource = await add_resource(graph, "O1")
    _, demand = await add_demand(graph, "H1")
    exited, proposed = await asyncio.gather(_exit(graph, "o1"), propose(graph, "m1", demand, resource))
    status = (await graph.row(ORGS, graph.world.ids["O1"]))["status"]
    if proposed["userErrors"]:  # the exit came first: the proposal reads EXITED
        assert exited["userErrors"] == [] and status == "EXITED"
        assert {e["code"] for e in proposed["userErrors"]} == {"INVALID_STATE"}
    else:  # the proposal came first: the exit finds it
        assert status == "ACTIVE"
        [error] = exited["userErrors"]
        assert proposed["engagement"]["id"] in error["message"]
