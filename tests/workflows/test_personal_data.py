"""Personal-data rights (PIPL): `viewer.personalData` (everything held about her, for her alone)
and `deleteMyAccount` (erased and pseudonymised, the audit log too; records and counts intact;
refused while commitments are open, naming each; an erased ref barred from a later import)."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime

import pytest

from datasources.tables import (
    Account,
    AuditEntry,
    Complaint,
    ErasedRef,
    Home,
    SocialWorker,
    Volunteer,
    VolunteerApplication,
)
from tests.workflows.conftest import WorkflowClient

ACCOUNTS = Account.__table__
AUDIT = AuditEntry.__table__
VOLUNTEERS = Volunteer.__table__
NOW = datetime.now(UTC)
PERSONAL_DATA = "{ viewer { personalData } }"
DELETE = """
mutation($input: DeleteMyAccountInput!) {
  deleteMyAccount(input: $input) { account { displayName username } userErrors { field code message } }
}"""
UPDATE = """
mutation($input: UpdateVolunteerProfileInput!) {
  updateVolunteerProfile(input: $input) { volunteer { version } userErrors { code } }
}"""


async def _delete(graph: WorkflowClient, viewer: str, confirm: bool = True) -> dict:
    return await graph.mutate(viewer, "deleteMyAccount", DELETE, {"input": {"confirm": confirm}})


async def test_she_reads_everything_held_about_her_in_one_document(graph: WorkflowClient) -> None:
    world = graph.world
    async with graph.counter.count() as statements:
        body = await graph.post("v1", PERSONAL_DATA)
    document = body["data"]["viewer"]["personalData"]
    assert document["account"]["id"] == world.gid("v1")
    assert document["account"]["username"] == "user_v1"
    assert document["actsFor"] == {"type": "Volunteer", "id": world.gid("V1")}
    assert document["profile"]["phone"] == world.rows["V1"]["phone"]
    assert document["profile"]["idNumber"] == world.rows["V1"]["id_number"]
    assert [a["id"] for a in document["applications"]] == [world.gid("A_active")]
    [complaint] = document["complaintsFiled"]
    assert complaint["id"] == world.gid("CP1") and complaint["contactName"] == "赵女士"
    assert "password" not in json.dumps(document).lower()
    # A fixed number of statements: the token's account, then one per part of the document, however
    # much she did (three more positions applied to, events registered for, complaints filed).
    assert len(statements) == 12
    for index in range(3):
        position = await graph.build.resource(
            world.party("O1"), title=f"岗位{index}", category="VOLUNTEER_POSITION"
        )
        await graph.build.application(world.party("V1"), position, "COMPLETED")
        event = await graph.build.event(world.party("O1"), title=f"活动{index}", starts_at=NOW, ends_at=NOW)
        await graph.build.registration(event, world.party("V1"))
        await graph.build.complaint(world.party("O1"), complainant_account_id=world.ids["v1"])
    async with graph.counter.count() as statements:
        body = await graph.post("v1", PERSONAL_DATA)
    assert len(body["data"]["viewer"]["personalData"]["applications"]) == 4
    assert len(statements) == 12


async def test_a_home_manager_gets_her_account_and_which_home_not_the_homes_records(
    graph: WorkflowClient,
) -> None:
    document = (await graph.post("m1", PERSONAL_DATA))["data"]["viewer"]["personalData"]
    assert document["actsFor"] == {"type": "Home", "id": graph.world.gid("H1")}
    assert "profile" not in document and document["account"]["phone"] == graph.world.rows["m1"]["phone"]


async def test_nobody_else_reads_it_not_even_staff(graph: WorkflowClient) -> None:
    query = "query($id: ID!) { node(id: $id) { ... on Account { personalData } } }"
    body = await graph.post("admin", query, {"id": graph.world.gid("v1")})
    assert body["data"]["node"]["personalData"] is None
    assert [error["extensions"]["code"] for error in body["errors"]] == ["FORBIDDEN"]


async def test_deleting_erases_her_and_keeps_the_records_and_counts(graph: WorkflowClient) -> None:
    world = graph.world
    pk = world.ids["V2"]
    await graph.build.change(Volunteer, pk, ref="vol-v2", service_minutes=240, rating_count=3, rating_sum=12)
    changed = await graph.mutate("v2", "updateVolunteerProfile", UPDATE, {
        "input": {"id": world.gid("V2"), "expectedVersion": 1, "phone": "13911112222", "skills": ["摄影"]}
    })  # fmt: skip
    assert changed["userErrors"] == []

    payload = await _delete(graph, "v2")
    assert payload == {
        "account": {"displayName": "已注销用户", "username": f"#erased-{world.ids['v2']}"},
        "userErrors": [],
    }

    account = await graph.row(ACCOUNTS, world.ids["v2"])
    assert (account["phone"], account["email"], account["password_hash"], account["is_active"]) == (
        None,
        None,
        None,
        False,
    )
    assert account["erased_at"] is not None
    volunteer = await graph.row(VOLUNTEERS, pk)
    assert volunteer["name"] == "已注销志愿者" and volunteer["ref"] is None
    assert all(volunteer[column] is None for column in ("phone", "email", "id_number", "lat", "lon"))
    assert (volunteer["service_minutes"], volunteer["rating_count"], volunteer["rating_sum"]) == (240, 3, 12)
    [application] = await graph.rows(
        VolunteerApplication.__table__, VolunteerApplication.__table__.c.volunteer_id == pk
    )
    assert application["id"] == world.ids["A_done"] and application["status"] == "COMPLETED"
    assert [row["ref"] for row in await graph.rows(ErasedRef.__table__)] == ["vol-v2"]
    # The audit log keeps what was done and which fields, not the values.
    [profile_change] = await graph.rows(AUDIT, AUDIT.c.entity_type == "Volunteer", AUDIT.c.entity_id == pk)
    assert profile_change["action"] == "updateVolunteerProfile"
    assert profile_change["after"] == {"phone": None, "skills": None}
    assert "13911112222" not in json.dumps([profile_change["before"], profile_change["after"]])
    # Her token no longer works.
    response = await graph.http.post(
        "/graphql", json={"query": "{ viewer { id } }"}, headers=world.headers("v2")
    )
    assert response.status_code == 401


async def test_open_commitments_refuse_it_each_named_and_nothing_changes(graph: WorkflowClient) -> None:
    payload = await _delete(graph, "v1")
    assert payload["account"] is None
    [error] = payload["userErrors"]
    assert (error["field"], error["code"]) == (["input"], "INVALID_STATE")
    assert graph.world.gid("A_active") in error["message"]
    refused = await _delete(graph, "s1")
    assert [e["code"] for e in refused["userErrors"]] == ["INVALID_STATE"]
    assert graph.world.gid("E_active") in refused["userErrors"][0]["message"]
    for name, table in (("v1", ACCOUNTS), ("V1", VOLUNTEERS), ("S1", SocialWorker.__table__)):
        row = await graph.row(table, graph.world.ids[name])
        assert (
            row["name" if name.isupper() else "username"]
            == graph.world.rows[name]["name" if name.isupper() else "username"]
        )
    assert await graph.rows(AUDIT, AUDIT.c.action == "deleteMyAccount") == []


async def test_a_home_manager_leaves_and_the_home_stays(graph: WorkflowClient) -> None:
    payload = await _delete(graph, "m2")
    assert payload["userErrors"] == []
    home = await graph.row(Home.__table__, graph.world.ids["H2"])
    assert home["name"] == "Home H2" and home["manager_account_id"] is None


async def test_her_complaints_keep_their_record_but_lose_her_contact(graph: WorkflowClient) -> None:
    await graph.build.change(VolunteerApplication, graph.world.ids["A_active"], status="COMPLETED")
    assert (await _delete(graph, "v1"))["userErrors"] == []
    complaint = await graph.row(Complaint.__table__, graph.world.ids["CP1"])
    assert complaint["description"] == "活动当天无人到场"
    assert (complaint["contact_name"], complaint["contact_phone"], complaint["contact_email"]) == (
        None,
        None,
        None,
    )


REFUSALS = [("admin", True, "FORBIDDEN"), ("v2", False, "REQUIRED"), ("anonymous", True, "UNAUTHENTICATED")]


@pytest.mark.parametrize(("viewer", "confirm", "code"), REFUSALS)
async def test_who_may_not_and_what_must_be_said(
    graph: WorkflowClient, viewer: str, confirm: bool, code: str
) -> None:
    payload = await _delete(graph, viewer, confirm)
    assert [error["code"] for error in payload["userErrors"]] == [code]
    assert await graph.rows(ACCOUNTS, ACCOUNTS.c.erased_at.is_not(None)) == []


async def test_two_racing_deletions_erase_once(graph: WorkflowClient) -> None:
    """The loser finds the account erased: CONFLICT, or (arriving after the commit) HTTP 401."""
    request = {"query": DELETE, "variables": {"input": {"confirm": True}}}
    headers = graph.world.headers("v2")
    responses = await asyncio.gather(
        *(graph.http.post("/graphql", json=request, headers=headers) for _ in "ab")
    )
    outcomes = sorted(
        "401"
        if r.status_code == 401
        else ",".join(e["code"] for e in r.json()["data"]["deleteMyAccount"]["userErrors"])
        for r in responses
    )
    assert outcomes[0] == "" and outcomes[1] in ("401", "CONFLICT")
    assert len(await graph.rows(AUDIT, AUDIT.c.action == "deleteMyAccount")) == 1


WITHDRAW = """
mutation($input: WithdrawConsentInput!) {
  withdrawConsent(input: $input) { account { id phone } userErrors { field code message } }
}"""


async def _withdraw(graph: WorkflowClient, viewer: str, confirm: bool = True) -> dict:
    return await graph.mutate(viewer, "withdrawConsent", WITHDRAW, {"input": {"confirm": confirm}})


async def test_withdrawing_consent_erases_her_contact_details_and_keeps_the_account(
    graph: WorkflowClient,
) -> None:
    world = graph.world
    await graph.build.change(Account, world.ids["v2"], consent_version="2026-12", consented_at=NOW)
    await graph.build.change(Volunteer, world.ids["V2"], real_name="王小二")
    changes = {"id": world.gid("V2"), "expectedVersion": 1, "phone": "13911112222", "skills": ["摄影"]}
    assert (await graph.mutate("v2", "updateVolunteerProfile", UPDATE, {"input": changes}))[
        "userErrors"
    ] == []
    payload = await _withdraw(graph, "v2")
    assert payload == {"account": {"id": world.gid("v2"), "phone": None}, "userErrors": []}
    account = await graph.row(ACCOUNTS, world.ids["v2"])
    assert (account["consent_version"], account["consented_at"], account["is_active"]) == (None, None, True)
    volunteer = await graph.row(VOLUNTEERS, world.ids["V2"])
    assert all(volunteer[c] is None for c in ("phone", "email", "id_number", "real_name", "lat", "lon"))
    assert volunteer["name"] == world.rows["V2"]["name"]  # her public display name stays
    [entry] = await graph.rows(AUDIT, AUDIT.c.action == "withdrawConsent")
    assert entry["entity_id"] == world.ids["v2"]
    # The profile change's audit entry loses the phone, not the skills.
    [change] = await graph.rows(AUDIT, AUDIT.c.action == "updateVolunteerProfile")
    assert change["after"] == {"phone": None, "skills": ["摄影"]}
    # She still signs in; there is nothing left to withdraw.
    again = await _withdraw(graph, "v2")
    assert [e["code"] for e in again["userErrors"]] == ["INVALID_STATE"]


async def test_withdrawing_consent_is_refused_while_commitments_are_open(graph: WorkflowClient) -> None:
    await graph.build.change(Account, graph.world.ids["v1"], consent_version="2026-12", consented_at=NOW)
    payload = await _withdraw(graph, "v1")
    [error] = payload["userErrors"]
    assert error["code"] == "INVALID_STATE" and graph.world.gid("A_active") in error["message"]
    assert (await graph.row(ACCOUNTS, graph.world.ids["v1"]))["consent_version"] == "2026-12"
    assert (await graph.row(VOLUNTEERS, graph.world.ids["V1"]))["phone"] == graph.world.rows["V1"]["phone"]
    refused = await _withdraw(graph, "v2", confirm=False)
    assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [(["input", "confirm"], "REQUIRED")]
