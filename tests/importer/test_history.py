"""History lines: engagements, ratings, applications and events import with their figures."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from datasources.importer import import_jsonl
from tests.importer.history import history_lines
from tests.importer.test_import import by_ref, jsonl
from tests.seed.queries import counts, digest


async def test_a_history_imports_with_the_figures_it_implies(empty_db: AsyncEngine, tmp_path: Path) -> None:
    report = await import_jsonl(empty_db, jsonl(tmp_path, *history_lines()))
    assert (report.created["Engagement"], report.created["Rating"]) == (3, 2)
    assert (report.created["VolunteerApplication"], report.created["Event"]) == (3, 1)

    resources, demands = await by_ref(empty_db, "resources"), await by_ref(empty_db, "demands")
    counselling = resources["res-counselling"]
    assert (counselling["quantity_committed"], counselling["status"]) == (4, "PUBLISHED")
    need = demands["dem-counselling"]
    assert (need["quantity_matched"], need["quantity_fulfilled"], need["status"]) == (4, 2, "MATCHED")
    assert (demands["dem-fund"]["quantity_matched"], demands["dem-fund"]["status"]) == (0, "OPEN")
    position = resources["res-position"]  # three places, three volunteers: full
    assert (position["quantity_committed"], position["status"]) == (3, "EXHAUSTED")

    home = (await by_ref(empty_db, "homes"))["home-hlj"]
    organizations = await by_ref(empty_db, "organizations")
    sunshine, agency = organizations["org-sunshine"], organizations["org-agency"]
    assert (home["engagements_completed"], home["engagements_cancelled"]) == (1, 0)
    assert (home["rating_count"], home["rating_sum"]) == (1, 4)  # rated by the provider
    assert (sunshine["engagements_completed"], sunshine["engagements_cancelled"]) == (1, 1)
    assert (sunshine["rating_count"], sunshine["rating_sum"]) == (1, 5)
    assert (agency["engagements_completed"], agency["engagements_cancelled"]) == (0, 1)
    volunteers = await by_ref(empty_db, "volunteers")
    assert [volunteers[v]["service_minutes"] for v in ("vol-zhang", "vol-li")] == [150, 0]
    assert (await by_ref(empty_db, "events"))["evt-training"]["registered_count"] == 3

    engagements = await by_ref(empty_db, "engagements")
    assert engagements["eng-called-off"]["note"] == "资金已另行落实"
    ratings = await by_ref(empty_db, "ratings")
    assert (ratings["rat-home"]["ratee_kind"], ratings["rat-home"]["ratee_id"]) == (
        "ORGANIZATION",
        sunshine["id"],
    )


async def test_importing_a_history_again_changes_nothing(empty_db: AsyncEngine, tmp_path: Path) -> None:
    path = jsonl(tmp_path, *history_lines())
    await import_jsonl(empty_db, path)
    before_counts, before_rows = await counts(empty_db), await digest(empty_db)
    report = await import_jsonl(empty_db, path)
    assert sum(report.created.values()) == sum(report.updated.values()) == 0
    assert await counts(empty_db) == before_counts
    assert await digest(empty_db) == before_rows
