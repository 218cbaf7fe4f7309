"""Applying for admission (申请入驻): validation, duplicates, membership, races, idempotency."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from datasources.tables import Account, AuditEntry, Organization, OrganizationStatusChange
from domain.enums import Role
from domain.global_ids import decode, encode
from domain.identifiers import credit_check_char
from tests.builders import token_for
from tests.workflows.conftest import WorkflowClient

ORGS = Organization.__table__
CHANGES = OrganizationStatusChange.__table__
ACCOUNTS = Account.__table__
AUDIT = AuditEntry.__table__
EXAMPLE_CODE = "91350100M000100Y43"  # the example of GB 32100-2015

APPLY = """
mutation($input: ApplyOrganizationInput!) {
  applyOrganization(input: $input) {
    organization { id name status creditCode contactPhone admissionHistory { fromStatus toStatus reason } }
    userErrors { field code message }
  }
}"""
VIEWER = "{ viewer { participant { __typename ... on Organization { name status } } } }"


def credit_code(serial: str) -> str:
    first17 = f"5211010{serial:0>10}"[:17]
    return first17 + credit_check_char(first17)


async def _newcomer(graph: WorkflowClient, name: str, roles: list[str] | None = None) -> str:
    """A signed-in account that acts for no participant yet."""
    pk = await graph.build.account(roles or [], username=name, display_name=name)
    graph.world.tokens[name], graph.world.ids[name] = token_for(pk, roles or []), pk
    return name


def _application(graph: WorkflowClient, **changes: object) -> dict:
    application = {
        "name": "  朝阳区阳光妇女互助会 ",
        "kind": "SOCIAL_ORGANIZATION",
        "creditCode": EXAMPLE_CODE.lower(),
        "districtId": encode("District", graph.world.rows["H1"]["district_id"]),
        "address": "朝阳区望京街道10号",
        "location": {"lat": 39.99, "lon": 116.47},
        "description": "为社区妇女提供互助服务",
        "contactName": "李女士",
        "contactPhone": "13912345678",
        "contactEmail": "li@example.org",
        "website": "https://sunshine.example.org",
    }
    return {"input": {**application, **changes}}


async def _organization_count(graph: WorkflowClient) -> int:
    async with graph.engine.connect() as connection:
        return (await connection.execute(select(func.count()).select_from(ORGS))).scalar_one()


async def test_a_newcomer_applies_and_becomes_the_pending_organizations_member(graph: WorkflowClient) -> None:
    viewer = await _newcomer(graph, "newcomer")
    payload = await graph.mutate(viewer, "applyOrganization", APPLY, _application(graph))
    assert payload["userErrors"] == []
    organization = payload["organization"]
    assert organization["name"] == "朝阳区阳光妇女互助会"
    assert organization["status"] == "PENDING"
    assert organization["creditCode"] == EXAMPLE_CODE
    assert organization["contactPhone"] == "13912345678"  # she is its member: she reads its contacts
    assert organization["admissionHistory"] == [
        {"fromStatus": None, "toStatus": "PENDING", "reason": "提交入驻申请"}
    ]
    account = await graph.row(ACCOUNTS, graph.world.ids[viewer])
    assert account["participant_kind"] == "ORGANIZATION"
    assert account["roles"] == [Role.ORG_MEMBER]
    me = await graph.post(viewer, VIEWER)
    assert me["data"]["viewer"]["participant"] == {
        "__typename": "Organization",
        "name": "朝阳区阳光妇女互助会",
        "status": "PENDING",
    }
    [entry] = await graph.rows(AUDIT, AUDIT.c.action == "applyOrganization")
    assert (entry["entity_id"], entry["before"], entry["after"]) == (
        account["participant_id"],
        {},
        {"status": "PENDING", "reason": "提交入驻申请"},
    )


async def test_the_applicant_sees_her_pending_organization_and_others_do_not(graph: WorkflowClient) -> None:
    viewer = await _newcomer(graph, "newcomer")
    gid = (await graph.mutate(viewer, "applyOrganization", APPLY, _application(graph)))["organization"]["id"]
    query = "query($id: ID!) { node(id: $id) { ... on Organization { status } } }"
    assert (await graph.post(viewer, query, {"id": gid}))["data"]["node"] == {"status": "PENDING"}
    assert (await graph.post("admin", query, {"id": gid}))["data"]["node"] == {"status": "PENDING"}
    assert (await graph.post("m1", query, {"id": gid}))["data"]["node"] is None
    assert (await graph.post("anonymous", query, {"id": gid}))["data"]["node"] is None


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"creditCode": ""}, "creditCode", "REQUIRED"),
        ({"creditCode": "91350100M000100Y4"}, "creditCode", "INVALID"),  # 17 characters
        ({"creditCode": "91350100M000100I43"}, "creditCode", "INVALID"),  # I is not in the charset
        ({"creditCode": "91350100M000100Y44"}, "creditCode", "INVALID"),  # wrong check character
        ({"name": "x"}, "name", "INVALID"),
        ({"name": "名" * 201}, "name", "TOO_LONG"),
        ({"address": " "}, "address", "REQUIRED"),
        ({"location": {"lat": 95.0, "lon": 116.4}}, "location", "OUT_OF_RANGE"),
        ({"contactPhone": "call me"}, "contactPhone", "INVALID"),
        ({"contactEmail": "li-at-example.org"}, "contactEmail", "INVALID"),
        ({"website": "sunshine.example.org"}, "website", "INVALID"),
        ({"description": "x" * 4001}, "description", "TOO_LONG"),
        ({"districtId": encode("District", 999_999)}, "districtId", "NOT_FOUND"),
        ({"districtId": encode("Home", 1)}, "districtId", "INVALID"),
    ],
)
async def test_a_bad_application_is_refused_with_its_field_and_writes_nothing(
    graph: WorkflowClient, changes: dict, field: str, code: str
) -> None:
    viewer = await _newcomer(graph, "newcomer")
    before = await _organization_count(graph)
    payload = await graph.mutate(viewer, "applyOrganization", APPLY, _application(graph, **changes))
    assert payload["organization"] is None
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [(["input", field], code)]
    assert await _organization_count(graph) == before
    assert (await graph.row(ACCOUNTS, graph.world.ids[viewer]))["participant_kind"] is None


async def test_all_problems_of_an_application_come_at_once(graph: WorkflowClient) -> None:
    viewer = await _newcomer(graph, "newcomer")
    bad = _application(graph, creditCode="123", address="", contactEmail="nope")
    payload = await graph.mutate(viewer, "applyOrganization", APPLY, bad, **{"accept-language": "en"})
    assert {e["field"][1]: e["code"] for e in payload["userErrors"]} == {
        "creditCode": "INVALID",
        "address": "REQUIRED",
        "contactEmail": "INVALID",
    }
    [credit] = [e for e in payload["userErrors"] if e["field"] == ["input", "creditCode"]]
    assert "18" in credit["message"]


async def test_a_wrong_check_character_is_explained_in_chinese(graph: WorkflowClient) -> None:
    viewer = await _newcomer(graph, "newcomer")
    payload = await graph.mutate(
        viewer, "applyOrganization", APPLY, _application(graph, creditCode="91350100M000100Y44")
    )
    assert payload["userErrors"][0]["message"] == "统一社会信用代码校验位不正确，请核对"


async def test_a_registered_credit_code_is_a_duplicate(graph: WorkflowClient) -> None:
    first, second = await _newcomer(graph, "first"), await _newcomer(graph, "second")
    assert (await graph.mutate(first, "applyOrganization", APPLY, _application(graph)))["userErrors"] == []
    payload = await graph.mutate(second, "applyOrganization", APPLY, _application(graph, name="另一家机构"))
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [
        (["input", "creditCode"], "DUPLICATE")
    ]
    assert (await graph.row(ACCOUNTS, graph.world.ids[second]))["participant_kind"] is None


async def test_two_applicants_racing_with_one_credit_code_cannot_both_succeed(graph: WorkflowClient) -> None:
    names = [await _newcomer(graph, f"racer{i}") for i in range(4)]
    before = await _organization_count(graph)
    payloads = await asyncio.gather(
        *(
            graph.mutate(name, "applyOrganization", APPLY, _application(graph, name=f"机构{name}"))
            for name in names
        )
    )
    winners = [p for p in payloads if not p["userErrors"]]
    assert len(winners) == 1
    assert all(p["userErrors"][0]["code"] == "DUPLICATE" for p in payloads if p["userErrors"])
    assert await _organization_count(graph) == before + 1
    linked = [await graph.row(ACCOUNTS, graph.world.ids[name]) for name in names]
    assert sum(account["participant_kind"] is not None for account in linked) == 1


async def test_one_account_racing_two_applications_gets_one_organization(graph: WorkflowClient) -> None:
    viewer = await _newcomer(graph, "newcomer")
    before = await _organization_count(graph)
    payloads = await asyncio.gather(
        graph.mutate(viewer, "applyOrganization", APPLY, _application(graph)),
        graph.mutate(viewer, "applyOrganization", APPLY, _application(graph, creditCode=credit_code("77"))),
    )
    assert sorted(bool(p["userErrors"]) for p in payloads) == [False, True]
    [loser] = [p for p in payloads if p["userErrors"]]
    assert loser["userErrors"][0]["code"] in {"CONFLICT", "INVALID_STATE"}
    assert await _organization_count(graph) == before + 1


async def test_a_retry_with_the_same_key_returns_the_first_organization(graph: WorkflowClient) -> None:
    viewer = await _newcomer(graph, "newcomer")
    variables = _application(graph, idempotencyKey="apply-1")
    first = await graph.mutate(viewer, "applyOrganization", APPLY, variables)
    again = await graph.mutate(viewer, "applyOrganization", APPLY, variables)
    assert again == first and first["userErrors"] == []
    async with graph.engine.connect() as connection:
        found = await connection.execute(select(func.count()).where(ORGS.c.credit_code == EXAMPLE_CODE))
        assert found.scalar_one() == 1


async def test_a_rejected_applicant_corrects_her_application_and_applies_again(graph: WorkflowClient) -> None:
    payload = await graph.mutate("o3", "applyOrganization", APPLY, _application(graph))
    assert payload["userErrors"] == []
    assert payload["organization"]["id"] == graph.world.gid("O3")
    assert payload["organization"]["status"] == "PENDING"
    assert payload["organization"]["admissionHistory"][-1] == {
        "fromStatus": "REJECTED",
        "toStatus": "PENDING",
        "reason": "修改后重新提交入驻申请",
    }
    row = await graph.row(ORGS, graph.world.ids["O3"])
    assert (row["credit_code"], row["name"], row["website"]) == (
        EXAMPLE_CODE,
        "朝阳区阳光妇女互助会",
        "https://sunshine.example.org",
    )


async def test_applying_again_with_a_registered_code_is_a_duplicate(graph: WorkflowClient) -> None:
    other = await _newcomer(graph, "other")
    assert (await graph.mutate(other, "applyOrganization", APPLY, _application(graph)))["userErrors"] == []
    again = await graph.mutate("o3", "applyOrganization", APPLY, _application(graph, name="同码机构"))
    assert [(e["field"], e["code"]) for e in again["userErrors"]] == [(["input", "creditCode"], "DUPLICATE")]
    assert (await graph.row(ORGS, graph.world.ids["O3"]))["status"] == "REJECTED"
    assert await graph.rows(CHANGES, CHANGES.c.organization_id == graph.world.ids["O3"]) == []


async def test_a_pending_applicant_cannot_apply_again(graph: WorkflowClient) -> None:
    payload = await graph.mutate("o2", "applyOrganization", APPLY, _application(graph, name="x"))
    assert [e["code"] for e in payload["userErrors"]] == ["INVALID_STATE"]  # before any field check
    assert (await graph.row(ORGS, graph.world.ids["O2"]))["status"] == "PENDING"


@pytest.mark.parametrize(
    ("viewer", "code"),
    [
        ("o1", "INVALID_STATE"),
        ("m1", "INVALID_STATE"),
        ("v1", "INVALID_STATE"),
        ("admin", "FORBIDDEN"),
        ("supervisor", "FORBIDDEN"),
        ("anonymous", "UNAUTHENTICATED"),
    ],
)
async def test_who_cannot_apply(graph: WorkflowClient, viewer: str, code: str) -> None:
    before = await _organization_count(graph)
    payload = await graph.mutate(viewer, "applyOrganization", APPLY, _application(graph))
    assert [e["code"] for e in payload["userErrors"]] == [code]
    assert await _organization_count(graph) == before


async def test_the_admin_approves_an_application_and_the_history_grows(graph: WorkflowClient) -> None:
    viewer = await _newcomer(graph, "newcomer")
    gid = (await graph.mutate(viewer, "applyOrganization", APPLY, _application(graph)))["organization"]["id"]
    review = """mutation($input: ReviewOrganizationInput!) {
      reviewOrganization(input: $input) {
        organization { status admissionHistory { toStatus } } userErrors { code }
      }
    }"""
    payload = await graph.mutate(
        "admin", "reviewOrganization", review, {"input": {"id": gid, "decision": "APPROVE"}}
    )
    assert payload["organization"] == {
        "status": "ACTIVE",
        "admissionHistory": [{"toStatus": "PENDING"}, {"toStatus": "ACTIVE"}],
    }
    steps = await graph.rows(CHANGES, CHANGES.c.organization_id == decode(gid)[1])
    assert [s["actor_account_id"] for s in steps] == [graph.world.ids[viewer], graph.world.ids["admin"]]


async def test_who_made_each_step_is_shown_to_staff_and_to_that_account_only(graph: WorkflowClient) -> None:
    viewer = await _newcomer(graph, "newcomer")
    gid = (await graph.mutate(viewer, "applyOrganization", APPLY, _application(graph)))["organization"]["id"]
    review = """mutation($input: ReviewOrganizationInput!) {
      reviewOrganization(input: $input) { userErrors { code } }
    }"""
    approved = await graph.mutate(
        "admin", "reviewOrganization", review, {"input": {"id": gid, "decision": "APPROVE"}}
    )
    assert approved["userErrors"] == []
    query = "query($id: ID!) { node(id: $id) { ... on Organization { admissionHistory { actor { id } } } } }"

    async def actors(as_viewer: str) -> list[str | None]:
        body = await graph.post(as_viewer, query, {"id": gid})
        return [step["actor"] and step["actor"]["id"] for step in body["data"]["node"]["admissionHistory"]]

    applicant, admin = encode("Account", graph.world.ids[viewer]), encode("Account", graph.world.ids["admin"])
    assert await actors("admin") == [applicant, admin]
    assert await actors("supervisor") == [applicant, admin]
    assert await actors(viewer) == [applicant, None]
    assert await actors("m1") == [None, None]
    assert await actors("anonymous") == [None, None]
