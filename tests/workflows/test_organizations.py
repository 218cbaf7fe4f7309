"""reviewOrganization: admins admit or reject PENDING organizations (准入审核)."""

from __future__ import annotations

import asyncio

import pytest

from datasources.tables import AuditEntry, Organization, OrganizationStatusChange
from tests.workflows.conftest import WorkflowClient

ORGS = Organization.__table__
CHANGES = OrganizationStatusChange.__table__
AUDIT = AuditEntry.__table__
REVIEW = """
mutation ($input: ReviewOrganizationInput!) {
  reviewOrganization(input: $input) {
    organization { id status }
    userErrors { field code message }
  }
}
"""


def review(graph: WorkflowClient, org: str, decision: str, reason: str | None = None) -> dict:
    return {"input": {"organizationId": graph.world.gid(org), "decision": decision, "reason": reason}}


async def effects(graph: WorkflowClient, org: str) -> tuple[str, int, int]:
    pk = graph.world.ids[org]
    row = await graph.row(ORGS, pk)
    changes = await graph.rows(CHANGES, CHANGES.c.organization_id == pk)
    audits = await graph.rows(AUDIT, AUDIT.c.entity_type == "Organization", AUDIT.c.entity_id == pk)
    return row["status"], len(changes), len(audits)


async def test_admin_approves_a_pending_organization(graph: WorkflowClient) -> None:
    payload = await graph.mutate("admin", "reviewOrganization", REVIEW, review(graph, "O2", "APPROVE"))
    assert payload["userErrors"] == []
    assert payload["organization"] == {"id": graph.world.gid("O2"), "status": "ACTIVE"}
    pk = graph.world.ids["O2"]
    [step] = await graph.rows(CHANGES, CHANGES.c.organization_id == pk)
    assert (step["from_status"], step["to_status"]) == ("PENDING", "ACTIVE")
    assert step["actor_account_id"] == graph.world.ids["admin"]
    [entry] = await graph.rows(AUDIT, AUDIT.c.entity_type == "Organization", AUDIT.c.entity_id == pk)
    assert entry["action"] == "reviewOrganization"
    assert entry["before"] == {"status": "PENDING"}
    assert entry["after"]["status"] == "ACTIVE"


async def test_rejection_records_its_reason(graph: WorkflowClient) -> None:
    variables = review(graph, "O2", "REJECT", "资质材料不全")
    payload = await graph.mutate("admin", "reviewOrganization", REVIEW, variables)
    assert payload["organization"]["status"] == "REJECTED"
    [step] = await graph.rows(CHANGES, CHANGES.c.organization_id == graph.world.ids["O2"])
    assert step["reason"] == "资质材料不全"


@pytest.mark.parametrize("reason", [None, "   "])
async def test_rejection_without_a_reason_changes_nothing(graph: WorkflowClient, reason: str | None) -> None:
    payload = await graph.mutate("admin", "reviewOrganization", REVIEW, review(graph, "O2", "REJECT", reason))
    assert payload["organization"] is None
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(["input", "reason"], "REQUIRED")]
    assert await effects(graph, "O2") == ("PENDING", 0, 0)


async def test_too_long_a_reason_is_refused(graph: WorkflowClient) -> None:
    payload = await graph.mutate(
        "admin", "reviewOrganization", REVIEW, review(graph, "O2", "REJECT", "x" * 2001)
    )
    assert [e["code"] for e in payload["userErrors"]] == ["TOO_LONG"]
    assert await effects(graph, "O2") == ("PENDING", 0, 0)


@pytest.mark.parametrize(("org", "decision"), [("O1", "APPROVE"), ("O1", "REJECT"), ("O3", "APPROVE")])
async def test_only_pending_organizations_are_reviewed(
    graph: WorkflowClient, org: str, decision: str
) -> None:
    before = await effects(graph, org)
    payload = await graph.mutate("admin", "reviewOrganization", REVIEW, review(graph, org, decision, "why"))
    assert [e["code"] for e in payload["userErrors"]] == ["INVALID_STATE"]
    assert await effects(graph, org) == before


@pytest.mark.parametrize(
    ("viewer", "code"),
    [
        ("anonymous", "FORBIDDEN"),
        ("o2", "FORBIDDEN"),
        ("o1", "FORBIDDEN"),
        ("supervisor", "FORBIDDEN"),
    ],
)
async def test_only_admins_review(graph: WorkflowClient, viewer: str, code: str) -> None:
    payload = await graph.mutate(viewer, "reviewOrganization", REVIEW, review(graph, "O2", "APPROVE"))
    assert [e["code"] for e in payload["userErrors"]] == [code]
    assert await effects(graph, "O2") == ("PENDING", 0, 0)


async def test_two_racing_reviews_cannot_both_win(graph: WorkflowClient) -> None:
    approve = graph.mutate("admin", "reviewOrganization", REVIEW, review(graph, "O2", "APPROVE"))
    reject = graph.mutate("admin", "reviewOrganization", REVIEW, review(graph, "O2", "REJECT", "no"))
    payloads = await asyncio.gather(approve, reject)
    winners = [p for p in payloads if not p["userErrors"]]
    losers = [p["userErrors"][0]["code"] for p in payloads if p["userErrors"]]
    assert len(winners) == 1
    assert losers in (["INVALID_STATE"], ["CONFLICT"])
    status, changes, audits = await effects(graph, "O2")
    assert status == winners[0]["organization"]["status"]
    assert (changes, audits) == (1, 1)
