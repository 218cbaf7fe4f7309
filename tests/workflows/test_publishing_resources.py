"""publishResource: every category with its own fields, every missing one, who may publish."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from datasources.tables import AuditEntry, District, Resource, ResourceServiceDistrict
from domain.global_ids import encode
from domain.labels import FIELD_LABELS
from tests.workflows.conftest import WorkflowClient
from tests.workflows.publishing import (
    DETAILS,
    PUBLISH_RESOURCE,
    codes,
    iso,
    later,
    resource_input,
    shift,
)

RESOURCES, AUDIT = Resource.__table__, AuditEntry.__table__


async def publish(
    graph: WorkflowClient, viewer: str, values: dict[str, Any], **headers: str
) -> dict[str, Any]:
    return await graph.mutate(viewer, "publishResource", PUBLISH_RESOURCE, {"input": values}, **headers)


async def _count(graph: WorkflowClient) -> int:
    return len(await graph.rows(RESOURCES))


EXPECTED_DETAILS = {
    "FUNDING": {"disbursement": "一次性拨付"},
    "PLANNING": {"format": "线上线下结合", "deliverables": ["活动方案", "宣传方案"]},
    "PROJECT": {"durationMonths": 6, "goal": "提升单亲妈妈就业能力"},
    "VENUE": {"capacity": 40, "facilities": ["投影仪"]},
    "MATERIAL": {"items": [{"name": "儿童图书", "quantity": 200, "unit": "册"}], "delivery": "送货上门"},
    "PROFESSIONAL_SERVICE": {"format": "线下", "sessionMinutes": 50},
}


@pytest.mark.parametrize("category", list(DETAILS))
async def test_each_category_is_published_with_its_own_fields(graph: WorkflowClient, category: str) -> None:
    payload = await publish(graph, "o1", resource_input(category))

    assert payload["userErrors"] == []
    resource = payload["resource"]
    assert (resource["status"], resource["category"], resource["version"]) == ("PUBLISHED", category, 1)
    assert resource["provider"]["id"] == graph.world.gid("O1")
    assert resource["district"]["name"] == "东城区"  # the provider's
    assert resource["location"] == {"lat": 39.9, "lon": 116.4}  # the organization's address
    if category == "VOLUNTEER_POSITION":
        details = resource["details"]
        assert details["skills"] == ["摄影", "活动组织"]
        assert len(details["schedule"]) == 2 and set(details["shifts"]) <= {
            "WEEKDAY_DAYTIME", "WEEKDAY_EVENING", "WEEKEND_DAYTIME", "WEEKEND_EVENING"
        }  # fmt: skip
    else:
        assert resource["details"] == EXPECTED_DETAILS[category]
    assert resource["amount"] == ("50000.5" if category == "FUNDING" else None)
    assert resource["address"] == ("东城区东华门街道1号" if category == "VENUE" else None)
    pk = (await graph.rows(RESOURCES))[-1]["id"]
    row = await graph.row(RESOURCES, pk)
    assert row["amount_fen"] == (5_000_050 if category == "FUNDING" else None)
    entries = await graph.rows(AUDIT, AUDIT.c.entity_type == "Resource", AUDIT.c.entity_id == pk)
    assert [(e["action"], e["actor_account_id"], e["before"], e["after"]) for e in entries] == [
        ("publishResource", graph.world.ids["o1"], {}, {"status": "PUBLISHED"})
    ]
    assert entries[0]["created_at"] is not None


REQUIRED_FIELDS = [
    ("FUNDING", "amount"),
    ("PLANNING", "format"),
    ("PLANNING", "deliverables"),
    ("PROJECT", "durationMonths"),
    ("VENUE", "capacity"),
    ("VENUE", "address"),
    ("MATERIAL", "items"),
    ("PROFESSIONAL_SERVICE", "format"),
    ("VOLUNTEER_POSITION", "skills"),
    ("VOLUNTEER_POSITION", "shifts"),
]


@pytest.mark.parametrize(("category", "field"), REQUIRED_FIELDS)
async def test_each_missing_field_of_a_category_is_required(
    graph: WorkflowClient, category: str, field: str
) -> None:
    name, details = DETAILS[category]
    before = await _count(graph)
    values = resource_input(category, **{name: {k: v for k, v in details.items() if k != field}})

    payload = await publish(graph, "o1", values, **{"accept-language": "en"})

    assert codes(payload) == [("REQUIRED", ["input", name, field])]
    # Said with the fields' names, not their GraphQL spelling.
    said = payload["userErrors"][0]["message"]
    expected = f"{FIELD_LABELS[field][1]} of {FIELD_LABELS[name][1]} is required"
    assert said == expected[0].upper() + expected[1:]
    assert payload["resource"] is None
    assert await _count(graph) == before


async def test_an_empty_list_counts_as_missing(graph: WorkflowClient) -> None:
    values = resource_input("VOLUNTEER_POSITION", volunteerPosition={"skills": [], "shifts": []})
    payload = await publish(graph, "o1", values)
    assert sorted(codes(payload)) == [
        ("REQUIRED", ["input", "volunteerPosition", "shifts"]),
        ("REQUIRED", ["input", "volunteerPosition", "skills"]),
    ]


async def test_exactly_the_matching_detail_input_must_be_given(graph: WorkflowClient) -> None:
    missing = resource_input("VENUE")
    del missing["venue"]
    payload = await publish(graph, "o1", missing, **{"accept-language": "en"})
    assert codes(payload) == [("REQUIRED", ["input", "venue"])]
    assert payload["userErrors"][0]["message"] == "A venue resource needs venue details"

    wrong = resource_input("VENUE", funding={"amount": "100"})
    payload = await publish(graph, "o1", wrong)
    assert codes(payload) == [("INVALID", ["input", "funding"])]
    assert await _count(graph) == 5  # the world's own


async def test_bad_values_each_get_an_error_at_their_path(graph: WorkflowClient) -> None:
    values = resource_input(
        "VOLUNTEER_POSITION",
        title=" ",
        quantity=0,
        location={"lat": 91.0, "lon": 116.4},
        tags=["心理", "心理"],
        availableFrom=iso(later(1)),
        availableUntil=iso(later(20)),
        volunteerPosition={
            "skills": ["摄影", "跳伞"],
            "shifts": [shift(30), shift(-1), {"startsAt": iso(later(5)), "endsAt": iso(later(4))}],
        },
    )
    payload = await publish(graph, "o1", values)
    assert sorted(codes(payload)) == sorted(
        [
            ("REQUIRED", ["input", "title"]),
            ("OUT_OF_RANGE", ["input", "quantity"]),
            ("OUT_OF_RANGE", ["input", "location"]),
            ("INVALID", ["input", "tags"]),
            ("INVALID", ["input", "volunteerPosition", "skills"]),
            ("INVALID", ["input", "volunteerPosition", "shifts", "0"]),  # after the window
            ("INVALID", ["input", "volunteerPosition", "shifts", "1", "startsAt"]),  # past
            ("INVALID", ["input", "volunteerPosition", "shifts", "2"]),  # ends before it starts
        ]
    )
    unknown = next(e for e in payload["userErrors"] if e["field"][-1] == "skills")
    assert "跳伞" in unknown["message"]


async def test_money_items_and_windows_are_checked(graph: WorkflowClient) -> None:
    payload = await publish(graph, "o1", resource_input("FUNDING", funding={"amount": "10.005"}))
    assert codes(payload) == [("INVALID", ["input", "funding", "amount"])]
    material = {
        "items": [{"name": "图书", "quantity": 0, "unit": "册"}, {"name": "", "quantity": 1, "unit": "箱"}]
    }
    payload = await publish(graph, "o1", resource_input("MATERIAL", material=material))
    assert sorted(codes(payload)) == [
        ("OUT_OF_RANGE", ["input", "material", "items", "0", "quantity"]),
        ("REQUIRED", ["input", "material", "items", "1", "name"]),
    ]
    past = await publish(graph, "o1", resource_input(availableUntil=iso(later(-1))))
    assert codes(past) == [("INVALID", ["input", "availableUntil"])]
    reversed_window = await publish(
        graph, "o1", resource_input(availableFrom=iso(later(10)), availableUntil=iso(later(5)))
    )
    assert codes(reversed_window) == [("INVALID", ["input", "availableUntil"])]
    naive = await publish(graph, "o1", resource_input(availableUntil="2030-01-01T00:00:00"))
    assert codes(naive) == [("INVALID", ["input", "availableUntil"])]


async def test_districts_by_global_id(graph: WorkflowClient) -> None:
    district_ids = await graph.rows(District.__table__)
    by_code = {row["code"]: encode("District", row["id"]) for row in district_ids}
    values = resource_input(
        districtId=by_code["110105"],
        serviceDistrictIds=[by_code["110101"], by_code["110108"], by_code["110105"]],
    )
    payload = await publish(graph, "o1", values)
    assert payload["userErrors"] == []
    resource = payload["resource"]
    assert resource["district"]["name"] == "朝阳区"
    assert sorted(d["name"] for d in resource["serviceDistricts"]) == ["东城区", "海淀区"]
    assert resource["location"] != {"lat": 39.9, "lon": 116.4}  # the district's centre, not O1's
    served = ResourceServiceDistrict.__table__
    async with graph.engine.connect() as connection:
        links = (await connection.execute(select(served))).all()
    assert len(links) == 2

    unknown = await publish(graph, "o1", resource_input(districtId=encode("District", 999)))
    assert codes(unknown) == [("NOT_FOUND", ["input", "districtId"])]
    malformed = await publish(graph, "o1", resource_input(serviceDistrictIds=[graph.world.gid("H1")]))
    assert codes(malformed) == [("INVALID", ["input", "serviceDistrictIds", "0"])]


# Who may publish --------------------------------------------------------------------------


async def test_anonymous_is_unauthenticated(graph: WorkflowClient) -> None:
    payload = await publish(graph, "anonymous", resource_input())
    assert codes(payload) == [("UNAUTHENTICATED", None)]
    assert await _count(graph) == 5


async def test_a_member_may_not_publish_for_another_participant(graph: WorkflowClient) -> None:
    payload = await publish(graph, "o1", resource_input(providerId=graph.world.gid("H1")))
    assert codes(payload) == [("FORBIDDEN", None)]
    assert await _count(graph) == 5


async def test_members_of_pending_or_rejected_organizations_may_not_publish(graph: WorkflowClient) -> None:
    for viewer in ("o2", "o3"):
        payload = await publish(graph, viewer, resource_input())
        assert codes(payload) == [("INVALID_STATE", None)]
    assert await _count(graph) == 5


async def test_people_and_homes_publish_as_themselves(graph: WorkflowClient) -> None:
    for viewer, provider in (("v1", "V1"), ("s1", "S1"), ("m1", "H1")):
        payload = await publish(graph, viewer, resource_input("VOLUNTEER_POSITION"))
        assert payload["userErrors"] == []
        assert payload["resource"]["provider"]["id"] == graph.world.gid(provider)
    volunteer = graph.world.rows["V1"]
    first = (await graph.rows(RESOURCES))[-3]
    assert first["provider_kind"] == "VOLUNTEER"
    # a volunteer's own location is personal: the resource shows her district's centre instead
    assert (first["lat"], first["lon"]) != (volunteer["lat"], volunteer["lon"])


async def test_staff_publish_only_naming_the_provider(graph: WorkflowClient) -> None:
    unnamed = await publish(graph, "admin", resource_input())
    assert codes(unnamed) == [("REQUIRED", ["input", "providerId"])]
    named = await publish(graph, "supervisor", resource_input(providerId=graph.world.gid("O1")))
    assert named["userErrors"] == []
    assert named["resource"]["provider"]["id"] == graph.world.gid("O1")
    entry = (await graph.rows(AUDIT, AUDIT.c.action == "publishResource"))[-1]
    assert entry["actor_account_id"] == graph.world.ids["supervisor"]
    pending = await publish(graph, "admin", resource_input(providerId=graph.world.gid("O2")))
    assert codes(pending) == [("INVALID_STATE", None)]


# Idempotency and drafts -------------------------------------------------------------------


async def test_a_retry_with_the_same_key_returns_the_first_resource(graph: WorkflowClient) -> None:
    values = resource_input(idempotencyKey="pub-1")
    first = await publish(graph, "o1", values)
    again = await publish(graph, "o1", {**values, "title": "另一个标题"})
    assert first["userErrors"] == again["userErrors"] == []
    assert again["resource"]["id"] == first["resource"]["id"]
    assert again["resource"]["title"] == first["resource"]["title"]
    assert await _count(graph) == 6
    assert len(await graph.rows(AUDIT, AUDIT.c.action == "publishResource")) == 1
    other = await publish(graph, "o1", {**values, "idempotencyKey": "pub-2"})
    assert other["resource"]["id"] != first["resource"]["id"]


async def test_a_draft_is_seen_by_its_provider_and_staff_only(graph: WorkflowClient) -> None:
    payload = await publish(graph, "o1", resource_input(draft=True))
    assert payload["userErrors"] == []
    assert payload["resource"]["status"] == "DRAFT"
    query = "query($id: ID!) { node(id: $id) { id } }"
    gid = payload["resource"]["id"]
    for viewer, sees in (("o1", True), ("admin", True), ("m1", False), ("anonymous", False)):
        body = await graph.post(viewer, query, {"id": gid})
        assert (
            (body.get("data") or {}).get("node") is not None
            if sees
            else not (body.get("data") or {}).get("node")
        )
