"""Social workers join themselves (registerSocialWorker): PENDING, so not offered and unable to
take on engagements, until staff verify them (verifySocialWorker)."""

from __future__ import annotations

import asyncio
from typing import Any

from datasources.tables import AuditEntry, SocialWorker
from domain.global_ids import decode, encode
from domain.workflows.joining import PRIVACY_POLICY_VERSION
from tests.workflows.conftest import WorkflowClient
from tests.workflows.market import propose
from tests.workflows.test_joining import district, errors, send

REGISTER = """
mutation($input: RegisterSocialWorkerInput!) {
  registerSocialWorker(input: $input) {
    socialWorker { id name verificationStatus certificateNumber qualificationLevel phone }
    token
    userErrors { field code message }
  }
}"""
VERIFY = """
mutation($input: VerifySocialWorkerInput!) {
  verifySocialWorker(input: $input) {
    socialWorker { id verificationStatus verificationNote }
    userErrors { field code }
  }
}"""
OFFERED = "query($id: ID!) { node(id: $id) { ... on Resource { offered } } }"
PHONE = "13822223333"
social_workers = SocialWorker.__table__


async def offered(graph: WorkflowClient, resource: str) -> bool:
    body = await graph.post("m1", OFFERED, {"id": resource})
    return body["data"]["node"]["offered"]


async def register(graph: WorkflowClient, **changes: Any) -> dict[str, Any]:
    await send(graph, PHONE)
    sign_up = {
        "username": "zhao_shegong",
        "password": "社工-用心-2026",
        "displayName": "赵老师",
        "realName": "赵敏",
        "phone": PHONE,
        "phoneCode": graph.outbox.last_code(PHONE),
        "districtId": await district(graph),
        "privacyPolicyVersion": PRIVACY_POLICY_VERSION,
        "qualificationLevel": "INTERMEDIATE",
        "certificateNumber": "s2026-110105-0042",
        "specialties": ["婚姻家庭"],
        "yearsOfExperience": 6,
        **changes,
    }
    return await graph.mutate("anonymous", "registerSocialWorker", REGISTER, {"input": sign_up})


async def verify(graph: WorkflowClient, viewer: str, worker: str, decision: str, reason: str | None = None):
    variables = {"input": {"id": worker, "decision": decision, "reason": reason}}
    return await graph.mutate(viewer, "verifySocialWorker", VERIFY, variables)


async def test_a_self_registered_social_worker_is_pending_and_not_offered(graph: WorkflowClient) -> None:
    payload = await register(graph)
    assert payload["userErrors"] == [] and payload["token"]
    worker = payload["socialWorker"]
    assert worker["verificationStatus"] == "PENDING" and worker["name"] == "赵敏"
    assert worker["certificateNumber"] == "S2026-110105-0042" and worker["phone"] == PHONE
    pk = decode(worker["id"])[1]
    resource = encode("Resource", await graph.build.resource(("SOCIAL_WORKER", pk), title="婚姻家庭辅导"))
    demand = encode(
        "Demand", await graph.build.demand(graph.world.party("H1"), title="家庭辅导", status="OPEN")
    )
    assert await offered(graph, resource) is False
    refused = await propose(graph, "m1", demand, resource)
    assert [(error["code"], error["field"]) for error in refused["userErrors"]] == [
        ("INVALID_STATE", ["input", "resourceId"])
    ]

    assert errors(await verify(graph, "s1", worker["id"], "VERIFY")) == [(None, "FORBIDDEN")]
    verified = await verify(graph, "supervisor", worker["id"], "VERIFY")
    assert verified["userErrors"] == [] and verified["socialWorker"]["verificationStatus"] == "VERIFIED"
    assert await offered(graph, resource) is True
    assert (await propose(graph, "m1", demand, resource))["userErrors"] == []
    again = await verify(graph, "admin", worker["id"], "REJECT", "证书过期")
    assert errors(again) == [(["input", "id"], "INVALID_STATE")]
    [entry] = await graph.rows(AuditEntry.__table__, AuditEntry.__table__.c.action == "verifySocialWorker")
    assert entry["before"] == {"status": "PENDING"} and entry["after"]["status"] == "VERIFIED"


async def test_a_refusal_says_why_and_she_reads_it(graph: WorkflowClient) -> None:
    registered = await register(graph)
    worker = registered["socialWorker"]["id"]
    assert errors(await verify(graph, "admin", worker, "REJECT")) == [(["input", "reason"], "REQUIRED")]
    assert errors(await verify(graph, "admin", "not-an-id", "VERIFY")) == [(["input", "id"], "INVALID")]
    rejected = await verify(graph, "admin", worker, "REJECT", "证书编号查无此证")
    assert rejected["socialWorker"] == {
        "id": worker,
        "verificationStatus": "REJECTED",
        "verificationNote": "证书编号查无此证",
    }
    query = (
        "query($id: ID!) { node(id: $id) { ... on SocialWorker { verificationStatus verificationNote } } }"
    )
    response = await graph.http.post(
        "/graphql",
        json={"query": query, "variables": {"id": worker}},
        headers={"authorization": f"Bearer {registered['token']}"},
    )
    assert response.json()["data"]["node"] == {
        "verificationStatus": "REJECTED",
        "verificationNote": "证书编号查无此证",
    }
    others = await graph.post("m1", query, {"id": worker})  # not hers: FORBIDDEN at the field
    assert others["data"]["node"]["verificationNote"] is None


async def test_two_staff_deciding_at_once_make_one_decision(graph: WorkflowClient) -> None:
    worker = (await register(graph))["socialWorker"]["id"]
    results = await asyncio.gather(
        verify(graph, "admin", worker, "VERIFY"), verify(graph, "supervisor", worker, "REJECT", "不符")
    )
    won, lost = sorted((errors(result) for result in results), key=len)
    assert won == [] and lost in ([(["input", "id"], "CONFLICT")], [(["input", "id"], "INVALID_STATE")])
    entries = await graph.rows(AuditEntry.__table__, AuditEntry.__table__.c.action == "verifySocialWorker")
    assert len(entries) == 1


async def test_its_own_fields_are_checked_all_at_once(graph: WorkflowClient) -> None:
    payload = await register(
        graph, certificateNumber="#1", specialties=["", "婚姻家庭"], yearsOfExperience=99
    )
    assert sorted(map(str, errors(payload))) == sorted(
        map(
            str,
            [
                (["input", "certificateNumber"], "INVALID"),
                (["input", "specialties"], "INVALID"),
                (["input", "yearsOfExperience"], "OUT_OF_RANGE"),
            ],
        )
    )
    assert await graph.rows(social_workers, social_workers.c.phone == PHONE) == []
