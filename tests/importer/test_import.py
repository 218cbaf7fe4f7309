"""import_jsonl: a good file lands with its references resolved, and lands only once."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from datasources.importer import ImportReport, import_jsonl
from tests.seed.queries import counts, digest, fetch, table_rows

GOOD = Path(__file__).with_name("good.jsonl")
CREATED = {
    "Organization": 3,
    "Home": 2,
    "SocialWorker": 1,
    "Volunteer": 1,
    "Resource": 4,
    "Demand": 2,
    "Event": 0,
    "Engagement": 0,
    "Rating": 0,
    "VolunteerApplication": 0,
    "Appeal": 0,
    "Complaint": 0,
}


def jsonl(tmp_path: Path, *lines: dict[str, Any] | str, name: str = "data.jsonl") -> Path:
    """A file of the given lines: dicts as JSON objects, strings as they are."""
    path = tmp_path / name
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in lines),
        encoding="utf-8",
    )
    return path


def good_lines() -> list[dict[str, Any]]:
    return [json.loads(line) for line in GOOD.read_text(encoding="utf-8").splitlines() if line]


async def by_ref(engine: AsyncEngine, table: str) -> dict[str, dict[str, Any]]:
    return {row["ref"]: row for row in await table_rows(engine, table)}


async def test_a_good_file_imports_with_references_resolved(empty_db: AsyncEngine) -> None:
    report = await import_jsonl(empty_db, GOOD)
    assert isinstance(report, ImportReport)
    assert report.created == CREATED
    assert sum(report.updated.values()) == sum(report.unchanged.values()) == 0

    districts = {row["code"]: row["id"] for row in await table_rows(empty_db, "districts")}
    organizations = await by_ref(empty_db, "organizations")
    homes = await by_ref(empty_db, "homes")
    resources = await by_ref(empty_db, "resources")
    demands = await by_ref(empty_db, "demands")
    worker = (await by_ref(empty_db, "social_workers"))["sw-li"]
    volunteer = (await by_ref(empty_db, "volunteers"))["vol-zhang"]

    assert len(districts) == 16  # the reference data came with the first import
    assert organizations["org-agency"]["district_id"] == districts["110108"]  # by name 海淀区
    assert organizations["org-applicant"]["status"] == "PENDING"  # the default
    assert worker["agency_id"] == organizations["org-agency"]["id"]
    assert worker["specialties"] == ["婚姻家庭", "反家暴"]
    assert volunteer["availability"] == ["WEEKDAY_EVENING", "WEEKEND_DAYTIME"]

    counselling = resources["res-counselling"]
    assert (counselling["provider_kind"], counselling["provider_id"]) == (
        "ORGANIZATION",
        organizations["org-sunshine"]["id"],
    )
    assert counselling["status"] == "PUBLISHED"  # the default
    assert counselling["district_id"] == districts["110105"]  # the provider's
    assert counselling["available_from"] == datetime(2026, 11, 1, 1, tzinfo=UTC)
    assert counselling["details"] == {"format": "线下", "sessionMinutes": 50}
    assert resources["res-venue"]["provider_id"] == homes["home-hlj"]["id"]
    assert resources["res-mediation"]["provider_kind"] == "SOCIAL_WORKER"
    assert resources["res-mediation"]["status"] == "DRAFT"
    assert resources["res-fund"]["amount_fen"] == 5_000_050
    served = await fetch(
        empty_db,
        "SELECT district_id FROM resource_service_districts WHERE resource_id = :id",
        id=counselling["id"],
    )
    assert sorted(d for (d,) in served) == [districts["110101"], districts["110102"]]

    need = demands["dem-counselling"]
    assert (need["requester_kind"], need["requester_id"]) == ("HOME", homes["home-hlj"]["id"])
    assert (need["status"], need["urgency"], need["quantity"]) == ("OPEN", "HIGH", 4)
    assert need["needed_by"] == datetime(2026, 12, 14, 16, tzinfo=UTC)
    assert demands["dem-fund"]["amount_fen"] == 8_000_000
    assert demands["dem-fund"]["requester_kind"] == "ORGANIZATION"

    history = await fetch(empty_db, "SELECT from_status, to_status FROM organization_status_changes")
    assert sorted(history, key=str) == [(None, "ACTIVE"), (None, "ACTIVE"), (None, "PENDING")]


async def test_importing_the_same_file_again_creates_nothing(empty_db: AsyncEngine) -> None:
    await import_jsonl(empty_db, GOOD)
    before_counts, before_rows = await counts(empty_db), await digest(empty_db)
    report = await import_jsonl(empty_db, GOOD)
    assert sum(report.created.values()) == sum(report.updated.values()) == 0
    assert report.unchanged == CREATED
    assert await counts(empty_db) == before_counts
    assert await digest(empty_db) == before_rows


async def test_a_changed_line_updates_its_row_in_place(empty_db: AsyncEngine, tmp_path: Path) -> None:
    await import_jsonl(empty_db, GOOD)
    lines = good_lines()
    for line in lines:
        if line["ref"] == "res-venue":
            line.update(quantity=15, title="红领巾社区妇女之家·活动室（新）", serviceDistricts=["110102"])
        if line["ref"] == "org-applicant":
            line["status"] = "ACTIVE"
    report = await import_jsonl(empty_db, jsonl(tmp_path, *lines))
    assert report.created == dict.fromkeys(CREATED, 0)
    assert report.updated == {**dict.fromkeys(CREATED, 0), "Resource": 1, "Organization": 1}
    venue = (await by_ref(empty_db, "resources"))["res-venue"]
    assert (venue["quantity"], venue["version"], venue["status"]) == (15, 2, "PUBLISHED")
    assert venue["updated_at"] > venue["created_at"]
    history = await fetch(empty_db, """
        SELECT c.from_status, c.to_status FROM organization_status_changes c
        JOIN organizations o ON o.id = c.organization_id WHERE o.ref = 'org-applicant'
        ORDER BY c.id
    """)  # fmt: skip
    assert history == [(None, "PENDING"), ("PENDING", "ACTIVE")]
    assert (await counts(empty_db))["resource_service_districts"] == 3


async def test_refers_to_rows_of_an_earlier_import(empty_db: AsyncEngine, tmp_path: Path) -> None:
    await import_jsonl(empty_db, GOOD)
    later = jsonl(tmp_path, {
        "type": "Resource", "ref": "res-books", "title": "多福巷社区妇女之家·儿童图书",
        "category": "MATERIAL", "providerRef": "home-dqm", "quantity": 200, "unit": "册",
    })  # fmt: skip
    report = await import_jsonl(empty_db, later)
    assert report.created["Resource"] == 1
    books = (await by_ref(empty_db, "resources"))["res-books"]
    home = (await by_ref(empty_db, "homes"))["home-dqm"]
    assert (books["provider_kind"], books["provider_id"]) == ("HOME", home["id"])
    assert books["district_id"] == home["district_id"]


async def test_status_that_engagements_set_survives_a_reimport(empty_db: AsyncEngine) -> None:
    await import_jsonl(empty_db, GOOD)
    async with empty_db.begin() as connection:
        await connection.execute(text(
            "UPDATE resources SET quantity_committed = 12, status = 'EXHAUSTED' WHERE ref = 'res-venue'"
        ))  # fmt: skip
    report = await import_jsonl(empty_db, GOOD)
    assert report.unchanged == CREATED
    assert (await by_ref(empty_db, "resources"))["res-venue"]["status"] == "EXHAUSTED"


async def test_report_reads_as_a_table(empty_db: AsyncEngine) -> None:
    report = await import_jsonl(empty_db, GOOD)
    assert "Resource             created      4" in str(report)


async def test_blank_lines_and_a_byte_order_mark_are_fine(empty_db: AsyncEngine, tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.read_bytes().replace(b"\n", b"\r\n\n"))
    report = await import_jsonl(empty_db, path)
    assert report.created == CREATED


async def test_an_empty_file_changes_nothing_but_is_fine(empty_db: AsyncEngine, tmp_path: Path) -> None:
    report = await import_jsonl(empty_db, jsonl(tmp_path, ""))
    assert sum(report.created.values()) == 0
