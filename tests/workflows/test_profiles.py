"""Profiles (资料): the four update mutations, null versus absent, every problem at once, who may,
the audit, an organization sent back to review, and two updates racing (CONFLICT)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from datasources.tables import (
    AuditEntry,
    Home,
    Organization,
    OrganizationStatusChange,
    SocialWorker,
    Volunteer,
)
from domain.global_ids import encode
from domain.identifiers import credit_check_char
from tests.workflows.conftest import WorkflowClient

AUDIT = AuditEntry.__table__
CHANGES = OrganizationStatusChange.__table__
TABLES = {
    "Volunteer": Volunteer.__table__,
    "SocialWorker": SocialWorker.__table__,
    "Home": Home.__table__,
    "Organization": Organization.__table__,
}
PAYLOAD_FIELDS = {
    "Volunteer": "volunteer",
    "SocialWorker": "socialWorker",
    "Home": "home",
    "Organization": "organization",
}


def _document(type_name: str, selection: str = "version") -> str:
    field = PAYLOAD_FIELDS[type_name]
    return f"""
mutation($input: Update{type_name}ProfileInput!) {{
  update{type_name}Profile(input: $input) {{ {field} {{ {selection} }} userErrors {{ field code message }} }}
}}"""


async def _update(
    graph: WorkflowClient,
    viewer: str,
    name: str,
    changes: dict[str, Any],
    *,
    version: int = 1,
    selection: str = "version",
) -> dict[str, Any]:
    type_name = graph.world.types[name]
    variables = {"input": {"id": graph.world.gid(name), "expectedVersion": version, **changes}}
    return await graph.mutate(viewer, f"update{type_name}Profile", _document(type_name, selection), variables)


async def _row(graph: WorkflowClient, name: str) -> dict[str, Any]:
    return await graph.row(TABLES[graph.world.types[name]], graph.world.ids[name])


async def _audits(graph: WorkflowClient, name: str) -> list[dict[str, Any]]:
    type_name = graph.world.types[name]
    return await graph.rows(
        AUDIT, AUDIT.c.entity_type == type_name, AUDIT.c.entity_id == graph.world.ids[name]
    )


def _credit_code(body: str) -> str:
    return body + credit_check_char(body)


async def test_a_volunteer_changes_what_she_names_and_clears_what_she_gives_as_null(
    graph: WorkflowClient,
) -> None:
    before = await _row(graph, "V1")
    payload = await _update(
        graph,
        "v1",
        "V1",
        {"skills": ["摄影", "外语"], "availability": ["WEEKEND_DAYTIME"], "phone": None, "location": None},
        selection="version skills availability phone email location { lat }",
    )
    assert payload["userErrors"] == []
    assert payload["volunteer"] == {
        "version": 2,
        "skills": ["摄影", "外语"],
        "availability": ["WEEKEND_DAYTIME"],
        "phone": None,
        "email": before["email"],  # absent: kept
        "location": None,
    }
    row = await _row(graph, "V1")
    assert (row["phone"], row["lat"], row["lon"], row["email"], row["id_number"]) == (
        None, None, None, before["email"], before["id_number"],
    )  # fmt: skip
    [entry] = await _audits(graph, "V1")
    assert entry["action"] == "updateVolunteerProfile"
    assert entry["actor_account_id"] == graph.world.ids["v1"]
    assert entry["before"]["phone"] == before["phone"] and entry["after"]["phone"] is None
    assert (
        entry["before"]["location"] == [before["lat"], before["lon"]] and entry["after"]["location"] is None
    )
    assert entry["after"]["skills"] == ["摄影", "外语"]


async def test_every_problem_comes_at_once_with_its_path_and_nothing_is_written(
    graph: WorkflowClient,
) -> None:
    payload = await _update(
        graph,
        "v1",
        "V1",
        {
            "name": None,
            "skills": ["摄影", "飞行"],
            "availability": ["SOMETIMES"],
            "phone": "call me",
            "email": "nobody",
            "idNumber": "110101199001010001",  # wrong check character
            "location": {"lat": 91, "lon": 0},
            "districtId": "nonsense",
        },
    )
    errors = {tuple(error["field"]): error["code"] for error in payload["userErrors"]}
    assert errors == {
        ("input", "name"): "REQUIRED",
        ("input", "skills"): "INVALID",
        ("input", "availability"): "INVALID",
        ("input", "phone"): "INVALID",
        ("input", "email"): "INVALID",
        ("input", "idNumber"): "INVALID",
        ("input", "location"): "OUT_OF_RANGE",
        ("input", "districtId"): "INVALID",
    }
    assert all(error["message"] for error in payload["userErrors"])
    assert payload["volunteer"] is None
    assert (await _row(graph, "V1"))["version"] == 1
    assert await _audits(graph, "V1") == []


async def test_a_stale_version_is_a_conflict(graph: WorkflowClient) -> None:
    assert (await _update(graph, "v1", "V1", {"name": "新名字"}))["userErrors"] == []
    stale = await _update(graph, "v1", "V1", {"name": "另一个名字"}, version=1)
    assert stale["userErrors"] == [
        {
            "field": ["input", "expectedVersion"],
            "code": "CONFLICT",
            "message": stale["userErrors"][0]["message"],
        }
    ]
    assert (await _row(graph, "V1"))["name"] == "新名字"


async def test_two_racing_updates_one_wins_the_other_is_a_conflict(graph: WorkflowClient) -> None:
    first, second = await asyncio.gather(
        _update(graph, "s1", "S1", {"bio": "甲"}), _update(graph, "s1", "S1", {"bio": "乙"})
    )
    codes = sorted(error["code"] for payload in (first, second) for error in payload["userErrors"])
    assert codes == ["CONFLICT"]
    row = await _row(graph, "S1")
    assert row["version"] == 2 and row["bio"] in ("甲", "乙")
    assert len(await _audits(graph, "S1")) == 1


@pytest.mark.parametrize(
    ("viewer", "name", "code"),
    [
        ("v2", "V1", "FORBIDDEN"),  # another volunteer
        ("admin", "V1", "FORBIDDEN"),  # staff do not edit people's profiles
        ("m2", "H1", "FORBIDDEN"),  # another home's manager
        ("o1", "S1", "FORBIDDEN"),
        ("s1", "O1", "FORBIDDEN"),
        ("o1", "O2", "NOT_FOUND"),  # a pending organization she may not see
        ("anonymous", "V1", "UNAUTHENTICATED"),
    ],
)
async def test_only_its_own_accounts_change_a_profile(
    graph: WorkflowClient, viewer: str, name: str, code: str
) -> None:
    payload = await _update(graph, viewer, name, {"name": "被改了"})
    assert [error["code"] for error in payload["userErrors"]] == [code]
    assert (await _row(graph, name))["version"] == 1


async def test_a_social_worker_clears_her_bio_and_cannot_clear_her_years(graph: WorkflowClient) -> None:
    refused = await _update(graph, "s1", "S1", {"bio": None, "yearsOfExperience": None})
    assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [
        (["input", "yearsOfExperience"], "REQUIRED")
    ]
    payload = await _update(
        graph, "s1", "S1", {"bio": None, "yearsOfExperience": 7, "specialties": ["婚姻家庭"], "email": None},
        selection="bio yearsOfExperience specialties email",
    )  # fmt: skip
    assert payload == {
        "socialWorker": {"bio": "", "yearsOfExperience": 7, "specialties": ["婚姻家庭"], "email": None},
        "userErrors": [],
    }


async def test_a_home_manager_moves_her_home_and_cannot_clear_its_address(graph: WorkflowClient) -> None:
    district = await graph.build.district("110105")
    refused = await _update(graph, "m1", "H1", {"address": None, "location": None})
    assert {tuple(e["field"]) for e in refused["userErrors"]} == {("input", "address"), ("input", "location")}
    moved = {"address": "新地址 1 号", "location": {"lat": 39.95, "lon": 116.45}}
    moved["districtId"] = encode("District", district)
    payload = await _update(graph, "m1", "H1", moved, selection="address district { code }")
    assert payload == {"home": {"address": "新地址 1 号", "district": {"code": "110105"}}, "userErrors": []}
    missing = await _update(graph, "m1", "H1", {"districtId": encode("District", 99999)}, version=2)
    assert [(e["field"], e["code"]) for e in missing["userErrors"]] == [
        (["input", "districtId"], "NOT_FOUND")
    ]


async def test_an_organization_renamed_goes_back_to_review(graph: WorkflowClient) -> None:
    pk = graph.world.ids["O1"]
    quiet = await _update(graph, "o1", "O1", {"description": None, "website": "https://o1.example.org"},
                          selection="status description website")  # fmt: skip
    assert quiet["organization"] == {
        "status": "ACTIVE",
        "description": "",
        "website": "https://o1.example.org",
    }
    renamed = await _update(graph, "o1", "O1", {"name": "新机构名"}, version=2, selection="status name")
    assert renamed == {"organization": {"status": "PENDING", "name": "新机构名"}, "userErrors": []}
    [step] = await graph.rows(CHANGES, CHANGES.c.organization_id == pk)
    assert (step["from_status"], step["to_status"], step["actor_account_id"]) == (
        "ACTIVE",
        "PENDING",
        graph.world.ids["o1"],
    )
    audits = await _audits(graph, "O1")
    assert [entry["action"] for entry in audits] == [
        "updateOrganizationProfile"
    ] * 3  # two updates, one status step
    assert audits[-1]["before"] == {"name": "Org O1"} and audits[-1]["after"] == {"name": "新机构名"}


async def test_the_same_name_given_again_is_no_change_of_status(graph: WorkflowClient) -> None:
    payload = await _update(graph, "o1", "O1", {"name": "Org O1"}, selection="status")
    assert payload == {"organization": {"status": "ACTIVE"}, "userErrors": []}


async def test_credit_codes_are_checked_and_stay_unique(graph: WorkflowClient) -> None:
    bad = await _update(graph, "o1", "O1", {"creditCode": "91110000MA01XXXXX0"})
    assert [e["code"] for e in bad["userErrors"]] == ["INVALID"]
    await graph.build.change(
        Organization, graph.world.ids["O2"], credit_code=_credit_code("91110000MA01ABCD1")
    )
    duplicate = await _update(graph, "o1", "O1", {"creditCode": _credit_code("91110000MA01ABCD1").lower()})
    assert [(e["field"], e["code"]) for e in duplicate["userErrors"]] == [
        (["input", "creditCode"], "DUPLICATE")
    ]
    assert (await _row(graph, "O1"))["status"] == "ACTIVE"


async def test_a_suspended_organization_keeps_its_name_and_an_exited_one_everything(
    graph: WorkflowClient,
) -> None:
    await graph.build.change(Organization, graph.world.ids["O1"], status="SUSPENDED")
    renamed = await _update(graph, "o1", "O1", {"name": "换个名字"})
    assert [e["code"] for e in renamed["userErrors"]] == ["INVALID_STATE"]
    contact = await _update(graph, "o1", "O1", {"contactName": "新联系人"}, selection="status contactName")
    assert contact["organization"] == {"status": "SUSPENDED", "contactName": "新联系人"}
    await graph.build.change(Organization, graph.world.ids["O1"], status="EXITED")
    exited = await _update(graph, "o1", "O1", {"contactName": "又一个"}, version=2)
    assert [e["code"] for e in exited["userErrors"]] == ["INVALID_STATE"]


async def test_a_location_moved_along_one_axis_is_audited_whole(graph: WorkflowClient) -> None:
    row = await _row(graph, "H1")
    moved = {"location": {"lat": row["lat"], "lon": row["lon"] + 0.01}}
    assert (await _update(graph, "m1", "H1", moved))["userErrors"] == []
    [entry] = await _audits(graph, "H1")
    assert entry["before"] == {"location": [row["lat"], row["lon"]]}
    assert entry["after"] == {"location": [row["lat"], row["lon"] + 0.01]}
