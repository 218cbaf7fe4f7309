"""An import leaves an audit entry for every row it creates or changes, as the workflows do."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from datasources.importer import import_jsonl
from tests.importer.history import history_lines
from tests.importer.test_import import by_ref, jsonl
from tests.seed.queries import table_rows


async def test_every_imported_row_is_audited_once(empty_db: AsyncEngine, tmp_path: Path) -> None:
    path = jsonl(tmp_path, *history_lines())
    report = await import_jsonl(empty_db, path)
    entries = await table_rows(empty_db, "audit_log")
    assert Counter(entry["action"] for entry in entries) == {
        f"import{kind}": count for kind, count in report.created.items() if count
    }
    engagement = (await by_ref(empty_db, "engagements"))["eng-done"]
    key = ("Engagement", engagement["id"])
    audited = next(entry for entry in entries if (entry["entity_type"], entry["entity_id"]) == key)
    assert audited["actor_account_id"] is None
    assert (audited["before"], audited["after"]) == ({}, {"ref": "eng-done", "status": "COMPLETED"})

    await import_jsonl(empty_db, path)  # nothing changes: nothing audited
    assert len(await table_rows(empty_db, "audit_log")) == len(entries)


async def test_a_changed_row_is_audited_with_what_changed(empty_db: AsyncEngine, tmp_path: Path) -> None:
    lines = history_lines()
    await import_jsonl(empty_db, jsonl(tmp_path, *lines))
    before = len(await table_rows(empty_db, "audit_log"))
    under_way = next(line for line in lines if line.get("ref") == "eng-under-way")
    done = {**under_way, "status": "COMPLETED", "completedAt": "2026-03-25T17:00:00+08:00"}
    await import_jsonl(empty_db, jsonl(tmp_path, *(done if line is under_way else line for line in lines)))
    entries = (await table_rows(empty_db, "audit_log"))[before:]
    assert [(e["action"], e["before"], e["after"]) for e in entries] == [
        ("importEngagement", {"status": "ACCEPTED"},
         {"ref": "eng-under-way", "status": "COMPLETED", "fields": ["completed_at", "status"]}),
    ]  # fmt: skip
