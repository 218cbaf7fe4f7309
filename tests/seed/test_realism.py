"""The demo data shows every state the graph can be in, and looks like Beijing."""

from __future__ import annotations

import math
import re
from enum import StrEnum

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from datasources.seed import NOW, vocabulary
from domain import enums
from domain.identifiers import is_valid_credit_code, is_valid_id_number
from tests.seed.queries import fetch, table_rows

EVERY_VALUE = [
    ("organizations", "kind", enums.OrganizationKind),
    ("organizations", "status", enums.OrganizationStatus),
    ("resources", "category", enums.ResourceCategory),
    ("resources", "status", enums.ResourceStatus),
    ("demands", "category", enums.ResourceCategory),
    ("demands", "status", enums.DemandStatus),
    ("demands", "urgency", enums.Urgency),
    ("engagements", "status", enums.EngagementStatus),
    ("engagements", "initiated_by", enums.EngagementInitiator),
    ("volunteer_applications", "status", enums.ApplicationStatus),
    ("events", "kind", enums.EventKind),
    ("events", "status", enums.EventStatus),
    ("appeals", "status", enums.AppealStatus),
    ("complaints", "status", enums.ComplaintStatus),
    ("complaints", "category", enums.ComplaintCategory),
    ("complaint_actions", "action", enums.ComplaintActionKind),
    ("social_workers", "qualification_level", enums.QualificationLevel),
    ("organization_status_changes", "to_status", enums.OrganizationStatus),
]


@pytest.mark.parametrize(("table", "column", "enum"), EVERY_VALUE)
async def test_every_enum_value_is_present(
    demo_db: AsyncEngine, table: str, column: str, enum: type[StrEnum]
) -> None:
    found = {value for (value,) in await fetch(demo_db, f"SELECT DISTINCT {column} FROM {table}")}
    assert found == {member.name for member in enum}


async def test_stored_values_are_enum_names(demo_db: AsyncEngine) -> None:
    target_groups = {member.name for member in enums.TargetGroup}
    resources, demands = await table_rows(demo_db, "resources"), await table_rows(demo_db, "demands")
    assert resources and demands
    for resource in resources:
        assert set(resource["target_groups"]) <= target_groups and resource["target_groups"]
    for demand in demands:
        assert demand["target_group"] in target_groups


async def test_ratings_go_both_ways_with_optional_dimensions(demo_db: AsyncEngine) -> None:
    directions = await fetch(demo_db, """
        SELECT DISTINCT g.rater_kind = d.requester_kind AND g.rater_id = d.requester_id
        FROM ratings g JOIN engagements e ON e.id = g.engagement_id
        JOIN demands d ON d.id = e.demand_id
    """)  # fmt: skip
    assert {bool(row[0]) for row in directions} == {True, False}
    dimensions = await fetch(demo_db, "SELECT DISTINCT quality IS NULL FROM ratings")
    assert {bool(row[0]) for row in dimensions} == {True, False}


async def test_some_social_workers_belong_to_an_agency(demo_db: AsyncEngine) -> None:
    kinds = await fetch(demo_db, """
        SELECT o.kind FROM social_workers w JOIN organizations o ON o.id = w.agency_id
    """)  # fmt: skip
    assert kinds and {kind for (kind,) in kinds} == {"SOCIAL_WORK_AGENCY"}
    assert await fetch(demo_db, "SELECT id FROM social_workers WHERE agency_id IS NULL")


async def test_some_resources_serve_other_districts(demo_db: AsyncEngine) -> None:
    assert await fetch(demo_db, "SELECT resource_id FROM resource_service_districts")


async def test_homes_are_named_and_placed_in_their_district(demo_db: AsyncEngine) -> None:
    districts = {row["id"]: row for row in await table_rows(demo_db, "districts")}
    pattern = re.compile(r"^(.+区)(.+(?:街道|镇|乡))(.+(?:社区|村))妇女之家$")
    homes = await table_rows(demo_db, "homes")
    assert {home["district_id"] for home in homes} == set(districts)  # all 16 have one
    for home in homes:
        district = districts[home["district_id"]]
        match = pattern.match(home["name"])
        assert match, home["name"]
        assert match.groups() == (district["name"], home["subdistrict"], home["community"])
        stems = vocabulary.SUBDISTRICTS[district["code"]].split()
        assert home["subdistrict"] in stems or home["subdistrict"].removesuffix("街道") in stems
        assert home["address"].startswith(f"北京市{district['name']}")
        assert _km(home, district) < 16, home["name"]


def _km(a: dict, b: dict) -> float:
    dlat = (a["lat"] - b["lat"]) * 111.0
    dlon = (a["lon"] - b["lon"]) * 111.0 * math.cos(math.radians(b["lat"]))
    return math.hypot(dlat, dlon)


async def test_organizations_have_valid_credit_codes_from_their_district(
    demo_db: AsyncEngine,
) -> None:
    codes = dict(await fetch(demo_db, "SELECT id, code FROM districts"))
    organizations = await table_rows(demo_db, "organizations")
    assert len({o["credit_code"] for o in organizations}) == len(organizations)
    for organization in organizations:
        code = organization["credit_code"]
        assert is_valid_credit_code(code), code
        assert code[2:8] == codes[organization["district_id"]]
        if organization["kind"] == "ENTERPRISE":
            assert code.startswith("91") and organization["name"].endswith("有限公司")
        if organization["kind"] in ("SOCIAL_ORGANIZATION", "SOCIAL_WORK_AGENCY"):
            assert organization["name"].startswith("北京市")


async def test_personal_data_is_plausible(demo_db: AsyncEngine) -> None:
    volunteers = await table_rows(demo_db, "volunteers")
    assert volunteers
    for volunteer in volunteers:
        assert is_valid_id_number(volunteer["id_number"])
        assert re.fullmatch(r"1[3-9]\d{9}", volunteer["phone"])
        assert volunteer["email"].split("@")[1] in vocabulary.MAIL_DOMAINS
        assert 2 <= len(volunteer["name"]) <= 3
        assert set(volunteer["skills"]) <= set(vocabulary.SKILLS) and volunteer["skills"]
        assert set(volunteer["availability"]) <= set(vocabulary.AVAILABILITY)
        assert 39.3 < volunteer["lat"] < 41.2 and 115.3 < volunteer["lon"] < 117.7


async def test_funding_is_between_30_and_155_thousand_yuan(demo_db: AsyncEngine) -> None:
    for table in ("resources", "demands"):
        amounts = await fetch(demo_db, f"""
            SELECT category, amount_fen FROM {table}
            WHERE category = 'FUNDING' OR amount_fen IS NOT NULL
        """)  # fmt: skip
        assert amounts
        for category, amount_fen in amounts:
            assert category == "FUNDING" and 3_000_000 <= amount_fen <= 15_500_000


async def test_offers_and_needs_speak_the_same_language(demo_db: AsyncEngine) -> None:
    """A demand shares its tags with some resource of its category: matching has material."""
    offered: dict[str, set[str]] = {}
    resources, demands = await table_rows(demo_db, "resources"), await table_rows(demo_db, "demands")
    assert resources and demands
    for resource in resources:
        assert resource["title"] and resource["description"] and resource["tags"]
        offered.setdefault(resource["category"], set()).update(resource["tags"])
    for demand in demands:
        assert set(demand["tags"]) & offered[demand["category"]], demand["title"]


async def test_time_windows(demo_db: AsyncEngine) -> None:
    resources, demands = await table_rows(demo_db, "resources"), await table_rows(demo_db, "demands")
    assert resources and demands
    for resource in resources:
        assert resource["available_from"] <= resource["available_until"]
        expired = resource["available_until"] < NOW
        assert expired == (resource["status"] == "EXPIRED"), resource["id"]
    for demand in demands:
        assert demand["needed_by"] > demand["created_at"]
        if demand["status"] in ("OPEN", "MATCHED"):
            assert demand["needed_by"] > NOW


async def test_every_kind_of_event_has_registrations(demo_db: AsyncEngine) -> None:
    kinds = await fetch(demo_db, """
        SELECT DISTINCT v.kind FROM events v JOIN event_registrations g ON g.event_id = v.id
    """)  # fmt: skip
    assert {kind for (kind,) in kinds} == {member.name for member in enums.EventKind}


async def test_suspended_organizations_have_flagged_engagements_and_resources_not_offered(
    demo_db: AsyncEngine,
) -> None:
    on_suspended = await fetch(demo_db, """
        SELECT e.status, r.status FROM engagements e
        JOIN resources r ON r.id = e.resource_id
        JOIN organizations o ON r.provider_kind = 'ORGANIZATION' AND r.provider_id = o.id
        WHERE o.status = 'SUSPENDED'
    """)  # fmt: skip
    assert {"PROPOSED", "ACCEPTED"} & {engagement for engagement, _ in on_suspended}
    assert "PUBLISHED" in {resource for _, resource in on_suspended}


async def test_engagements_pair_the_same_service(demo_db: AsyncEngine) -> None:
    """Children's books meet a need for children's books, never one for winter clothes."""
    pairs = await fetch(demo_db, """
        SELECT d.title, r.title, d.unit, r.unit, d.tags, r.tags FROM engagements e
        JOIN demands d ON d.id = e.demand_id JOIN resources r ON r.id = e.resource_id
    """)  # fmt: skip
    assert pairs
    for demand, resource, demand_unit, resource_unit, demand_tags, resource_tags in pairs:
        assert (demand_unit, demand_tags) == (resource_unit, resource_tags), (demand, resource)


async def test_seasonal_events_fall_in_their_month(demo_db: AsyncEngine) -> None:
    events = await table_rows(demo_db, "events")
    seasonal = {"三八": 3, "母亲节": 5}
    assert events
    for event in events:
        for word, month in seasonal.items():
            if word in event["title"]:
                assert event["starts_at"].month == month, (event["title"], event["starts_at"])


async def test_no_home_is_named_after_a_place_of_another_district(demo_db: AsyncEngine) -> None:
    homes = await table_rows(demo_db, "homes")
    assert homes
    for home in homes:
        community = home["name"].split("街道")[-1]
        assert not any(place in community for place in vocabulary.DISTRICT_PLACES), home["name"]
