"""The import reads the file twice and writes a batch at a time: the order of the lines does
not matter, and an error found after batches were written still leaves nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from datasources.importer import ImportRejected, import_jsonl, scan
from tests.importer.history import history_lines
from tests.importer.test_import import by_ref, jsonl
from tests.seed.queries import counts, digest


async def test_lines_may_come_in_any_order(empty_db: AsyncEngine, tmp_path: Path) -> None:
    """Ratings before their engagement, engagements before their offers, offers before their
    providers: the second pass goes type by type."""
    report = await import_jsonl(empty_db, jsonl(tmp_path, *reversed(history_lines())))
    assert (report.created["Engagement"], report.created["Rating"], report.created["Home"]) == (3, 2, 2)
    counselling = (await by_ref(empty_db, "resources"))["res-counselling"]
    assert (counselling["quantity_committed"], counselling["status"]) == (4, "PUBLISHED")
    sunshine = (await by_ref(empty_db, "organizations"))["org-sunshine"]
    assert (sunshine["rating_count"], sunshine["rating_sum"]) == (1, 5)


async def test_an_error_after_batches_were_written_writes_nothing(
    empty_db: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches of two: homes, organizations, offers and engagements are written before the bad
    rating (the last type but one) is checked; the import still leaves the database as it was."""
    await import_jsonl(empty_db, jsonl(tmp_path, *history_lines()[:3], name="first.jsonl"))
    before_counts, before_rows = await counts(empty_db), await digest(empty_db)
    monkeypatch.setattr(scan, "BATCH", 2)
    lines = history_lines()
    bad = next(n for n, line in enumerate(lines) if line.get("ref") == "rat-org")
    lines[bad] = {**lines[bad], "score": 9}
    with pytest.raises(ImportRejected) as caught:
        await import_jsonl(empty_db, jsonl(tmp_path, *lines))
    assert [(error.line, error.field) for error in caught.value.errors] == [(bad + 1, "score")]
    assert await counts(empty_db) == before_counts
    assert await digest(empty_db) == before_rows


def test_the_first_pass_keeps_a_sketch_not_the_line(tmp_path: Path) -> None:
    """What the first pass keeps of a line is the few fields others are checked against."""
    index = scan.first_pass(jsonl(tmp_path, *history_lines()))
    counselling = index.sketch("res-counselling", "Resource")
    assert counselling is not None
    kept = counselling.fields(update=False)
    assert sorted(kept) == sorted(scan.SKETCHED["Resource"])  # no title, description, details, ...
    assert (kept["provider_ref"], kept["status"], kept["quantity"]) == ("org-sunshine", "PUBLISHED", 20)
    assert counselling.fields(update=True).keys() == {"provider_ref", "category", "quantity",
                                                      "available_from", "available_until"}  # fmt: skip
    assert index.sketch("res-counselling", "Demand") is None
    assert sorted(index.offsets) == sorted(scan.SKETCHED)
