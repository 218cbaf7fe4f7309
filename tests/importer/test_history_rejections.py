"""Bad history lines are named by line and field, and nothing is written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from datasources.importer import ImportRejected, import_jsonl
from tests.importer.history import HISTORY, history_lines
from tests.importer.test_import import jsonl
from tests.seed.queries import counts

BY_REF = {line["ref"]: line for line in HISTORY}


def changed(source: str, /, **changes: Any) -> dict[str, Any]:
    """The history's line `source`, changed (a None value drops the field)."""
    merged = {**BY_REF[source], **changes}
    return {key: value for key, value in merged.items() if value is not None}


CASES = [
    ("rating an engagement under way", changed("rat-home", engagementRef="eng-under-way"),
     "engagementRef", "Not possible while the status is ACCEPTED"),
    ("rating by an outsider", changed("rat-home", ref="rat-x", raterRef="org-agency"),
     "raterRef", "not a party"),
    ("two ratings by one side", changed("rat-home", ref="rat-again"), "raterRef", "already rated"),
    ("rating before completion", changed("rat-home", createdAt="2026-03-19T10:00:00+08:00"),
     "createdAt", "before the engagement's completedAt"),
    ("rating too late", changed("rat-home", createdAt="2026-06-01T10:00:00+08:00"),
     "engagementRef", "30"),
    ("rating score", changed("rat-home", score=6), "score", "between 1 and 5"),
    ("hours never accepted", changed("app-li", status="APPLIED", decidedAt=None, hoursServed=3),
     "hoursServed", "has no hoursServed"),
    ("completed without hours", changed("app-zhang", hoursServed=None), "hoursServed", "needs hoursServed"),
    ("hours beyond the days", changed("app-zhang", hoursServed=10_000), "hoursServed", "at most"),
    ("dates out of order", changed("eng-done", completedAt="2026-03-01T10:00:00+08:00"),
     "completedAt", "before respondedAt"),
    ("a step never taken", changed("eng-under-way", cancelledAt="2026-03-05T09:00:00+08:00"),
     "cancelledAt", "has no cancelledAt"),
    ("a missing step", changed("eng-done", respondedAt=None), "respondedAt", "needs respondedAt"),
    ("another category", changed("eng-called-off", resourceRef="res-counselling"), "resourceRef",
     "different categories"),
    ("unknown demand", changed("eng-done", demandRef="dem-nowhere"), "demandRef", "no Demand"),
    ("not a position", changed("app-li", positionRef="res-venue"), "positionRef", "not a volunteer position"),
    ("applying twice", changed("app-li", ref="app-li-2", status="DECLINED"), "positionRef",
     "already applied"),
    ("event dates", changed("evt-training", endsAt="2026-04-11T13:00:00+08:00"), "endsAt", "start must come"),
    ("event overfull", changed("evt-training", capacity=2), "registrations", "3 registrations for 2"),
]  # fmt: skip


@pytest.mark.parametrize(("bad", "field", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
async def test_a_bad_history_line_is_named(
    empty_db: AsyncEngine, tmp_path: Path, bad: dict[str, Any], field: str, words: str
) -> None:
    lines = [bad if line["ref"] == bad["ref"] else line for line in history_lines()]
    if bad["ref"] not in BY_REF:
        lines.append(bad)
    with pytest.raises(ImportRejected) as caught:
        await import_jsonl(empty_db, jsonl(tmp_path, *lines))
    errors = [(e.line, e.field, e.message) for e in caught.value.errors]
    assert [(line, f) for line, f, _ in errors] == [(lines.index(bad) + 1, field)], errors
    assert words in errors[0][2], errors
    assert set((await counts(empty_db)).values()) == {0}


async def test_the_engagement_beyond_a_resources_units_is_named(
    empty_db: AsyncEngine, tmp_path: Path
) -> None:
    lines = history_lines()
    for line in lines:
        if line["ref"] == "dem-counselling":
            line["quantity"] = 30  # the demand needs them all
    lines.append(changed("eng-under-way", ref="eng-more", quantity=17))  # 2 + 2 + 17 of 20 units
    with pytest.raises(ImportRejected) as caught:
        await import_jsonl(empty_db, jsonl(tmp_path, *lines))
    [error] = caught.value.errors  # the line that goes beyond, not the ones before it
    assert (error.line, error.field) == (len(lines), "quantity")
    assert (
        error.message == "Resource 'res-counselling' has 20 units; with this line its history would hold 21"
    )


async def test_a_fourth_volunteer_does_not_fit_a_full_position(empty_db: AsyncEngine, tmp_path: Path) -> None:
    lines = [*history_lines(), changed("app-li", ref="app-zhao", volunteerRef="vol-zhang")]
    lines[-1]["volunteerRef"] = "sw-li"  # not a volunteer either
    lines.append(changed("app-li", ref="app-4", volunteerRef="vol-zhang", status="ACCEPTED"))
    with pytest.raises(ImportRejected) as caught:
        await import_jsonl(empty_db, jsonl(tmp_path, *lines))
    fields = {(e.line, e.field) for e in caught.value.errors}
    assert (len(lines) - 1, "volunteerRef") in fields  # a social worker does not apply
    assert (len(lines), "positionRef") in fields  # vol-zhang applied already (app-zhang)
