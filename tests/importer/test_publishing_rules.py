"""The import holds each line to the rules of the mutation that would have made it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from datasources.importer import ImportRejected, import_jsonl
from tests.importer.test_import import by_ref, good_lines, jsonl
from tests.importer.test_rejections import line

POSITION = {
    "type": "Resource", "ref": "res-position", "title": "阳光家庭服务中心·周末儿童陪伴志愿者",
    "category": "VOLUNTEER_POSITION", "providerRef": "org-sunshine", "quantity": 3, "unit": "人",
    "availableFrom": "2026-01-01T00:00:00+08:00", "availableUntil": "2026-12-31T00:00:00+08:00",
    "details": {
        "skills": ["儿童陪伴", "教学辅导"], "shifts": ["WEEKEND_DAYTIME"],
        # Sat 10:00–12:00 in Beijing, in the past: a history holds past shifts.
        "schedule": [{"startsAt": "2026-03-07T10:00:00+08:00", "endsAt": "2026-03-07T12:00:00+08:00"}],
    },
}  # fmt: skip


async def rejected(
    engine: AsyncEngine, tmp_path: Path, *extra: dict[str, Any]
) -> list[tuple[str | None, str]]:
    with pytest.raises(ImportRejected) as caught:
        await import_jsonl(engine, jsonl(tmp_path, *good_lines(), *extra))
    return [(error.field, error.message) for error in caught.value.errors]


async def test_a_position_with_known_skills_and_past_shifts_imports(
    empty_db: AsyncEngine, tmp_path: Path
) -> None:
    await import_jsonl(empty_db, jsonl(tmp_path, *good_lines(), POSITION))
    position = (await by_ref(empty_db, "resources"))["res-position"]
    assert position["details"] == POSITION["details"]


async def test_a_volunteer_with_an_unknown_skill_is_refused(empty_db: AsyncEngine, tmp_path: Path) -> None:
    dancer = line("vol-zhang", ref="vol-dancer", skills=["儿童陪伴", "跳舞"], idNumber=None)
    assert await rejected(empty_db, tmp_path, dancer) == [
        ("skills", "Skills include some outside the vocabulary: 跳舞")
    ]


@pytest.mark.parametrize(
    ("details", "field", "words"),
    [
        ({"skills": ["儿童陪伴"], "shifts": ["MONDAY_NOON"]}, "details.shifts", "takes only these slots"),
        ({"skills": ["跳舞"], "shifts": ["WEEKEND_DAYTIME"]}, "details.skills", "vocabulary: 跳舞"),
        ({"shifts": ["WEEKEND_DAYTIME"]}, "details.skills", "is required"),
        ({"skills": ["儿童陪伴"]}, "details.shifts", "is required"),
        ({"skills": ["儿童陪伴"], "shifts": ["WEEKDAY_EVENING"],
          "schedule": POSITION["details"]["schedule"]}, "details.schedule.0", "falls in WEEKEND_DAYTIME"),
        ({"skills": ["儿童陪伴"], "shifts": ["WEEKEND_DAYTIME"],
          "schedule": [{"startsAt": "2027-03-06T10:00:00+08:00", "endsAt": "2027-03-06T12:00:00+08:00"}]},
         "details.schedule.0", "within the resource's availability window"),
        ({"skills": ["儿童陪伴"], "shifts": ["WEEKEND_DAYTIME"],
          "schedule": [{"startsAt": "2026-03-07T12:00:00+08:00", "endsAt": "2026-03-07T10:00:00+08:00"}]},
         "details.schedule.0", "the start must come before the end"),
    ],
    ids=["unknown shift", "unknown skill", "no skills", "no shifts", "schedule off its shifts",
         "schedule outside the window", "schedule backwards"],
)  # fmt: skip
async def test_a_position_is_held_to_the_publishing_rules(
    empty_db: AsyncEngine, tmp_path: Path, details: dict[str, Any], field: str, words: str
) -> None:
    [(got_field, got_message)] = await rejected(empty_db, tmp_path, {**POSITION, "details": details})
    assert got_field == field and words in got_message, got_message


async def test_skills_in_other_categories_come_from_the_vocabulary(
    empty_db: AsyncEngine, tmp_path: Path
) -> None:
    counselling = line("res-counselling", details={"format": "线下", "skills": ["心理疏导", "算命"]})
    lines = [counselling if item["ref"] == "res-counselling" else item for item in good_lines()]
    with pytest.raises(ImportRejected) as caught:
        await import_jsonl(empty_db, jsonl(tmp_path, *lines))
    assert [(e.field, "算命" in e.message) for e in caught.value.errors] == [("details.skills", True)]
