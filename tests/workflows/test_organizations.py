"""Admission (准入): review, suspend, reinstate; history, audit, permissions and races."""

from __future__ import annotations

import asyncio

import pytest

from datasources.tables import AuditEntry, Organization, OrganizationStatusChange
from domain.global_ids import encode
from tests.workflows.conftest import WorkflowClient

ORGS = Organization.__table__
CHANGES = OrganizationStatusChange.__table__
AUDIT = AuditEntry.__table__

REVIEW = """
mutation($input: ReviewOrganizationInput!) {
  reviewOrganization(input: $input) { organization { status } userErrors { field code } }
}"""
SUSPEND = """
mutation($input: SuspendOrganizationInput!) {
  suspendOrganization(input: $input) { organization { status } userErrors { field code } }
}"""
REINSTATE = """
mutation($input: ReinstateOrganizationInput!) {
  reinstateOrganization(input: $input) { organization { status } userErrors { field code } }
}"""


async def _review(graph: WorkflowClient, viewer: str, org: str, decision: str, reason: str | None = None):
    variables = {"input": {"id": graph.world.gid(org), "decision": decision, "reason": reason}}
    return await graph.mutate(viewer, "reviewOrganization", REVIEW, variables)


async def _unchanged(graph: WorkflowClient, org: str, status: str) -> None:
    pk = graph.world.ids[org]
    assert (await graph.row(ORGS, pk))["status"] == status
    assert await graph.rows(CHANGES, CHANGES.c.organization_id == pk) == []
    assert await graph.rows(AUDIT, AUDIT.c.entity_type == "Organization", AUDIT.c.entity_id == pk) == []


async def test_admin_approves_a_pending_organization_with_history_and_audit(graph: WorkflowClient) -> None:
    payload = await _review(graph, "admin", "O2", "APPROVE")
    assert payload == {"organization": {"status": "ACTIVE"}, "userErrors": []}
    pk = graph.world.ids["O2"]
    [change] = await graph.rows(CHANGES, CHANGES.c.organization_id == pk)
    assert (change["from_status"], change["to_status"]) == ("PENDING", "ACTIVE")
    assert change["actor_account_id"] == graph.world.ids["admin"]
    [entry] = await graph.rows(AUDIT, AUDIT.c.entity_type == "Organization", AUDIT.c.entity_id == pk)
    assert entry["action"] == "reviewOrganization"
    assert entry["before"] == {"status": "PENDING"}
    assert entry["after"]["status"] == "ACTIVE"


async def test_rejection_needs_a_reason_and_records_it(graph: WorkflowClient) -> None:
    refused = await _review(graph, "admin", "O2", "REJECT", "  ")
    assert refused["userErrors"] == [{"field": ["input", "reason"], "code": "REQUIRED"}]
    await _unchanged(graph, "O2", "PENDING")
    payload = await _review(graph, "admin", "O2", "REJECT", "材料不全")
    assert payload["organization"] == {"status": "REJECTED"}
    [change] = await graph.rows(CHANGES, CHANGES.c.organization_id == graph.world.ids["O2"])
    assert change["reason"] == "材料不全"


async def test_reason_longer_than_the_limit_changes_nothing(graph: WorkflowClient) -> None:
    payload = await _review(graph, "admin", "O2", "REJECT", "x" * 2001)
    assert payload["userErrors"] == [{"field": ["input", "reason"], "code": "TOO_LONG"}]
    await _unchanged(graph, "O2", "PENDING")


@pytest.mark.parametrize(("org", "status"), [("O1", "ACTIVE"), ("O3", "REJECTED")])
async def test_only_pending_organizations_can_be_reviewed(
    graph: WorkflowClient, org: str, status: str
) -> None:
    payload = await _review(graph, "admin", org, "APPROVE")
    assert payload["userErrors"] == [{"field": None, "code": "INVALID_STATE"}]
    await _unchanged(graph, org, status)


@pytest.mark.parametrize(
    ("viewer", "code"),
    [("anonymous", "FORBIDDEN"), ("o2", "FORBIDDEN"), ("o1", "FORBIDDEN"), ("supervisor", "FORBIDDEN")],
)
async def test_only_admins_review(graph: WorkflowClient, viewer: str, code: str) -> None:
    payload = await _review(graph, viewer, "O2", "APPROVE")
    assert payload == {"organization": None, "userErrors": [{"field": None, "code": code}]}
    await _unchanged(graph, "O2", "PENDING")


async def test_unknown_organization_is_not_found(graph: WorkflowClient) -> None:
    variables = {"input": {"id": encode("Organization", 999_999), "decision": "APPROVE"}}
    payload = await graph.mutate("admin", "reviewOrganization", REVIEW, variables)
    assert payload["userErrors"] == [{"field": ["input", "id"], "code": "NOT_FOUND"}]


async def test_two_racing_reviews_cannot_both_win(graph: WorkflowClient) -> None:
    approve, reject = await asyncio.gather(
        _review(graph, "admin", "O2", "APPROVE"), _review(graph, "admin", "O2", "REJECT", "重复")
    )
    winners = [p for p in (approve, reject) if not p["userErrors"]]
    losers = [p for p in (approve, reject) if p["userErrors"]]
    assert len(winners) == 1 and len(losers) == 1
    assert losers[0]["userErrors"][0]["code"] in {"CONFLICT", "INVALID_STATE"}
    changes = await graph.rows(CHANGES, CHANGES.c.organization_id == graph.world.ids["O2"])
    assert len(changes) == 1
    assert (await graph.row(ORGS, graph.world.ids["O2"]))["status"] == changes[0]["to_status"]


@pytest.mark.parametrize("viewer", ["supervisor", "admin"])
async def test_staff_suspend_and_reinstate(graph: WorkflowClient, viewer: str) -> None:
    gid = graph.world.gid("O1")
    suspended = await graph.mutate(
        viewer, "suspendOrganization", SUSPEND, {"input": {"id": gid, "reason": "投诉"}}
    )
    assert suspended == {"organization": {"status": "SUSPENDED"}, "userErrors": []}
    again = await graph.mutate(
        viewer, "suspendOrganization", SUSPEND, {"input": {"id": gid, "reason": "再次"}}
    )
    assert again["userErrors"] == [{"field": None, "code": "INVALID_STATE"}]
    back = await graph.mutate(viewer, "reinstateOrganization", REINSTATE, {"input": {"id": gid}})
    assert back == {"organization": {"status": "ACTIVE"}, "userErrors": []}
    steps = await graph.rows(CHANGES, CHANGES.c.organization_id == graph.world.ids["O1"])
    assert [(s["from_status"], s["to_status"]) for s in steps] == [
        ("ACTIVE", "SUSPENDED"),
        ("SUSPENDED", "ACTIVE"),
    ]


async def test_suspension_needs_a_reason(graph: WorkflowClient) -> None:
    variables = {"input": {"id": graph.world.gid("O1"), "reason": ""}}
    payload = await graph.mutate("supervisor", "suspendOrganization", SUSPEND, variables)
    assert payload["userErrors"] == [{"field": ["input", "reason"], "code": "REQUIRED"}]
    await _unchanged(graph, "O1", "ACTIVE")


@pytest.mark.parametrize("viewer", ["anonymous", "o1", "m1"])
async def test_participants_cannot_suspend_or_reinstate(graph: WorkflowClient, viewer: str) -> None:
    gid = graph.world.gid("O1")
    payload = await graph.mutate(
        viewer, "suspendOrganization", SUSPEND, {"input": {"id": gid, "reason": "r"}}
    )
    assert payload["userErrors"] == [{"field": None, "code": "FORBIDDEN"}]
    payload = await graph.mutate(viewer, "reinstateOrganization", REINSTATE, {"input": {"id": gid}})
    assert payload["userErrors"] == [{"field": None, "code": "FORBIDDEN"}]
    await _unchanged(graph, "O1", "ACTIVE")


async def test_reinstating_an_active_organization_is_invalid(graph: WorkflowClient) -> None:
    payload = await graph.mutate(
        "admin", "reinstateOrganization", REINSTATE, {"input": {"id": graph.world.gid("O1")}}
    )
    assert payload["userErrors"] == [{"field": None, "code": "INVALID_STATE"}]
    await _unchanged(graph, "O1", "ACTIVE")


async def test_a_malformed_id_is_a_user_error_and_changes_nothing(graph: WorkflowClient) -> None:
    for bad in ("not-an-id", graph.world.gid("H1")):
        variables = {"input": {"id": bad, "reason": "违规"}}
        payload = await graph.mutate("supervisor", "suspendOrganization", SUSPEND, variables)
        assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(["input", "id"], "INVALID")]
    statuses = {row["status"] for row in await graph.rows(Organization.__table__)}
    assert statuses == {"ACTIVE", "PENDING", "REJECTED"}
