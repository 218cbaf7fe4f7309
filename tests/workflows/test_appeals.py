"""The 24-hour appeal channel: submitting (no sign-in), replying, converting, closing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from datasources.tables import Appeal, AppealReply, AuditEntry, Demand, District
from domain.global_ids import encode
from domain.workflows.appeals import TRACKING_CHARSET, TRACKING_LENGTH, TRACKING_PREFIX
from tests.workflows.conftest import WorkflowClient

SUBMIT = """
mutation($input: SubmitAppealInput!) {
  submitAppeal(input: $input) {
    appeal { id trackingCode status topic home { id } }
    userErrors { field code message }
  }
}"""
REPLY = """
mutation($input: ReplyToAppealInput!) {
  replyToAppeal(input: $input) { appeal { status replies { body } } userErrors { field code } }
}"""
CONVERT = """
mutation($input: ConvertAppealToDemandInput!) {
  convertAppealToDemand(input: $input) {
    appeal { status demand { id status title requester { id } } }
    userErrors { field code }
  }
}"""
CLOSE = """
mutation($input: CloseAppealInput!) {
  closeAppeal(input: $input) { appeal { status } userErrors { field code } }
}"""
FOLLOW = """
query($code: String!) {
  appeal(trackingCode: $code) { status replies { body } demand { status quantityMatched } }
}"""
QUEUE = "query($id: ID!) { node(id: $id) { ... on Home { appeals { totalCount } } } }"
appeals = Appeal.__table__


def codes(payload: dict) -> list[tuple[list[str] | None, str]]:
    return [(error["field"], error["code"]) for error in payload["userErrors"]]


def appeal_input(**changes: Any) -> dict[str, Any]:
    return {"topic": "就业求助", "content": "想参加技能培训重新就业。", **changes}


async def district_gid(graph: WorkflowClient) -> str:
    async with graph.engine.connect() as connection:
        table = District.__table__
        pk = (await connection.execute(select(table.c.id).where(table.c.code == "110101"))).scalar_one()
    return encode("District", pk)


async def test_a_resident_submits_without_signing_in_and_follows_by_code(graph: WorkflowClient) -> None:
    payload = await graph.mutate(
        "anonymous",
        "submitAppeal",
        SUBMIT,
        {
            "input": appeal_input(
                homeId=graph.world.gid("H1"), contactName="李女士", contactPhone="13512345678"
            )
        },
    )
    assert payload["userErrors"] == []
    appeal = payload["appeal"]
    code = appeal["trackingCode"]
    assert code.startswith(TRACKING_PREFIX) and len(code) == len(TRACKING_PREFIX) + TRACKING_LENGTH
    assert set(code[len(TRACKING_PREFIX) :]) <= set(TRACKING_CHARSET)
    assert (appeal["status"], appeal["home"]["id"]) == ("SUBMITTED", graph.world.gid("H1"))
    rows = await graph.rows(appeals, appeals.c.tracking_code == code)
    assert (rows[0]["contact_name"], rows[0]["contact_phone"]) == ("李女士", "13512345678")
    followed = await graph.post("anonymous", FOLLOW, {"code": code})
    assert followed["data"]["appeal"] == {"status": "SUBMITTED", "replies": [], "demand": None}
    entries = await graph.rows(AuditEntry.__table__, AuditEntry.__table__.c.action == "submitAppeal")
    assert [(e["actor_account_id"], e["after"]) for e in entries] == [(None, {"status": "SUBMITTED"})]


async def test_a_district_appeal_goes_to_its_least_busy_home(graph: WorkflowClient) -> None:
    district = await district_gid(graph)
    first = await graph.mutate(
        "anonymous", "submitAppeal", SUBMIT, {"input": appeal_input(districtId=district)}
    )
    # H1 holds the world's open appeal AP1, H2 none: H2 gets it; then both hold one: the older H1.
    second = await graph.mutate(
        "anonymous", "submitAppeal", SUBMIT, {"input": appeal_input(districtId=district)}
    )
    homes = [first["appeal"]["home"]["id"], second["appeal"]["home"]["id"]]
    assert homes == [graph.world.gid("H2"), graph.world.gid("H1")]


async def test_bad_appeals_are_refused_and_change_nothing(graph: WorkflowClient) -> None:
    both = appeal_input(homeId=graph.world.gid("H1"), districtId=await district_gid(graph))
    bad = {**both, "topic": "", "content": "x" * 2001, "contactPhone": "call me"}
    payload = await graph.mutate("anonymous", "submitAppeal", SUBMIT, {"input": bad})
    assert codes(payload) == [
        (["input", "homeId"], "INVALID"),
        (["input", "topic"], "REQUIRED"),
        (["input", "content"], "TOO_LONG"),
        (["input", "contactPhone"], "INVALID"),
    ]
    neither = await graph.mutate("anonymous", "submitAppeal", SUBMIT, {"input": appeal_input()})
    assert codes(neither) == [(["input", "homeId"], "INVALID")]
    wrong = await graph.mutate(
        "anonymous", "submitAppeal", SUBMIT, {"input": appeal_input(homeId=graph.world.gid("O1"))}
    )
    assert codes(wrong) == [(["input", "homeId"], "INVALID")]
    assert len(await graph.rows(appeals)) == 1


async def test_anonymous_submissions_are_rate_limited_per_client(graph: WorkflowClient) -> None:
    variables = {"input": appeal_input(homeId=graph.world.gid("H2"))}
    for _ in range(10):  # the default limit per client address and hour
        assert (await graph.mutate("anonymous", "submitAppeal", SUBMIT, variables))["userErrors"] == []
    refused = await graph.mutate("anonymous", "submitAppeal", SUBMIT, variables)
    assert codes(refused) == [(None, "RATE_LIMITED")]
    signed_in = await graph.mutate("v1", "submitAppeal", SUBMIT, variables)
    assert signed_in["userErrors"] == []
    assert len(await graph.rows(appeals)) == 12


async def test_a_signed_in_retry_with_the_same_key_files_one_appeal(graph: WorkflowClient) -> None:
    variables = {"input": appeal_input(homeId=graph.world.gid("H2"), idempotencyKey="appeal-1")}
    first = await graph.mutate("v1", "submitAppeal", SUBMIT, variables)
    retry = await graph.mutate("v1", "submitAppeal", SUBMIT, variables)
    assert first["userErrors"] == [] and retry["appeal"] == first["appeal"]
    assert len(await graph.rows(appeals)) == 2  # the world's appeal and this one
    # An anonymous caller's key must be hard to guess; nothing is filed with a short one.
    anonymous = await graph.mutate("anonymous", "submitAppeal", SUBMIT, variables)
    assert codes(anonymous) == [(["input", "idempotencyKey"], "INVALID")]
    assert len(await graph.rows(appeals)) == 2


async def test_an_anonymous_retry_with_the_same_key_and_input_files_one_appeal(graph: WorkflowClient) -> None:
    """Anonymous keys are scoped by the input: the same key with the same input replays the first
    result; with another input it files another appeal (someone else's form, or an edited one)."""
    key = "0b9f6c1e-5d2a-4f4e-9a51-7f1c2d3e4a5b"
    variables = {"input": appeal_input(homeId=graph.world.gid("H2"), idempotencyKey=key)}
    first = await graph.mutate("anonymous", "submitAppeal", SUBMIT, variables)
    retry = await graph.mutate("anonymous", "submitAppeal", SUBMIT, variables)
    assert first["userErrors"] == [] and retry["appeal"] == first["appeal"]
    assert len(await graph.rows(appeals)) == 2
    edited = {"input": {**variables["input"], "content": "想参加家政培训。"}}
    other = await graph.mutate("anonymous", "submitAppeal", SUBMIT, edited)
    assert other["userErrors"] == [] and other["appeal"]["id"] != first["appeal"]["id"]
    signed_in = await graph.mutate("v1", "submitAppeal", SUBMIT, variables)  # a key of her own
    assert signed_in["appeal"]["id"] not in (first["appeal"]["id"], other["appeal"]["id"])
    assert len(await graph.rows(appeals)) == 4


async def test_the_home_replies_and_the_resident_reads_it(graph: WorkflowClient) -> None:
    variables = {"input": {"appealId": graph.world.gid("AP1"), "body": "您好，我们将在三个工作日内联系您。"}}
    for viewer, code in (("anonymous", "UNAUTHENTICATED"), ("m2", "NOT_FOUND"), ("v1", "NOT_FOUND")):
        expected = [(None, code)] if code == "UNAUTHENTICATED" else [(["input", "appealId"], code)]
        assert codes(await graph.mutate(viewer, "replyToAppeal", REPLY, variables)) == expected, viewer
    blank = {"input": {"appealId": graph.world.gid("AP1"), "body": ""}}
    assert codes(await graph.mutate("m1", "replyToAppeal", REPLY, blank)) == [(["input", "body"], "REQUIRED")]
    replied = await graph.mutate("m1", "replyToAppeal", REPLY, variables)
    assert replied["userErrors"] == [] and replied["appeal"]["status"] == "REPLIED"
    by_staff = await graph.mutate("supervisor", "replyToAppeal", REPLY, variables)
    assert len(by_staff["appeal"]["replies"]) == 2
    followed = await graph.post("anonymous", FOLLOW, {"code": "TESTAPPEAL01"})
    assert followed["data"]["appeal"]["status"] == "REPLIED"
    assert len(await graph.rows(AppealReply.__table__)) == 2


async def test_the_manager_converts_an_appeal_into_a_demand_the_resident_follows(
    graph: WorkflowClient,
) -> None:
    variables = {
        "input": {
            "appealId": graph.world.gid("AP1"),
            "title": "社区妇女就业技能培训",
            "category": "PROFESSIONAL_SERVICE",
            "quantity": 2,
        }
    }
    assert codes(await graph.mutate("admin", "convertAppealToDemand", CONVERT, variables)) == [
        (None, "FORBIDDEN")
    ]
    assert codes(await graph.mutate("m2", "convertAppealToDemand", CONVERT, variables)) == [
        (["input", "appealId"], "NOT_FOUND")
    ]
    bad = {"input": {**variables["input"], "title": "", "quantity": 0}}
    assert codes(await graph.mutate("m1", "convertAppealToDemand", CONVERT, bad)) == [
        (["input", "title"], "REQUIRED"),
        (["input", "quantity"], "OUT_OF_RANGE"),
    ]
    assert len(await graph.rows(Demand.__table__)) == 3
    converted = await graph.mutate("m1", "convertAppealToDemand", CONVERT, variables)
    assert converted["userErrors"] == []
    appeal = converted["appeal"]
    assert appeal["status"] == "CONVERTED"
    assert appeal["demand"]["status"] == "OPEN" and appeal["demand"]["requester"]["id"] == graph.world.gid(
        "H1"
    )
    demands = await graph.rows(Demand.__table__, Demand.__table__.c.appeal_id == graph.world.ids["AP1"])
    assert [(d["title"], d["quantity"], d["requester_kind"]) for d in demands] == [
        ("社区妇女就业技能培训", 2, "HOME")
    ]
    followed = await graph.post("anonymous", FOLLOW, {"code": "TESTAPPEAL01"})
    assert followed["data"]["appeal"]["demand"] == {"status": "OPEN", "quantityMatched": 0}
    again = await graph.mutate("m1", "convertAppealToDemand", CONVERT, variables)
    assert codes(again) == [(None, "INVALID_STATE")]
    reply = {"input": {"appealId": graph.world.gid("AP1"), "body": "x"}}
    assert codes(await graph.mutate("m1", "replyToAppeal", REPLY, reply)) == [(None, "INVALID_STATE")]


async def test_closing_an_appeal(graph: WorkflowClient) -> None:
    variables = {"input": {"appealId": graph.world.gid("AP1"), "reason": "已电话回访解决"}}
    assert codes(await graph.mutate("o1", "closeAppeal", CLOSE, variables)) == [
        (["input", "appealId"], "NOT_FOUND")
    ]
    closed = await graph.mutate("m1", "closeAppeal", CLOSE, variables)
    assert closed == {"appeal": {"status": "CLOSED"}, "userErrors": []}
    assert codes(await graph.mutate("admin", "closeAppeal", CLOSE, variables)) == [(None, "INVALID_STATE")]
    entries = await graph.rows(AuditEntry.__table__, AuditEntry.__table__.c.action == "closeAppeal")
    assert [(e["actor_account_id"], e["before"], e["after"]) for e in entries] == [
        (graph.world.ids["m1"], {"status": "SUBMITTED"}, {"status": "CLOSED", "reason": "已电话回访解决"})
    ]


async def test_only_the_home_and_staff_see_its_queue(graph: WorkflowClient) -> None:
    for viewer, sees in (("m1", True), ("admin", True), ("m2", False), ("anonymous", False)):
        body = await graph.post(viewer, QUEUE, {"id": graph.world.gid("H1")})
        queue = body["data"]["node"]["appeals"]
        assert (queue == {"totalCount": 1}) if sees else queue is None, viewer
