"""External supervision (外部监管): filing complaints (no sign-in), acting on them, closing them,
and the supervision record they leave on participants. The world holds complaint CP1 (OPEN,
version 1), filed by v1 about the ACTIVE organization O1."""

from __future__ import annotations

from typing import Any

from datasources.tables import AuditEntry, Complaint, ComplaintAction, Organization, OrganizationStatusChange
from domain.global_ids import encode
from domain.workflows.appeals import TRACKING_CHARSET, TRACKING_LENGTH, TRACKING_PREFIX
from tests.workflows.conftest import WorkflowClient
from tests.workflows.test_appeals import SUBMIT, appeal_input

FILE = """
mutation($input: FileComplaintInput!) {
  fileComplaint(input: $input) {
    complaint { id trackingCode status category version subject { id } }
    userErrors { field code message }
  }
}"""
ACT = """
mutation($input: ActOnComplaintInput!) {
  actOnComplaint(input: $input) {
    complaint { status version actions { action reason } }
    userErrors { field code message }
  }
}"""
CLOSE = """
mutation($input: CloseComplaintInput!) {
  closeComplaint(input: $input) {
    complaint { status outcome outcomeNote version closedAt }
    userErrors { field code }
  }
}"""
FOLLOW = """
query($code: String!) {
  complaint(trackingCode: $code) { status category description outcome outcomeNote createdAt closedAt }
}"""
RECORD = """
query($id: ID!) {
  node(id: $id) {
    ... on Participant {
      supervisionRecord {
        complaintCount openComplaintCount upheldComplaintCount warningCount suspensionCount
      }
    }
  }
}"""
QUEUE = """
query($filter: ComplaintFilter, $first: Int, $after: String) {
  complaints(filter: $filter, first: $first, after: $after) {
    totalCount nodes { trackingCode status } pageInfo { endCursor hasNextPage }
  }
}"""
complaints = Complaint.__table__
actions = ComplaintAction.__table__
audit = AuditEntry.__table__


def codes(payload: dict) -> list[tuple[list[str] | None, str]]:
    return [(error["field"], error["code"]) for error in payload["userErrors"]]


def complaint_input(graph: WorkflowClient, subject: str = "O1", **changes: Any) -> dict[str, Any]:
    return {
        "subjectId": graph.world.gid(subject),
        "category": "SERVICE_QUALITY",
        "description": "约好的上门服务一直没有人来。",
        **changes,
    }


def act_input(graph: WorkflowClient, action: str, version: int = 1, name: str = "CP1") -> dict[str, Any]:
    return {
        "input": {
            "id": graph.world.gid(name),
            "expectedVersion": version,
            "action": action,
            "reason": "经核实",
        }
    }


def close_input(graph: WorkflowClient, version: int = 1, outcome: str = "UPHELD") -> dict[str, Any]:
    return {
        "input": {
            "id": graph.world.gid("CP1"),
            "expectedVersion": version,
            "outcome": outcome,
            "note": "已整改",
        }
    }


async def record(graph: WorkflowClient, name: str) -> dict[str, int]:
    body = await graph.post("anonymous", RECORD, {"id": graph.world.gid(name)})
    return body["data"]["node"]["supervisionRecord"]


def counts(complaints: int, open: int = 0, upheld: int = 0, warnings: int = 0, suspensions: int = 0) -> dict:
    return {
        "complaintCount": complaints,
        "openComplaintCount": open,
        "upheldComplaintCount": upheld,
        "warningCount": warnings,
        "suspensionCount": suspensions,
    }


async def file(graph: WorkflowClient, viewer: str = "anonymous", **changes: Any) -> dict[str, Any]:
    payload = await graph.mutate(viewer, "fileComplaint", FILE, {"input": complaint_input(graph, **changes)})
    assert payload["userErrors"] == [], payload
    return payload["complaint"]


async def test_anyone_files_a_complaint_and_follows_it_by_its_code(graph: WorkflowClient) -> None:
    contact = {"contactName": "刘女士", "contactPhone": "13512345678", "contactEmail": "liu@example.org"}
    complaint = await file(graph, **contact)
    code = complaint["trackingCode"]
    assert code.startswith(TRACKING_PREFIX) and len(code) == len(TRACKING_PREFIX) + TRACKING_LENGTH
    assert set(code[len(TRACKING_PREFIX) :]) <= set(TRACKING_CHARSET)
    assert complaint["status"] == "OPEN" and complaint["version"] == 1
    assert complaint["subject"] == {"id": graph.world.gid("O1")}
    [row] = await graph.rows(complaints, complaints.c.tracking_code == code)
    assert (row["contact_name"], row["contact_phone"], row["contact_email"]) == (
        "刘女士",
        "13512345678",
        "liu@example.org",
    )
    assert (row["subject_kind"], row["complainant_account_id"]) == ("ORGANIZATION", None)
    entries = await graph.rows(audit, audit.c.action == "fileComplaint")
    assert [(e["actor_account_id"], e["entity_id"], e["after"]) for e in entries] == [
        (None, row["id"], {"status": "OPEN"})
    ]
    followed = await graph.post("anonymous", FOLLOW, {"code": code.lower()})
    shown = followed["data"]["complaint"]
    assert (shown["status"], shown["category"], shown["outcome"], shown["closedAt"]) == (
        "OPEN",
        "SERVICE_QUALITY",
        None,
        None,
    )
    assert shown["description"] == "约好的上门服务一直没有人来。"
    assert (await graph.post("anonymous", FOLLOW, {"code": "YWNOSUCHCODE"}))["data"] == {"complaint": None}


async def test_only_staff_read_the_complainants_contact(graph: WorkflowClient) -> None:
    text = "query($c: String!) { complaint(trackingCode: $c) { status contactPhone actions { action } } }"
    for viewer in ("anonymous", "v1", "o1", "m1", "supervisor", "admin"):
        body = await graph.post(viewer, text, {"c": "TESTCOMPLAINT1"})
        shown = body["data"]["complaint"]
        assert shown["status"] == "OPEN", viewer
        if viewer in ("supervisor", "admin"):
            assert (shown["contactPhone"], shown["actions"]) == ("13600000000", []), viewer
            assert "errors" not in body
        else:
            # v1 filed it and O1 is complained about: neither reads the contact or the actions.
            assert (shown["contactPhone"], shown["actions"]) == (None, None), viewer
            assert sorted(e["path"][-1] for e in body["errors"]) == ["actions", "contactPhone"]
            assert {e["extensions"]["code"] for e in body["errors"]} == {"FORBIDDEN"}


async def test_bad_complaints_are_refused_and_change_nothing(graph: WorkflowClient) -> None:
    bad = complaint_input(graph, description="x" * 4001, contactPhone="call me", contactEmail="nowhere")
    assert codes(await graph.mutate("anonymous", "fileComplaint", FILE, {"input": bad})) == [
        (["input", "description"], "TOO_LONG"),
        (["input", "contactPhone"], "INVALID"),
        (["input", "contactEmail"], "INVALID"),
    ]
    blank = complaint_input(graph, description=" ")
    assert codes(await graph.mutate("anonymous", "fileComplaint", FILE, {"input": blank})) == [
        (["input", "description"], "REQUIRED")
    ]
    for subject, code in (
        (graph.world.gid("AP1"), "INVALID"),  # not a participant
        ("not-an-id", "INVALID"),
        (encode("Organization", 999), "NOT_FOUND"),
        (graph.world.gid("O2"), "NOT_FOUND"),  # pending: the public does not see it
    ):
        variables = {"input": {**complaint_input(graph), "subjectId": subject}}
        payload = await graph.mutate("anonymous", "fileComplaint", FILE, variables)
        assert codes(payload) == [(["input", "subjectId"], code)], subject
    assert len(await graph.rows(complaints)) == 1


async def test_anonymous_complaints_are_rate_limited_per_client(graph: WorkflowClient) -> None:
    variables = {"input": complaint_input(graph, subject="H1")}
    for _ in range(10):  # the default limit per client address and hour
        assert (await graph.mutate("anonymous", "fileComplaint", FILE, variables))["userErrors"] == []
    refused = await graph.mutate("anonymous", "fileComplaint", FILE, variables)
    assert codes(refused) == [(None, "RATE_LIMITED")]
    assert (await graph.mutate("v1", "fileComplaint", FILE, variables))["userErrors"] == []
    assert len(await graph.rows(complaints)) == 12
    # The appeal channel keeps its own budget: complaining does not use up a resident's appeals.
    appeal = {"input": appeal_input(homeId=graph.world.gid("H1"))}
    assert (await graph.mutate("anonymous", "submitAppeal", SUBMIT, appeal))["userErrors"] == []


async def test_a_signed_in_retry_with_the_same_key_files_one_complaint(graph: WorkflowClient) -> None:
    variables = {"input": complaint_input(graph, subject="S1", idempotencyKey="complaint-1")}
    first = await graph.mutate("v2", "fileComplaint", FILE, variables)
    retry = await graph.mutate("v2", "fileComplaint", FILE, variables)
    assert first["userErrors"] == [] and retry["complaint"] == first["complaint"]
    rows = await graph.rows(complaints)
    assert len(rows) == 2 and rows[1]["complainant_account_id"] == graph.world.ids["v2"]
    # An anonymous caller's key must be hard to guess; nothing is filed with a short one.
    anonymous = await graph.mutate("anonymous", "fileComplaint", FILE, variables)
    assert codes(anonymous) == [(["input", "idempotencyKey"], "INVALID")]
    assert len(await graph.rows(complaints)) == 2


async def test_an_anonymous_retry_with_the_same_key_and_input_files_one_complaint(
    graph: WorkflowClient,
) -> None:
    key = "3c0e8a51-6b7d-4c2f-9e10-5a4b3c2d1e0f"
    variables = {"input": complaint_input(graph, subject="S1", idempotencyKey=key)}
    first = await graph.mutate("anonymous", "fileComplaint", FILE, variables)
    retry = await graph.mutate("anonymous", "fileComplaint", FILE, variables)
    assert first["userErrors"] == [] and retry["complaint"] == first["complaint"]
    other = {"input": {**variables["input"], "description": "服务人员态度很差。"}}
    assert (await graph.mutate("anonymous", "fileComplaint", FILE, other))["complaint"] != first["complaint"]
    assert len(await graph.rows(complaints)) == 3


async def test_only_supervisors_and_admins_act_and_close(graph: WorkflowClient) -> None:
    # anonymous; the complainant; a member of the organization complained about; a home manager
    for viewer, code in (
        ("anonymous", "UNAUTHENTICATED"),
        ("v1", "FORBIDDEN"),
        ("o1", "FORBIDDEN"),
        ("m1", "FORBIDDEN"),
    ):
        assert codes(await graph.mutate(viewer, "actOnComplaint", ACT, act_input(graph, "NOTE"))) == [
            (None, code)
        ]
        assert codes(await graph.mutate(viewer, "closeComplaint", CLOSE, close_input(graph))) == [
            (None, code)
        ]
    assert await graph.rows(actions) == []
    assert (await graph.mutate("supervisor", "actOnComplaint", ACT, act_input(graph, "NOTE")))[
        "userErrors"
    ] == []
    assert (await graph.mutate("admin", "closeComplaint", CLOSE, close_input(graph, 2)))["userErrors"] == []


async def test_a_warning_puts_the_complaint_in_review_and_on_the_record(graph: WorkflowClient) -> None:
    assert await record(graph, "O1") == counts(1, open=1)
    warned = await graph.mutate("supervisor", "actOnComplaint", ACT, act_input(graph, "WARN"))
    assert warned == {
        "complaint": {
            "status": "IN_REVIEW",
            "version": 2,
            "actions": [{"action": "WARN", "reason": "经核实"}],
        },
        "userErrors": [],
    }
    noted = await graph.mutate("admin", "actOnComplaint", ACT, act_input(graph, "NOTE", version=2))
    assert noted["complaint"]["status"] == "IN_REVIEW" and noted["complaint"]["version"] == 3
    assert [a["action"] for a in noted["complaint"]["actions"]] == ["WARN", "NOTE"]
    actors = "query($id: ID!) { node(id: $id) { ... on Complaint { actions { actor { id } } } } }"
    body = await graph.post("supervisor", actors, {"id": graph.world.gid("CP1")})
    assert [a["actor"]["id"] for a in body["data"]["node"]["actions"]] == [
        encode("Account", graph.world.ids["supervisor"]),
        encode("Account", graph.world.ids["admin"]),
    ]
    rows = await graph.rows(actions)
    assert [(r["action"], r["actor_account_id"]) for r in rows] == [
        ("WARN", graph.world.ids["supervisor"]),
        ("NOTE", graph.world.ids["admin"]),
    ]
    entries = await graph.rows(audit, audit.c.action == "actOnComplaint")
    assert [(e["actor_account_id"], e["before"], e["after"]) for e in entries] == [
        (
            graph.world.ids["supervisor"],
            {"status": "OPEN"},
            {"status": "IN_REVIEW", "action": "WARN", "reason": "经核实"},
        ),
        (
            graph.world.ids["admin"],
            {"status": "IN_REVIEW"},
            {"status": "IN_REVIEW", "action": "NOTE", "reason": "经核实"},
        ),
    ]
    assert await record(graph, "O1") == counts(1, open=1, warnings=1)
    assert await record(graph, "H1") == counts(0)


async def test_a_stale_version_is_a_conflict_and_changes_nothing(graph: WorkflowClient) -> None:
    assert (await graph.mutate("supervisor", "actOnComplaint", ACT, act_input(graph, "NOTE")))[
        "userErrors"
    ] == []
    stale = await graph.mutate("admin", "actOnComplaint", ACT, act_input(graph, "WARN", version=1))
    assert codes(stale) == [(["input", "expectedVersion"], "CONFLICT")]
    assert codes(await graph.mutate("admin", "closeComplaint", CLOSE, close_input(graph, 1))) == [
        (["input", "expectedVersion"], "CONFLICT")
    ]
    row = await graph.row(complaints, graph.world.ids["CP1"])
    assert (row["status"], row["version"], row["outcome"]) == ("IN_REVIEW", 2, None)
    assert [r["action"] for r in await graph.rows(actions)] == ["NOTE"]


async def test_an_action_needs_a_reason(graph: WorkflowClient) -> None:
    variables = act_input(graph, "WARN")
    variables["input"]["reason"] = "  "
    assert codes(await graph.mutate("supervisor", "actOnComplaint", ACT, variables)) == [
        (["input", "reason"], "REQUIRED")
    ]
    assert (await graph.row(complaints, graph.world.ids["CP1"]))["status"] == "OPEN"


async def test_a_complaint_suspends_its_organization(graph: WorkflowClient) -> None:
    organizations, changes = Organization.__table__, OrganizationStatusChange.__table__
    o1 = graph.world.ids["O1"]
    suspended = await graph.mutate("supervisor", "actOnComplaint", ACT, act_input(graph, "SUSPEND"))
    assert suspended["userErrors"] == [] and suspended["complaint"]["status"] == "IN_REVIEW"
    assert (await graph.row(organizations, o1))["status"] == "SUSPENDED"
    [change] = await graph.rows(changes, changes.c.organization_id == o1)
    assert (change["from_status"], change["to_status"], change["reason"], change["actor_account_id"]) == (
        "ACTIVE",
        "SUSPENDED",
        "经核实",
        graph.world.ids["supervisor"],
    )
    entries = await graph.rows(audit, audit.c.action == "actOnComplaint")
    assert [(e["entity_type"], e["after"]["status"]) for e in entries] == [
        ("Complaint", "IN_REVIEW"),
        ("Organization", "SUSPENDED"),
    ]
    assert await record(graph, "O1") == counts(1, open=1, suspensions=1)
    # A second complaint cannot suspend it again: refused, and nothing of it is written.
    second = await file(graph, viewer="supervisor")
    again = await graph.mutate(
        "supervisor",
        "actOnComplaint",
        ACT,
        {"input": {**act_input(graph, "SUSPEND")["input"], "id": second["id"]}},
    )
    assert codes(again) == [(None, "INVALID_STATE")]
    rows = await graph.rows(complaints, complaints.c.tracking_code == second["trackingCode"])
    assert (rows[0]["status"], rows[0]["version"]) == ("OPEN", 1)
    assert len(await graph.rows(actions)) == 1
    assert len(await graph.rows(changes, changes.c.organization_id == o1)) == 1
    assert len(await graph.rows(audit, audit.c.action == "actOnComplaint")) == 2


async def test_only_an_organization_can_be_suspended(graph: WorkflowClient) -> None:
    complaint = await file(graph, subject="H1")
    variables = {
        "input": {"id": complaint["id"], "expectedVersion": 1, "action": "SUSPEND", "reason": "严重"}
    }
    english = await graph.mutate("admin", "actOnComplaint", ACT, variables, **{"accept-language": "en"})
    assert codes(english) == [(["input", "action"], "INVALID")]
    assert english["userErrors"][0]["message"].startswith("Only an organization can be suspended")
    chinese = await graph.mutate("admin", "actOnComplaint", ACT, variables)
    assert chinese["userErrors"][0]["message"].startswith("只能暂停机构")
    assert await graph.rows(actions) == []
    assert await record(graph, "H1") == counts(1, open=1)


async def test_closing_a_complaint_with_its_outcome(graph: WorkflowClient) -> None:
    closed = await graph.mutate("supervisor", "closeComplaint", CLOSE, close_input(graph))
    assert closed["userErrors"] == []
    shown = closed["complaint"]
    assert (shown["status"], shown["outcome"], shown["outcomeNote"], shown["version"]) == (
        "CLOSED",
        "UPHELD",
        "已整改",
        2,
    )
    assert shown["closedAt"] is not None
    followed = (await graph.post("anonymous", FOLLOW, {"code": "TESTCOMPLAINT1"}))["data"]["complaint"]
    assert (followed["status"], followed["outcome"], followed["outcomeNote"]) == (
        "CLOSED",
        "UPHELD",
        "已整改",
    )
    assert followed["closedAt"] == shown["closedAt"]
    assert codes(await graph.mutate("admin", "closeComplaint", CLOSE, close_input(graph, 2))) == [
        (None, "INVALID_STATE")
    ]
    for action in ("WARN", "SUSPEND", "NOTE"):
        acted = await graph.mutate("admin", "actOnComplaint", ACT, act_input(graph, action, version=2))
        assert codes(acted) == [(None, "INVALID_STATE")], action
    assert await graph.rows(actions) == []
    entries = await graph.rows(audit, audit.c.action == "closeComplaint")
    assert [(e["actor_account_id"], e["before"], e["after"]) for e in entries] == [
        (graph.world.ids["supervisor"], {"status": "OPEN"}, {"status": "CLOSED", "outcome": "UPHELD"})
    ]
    assert await record(graph, "O1") == counts(1, upheld=1)


async def test_the_queue_is_for_staff_oldest_first(graph: WorkflowClient) -> None:
    about_home = await file(graph, subject="H1")
    about_volunteer = await file(graph, subject="V1")
    await graph.mutate("supervisor", "actOnComplaint", ACT, act_input(graph, "NOTE"))
    everything = (await graph.post("supervisor", QUEUE))["data"]["complaints"]
    assert everything["totalCount"] == 3
    assert [n["trackingCode"] for n in everything["nodes"]] == [
        "TESTCOMPLAINT1",
        about_home["trackingCode"],
        about_volunteer["trackingCode"],
    ]
    open_ones = (await graph.post("admin", QUEUE, {"filter": {"statuses": ["OPEN"]}}))["data"]["complaints"]
    assert [n["trackingCode"] for n in open_ones["nodes"]] == [
        about_home["trackingCode"],
        about_volunteer["trackingCode"],
    ]
    home = (await graph.post("admin", QUEUE, {"filter": {"subject": graph.world.gid("H1")}}))["data"][
        "complaints"
    ]
    assert [n["trackingCode"] for n in home["nodes"]] == [about_home["trackingCode"]]
    page = (await graph.post("admin", QUEUE, {"first": 1}))["data"]["complaints"]
    assert page["pageInfo"]["hasNextPage"] and page["nodes"] == [
        {"trackingCode": "TESTCOMPLAINT1", "status": "IN_REVIEW"}
    ]
    rest = (await graph.post("admin", QUEUE, {"first": 5, "after": page["pageInfo"]["endCursor"]}))["data"]
    assert len(rest["complaints"]["nodes"]) == 2
    for viewer in ("anonymous", "v1", "o1", "m1"):
        body = await graph.post(viewer, QUEUE)
        assert body["data"]["complaints"] is None, viewer
        assert body["errors"][0]["extensions"]["code"] in ("FORBIDDEN", "UNAUTHENTICATED")
        assert body["errors"][0]["path"] == ["complaints"]


async def test_supervision_records_of_every_kind_of_participant(graph: WorkflowClient) -> None:
    await file(graph, subject="H1")
    volunteer = await file(graph, subject="V1")
    await file(graph, subject="V1")
    variables = {
        "input": {"id": volunteer["id"], "expectedVersion": 1, "action": "WARN", "reason": "态度恶劣"}
    }
    assert (await graph.mutate("supervisor", "actOnComplaint", ACT, variables))["userErrors"] == []
    closing = {"input": {"id": volunteer["id"], "expectedVersion": 2, "outcome": "UPHELD"}}
    assert (await graph.mutate("supervisor", "closeComplaint", CLOSE, closing))["userErrors"] == []
    assert await record(graph, "V1") == counts(2, open=1, upheld=1, warnings=1)
    assert await record(graph, "H1") == counts(1, open=1)
    assert await record(graph, "S1") == counts(0)
    assert await record(graph, "O1") == counts(1, open=1)


async def test_supervision_records_of_a_page_cost_one_statement(graph: WorkflowClient) -> None:
    for subject in ("O1", "O2", "O3", "O3"):
        await file(graph, viewer="supervisor", subject=subject)
    await graph.mutate("supervisor", "actOnComplaint", ACT, act_input(graph, "WARN"))
    text = """
    query($n: Int!) {
      organizations(first: $n) {
        nodes { name supervisionRecord { complaintCount warningCount suspensionCount } }
      }
    }"""
    results = {}
    for n in (1, 3):
        async with graph.counter.count() as statements:
            body = await graph.post("supervisor", text, {"n": n})
        assert "errors" not in body, body
        results[n] = (body["data"]["organizations"]["nodes"], list(statements))
    # The viewer's account, the page, and one statement for the supervision records of all its rows.
    assert len(results[1][1]) == len(results[3][1]) == 3, results
    assert sum("FROM complaints" in statement for statement in results[3][1]) == 1
    records = {o["name"]: o["supervisionRecord"] for o in results[3][0]}
    assert records == {
        "Org O1": {"complaintCount": 2, "warningCount": 1, "suspensionCount": 0},
        "Org O2": {"complaintCount": 1, "warningCount": 0, "suspensionCount": 0},
        "Org O3": {"complaintCount": 2, "warningCount": 0, "suspensionCount": 0},
    }
