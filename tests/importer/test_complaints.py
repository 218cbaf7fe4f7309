"""Complaint lines (投诉, with their actions and outcome): held to what filing, acting and
closing check, named by line and field when bad, idempotent on ref."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from datasources.importer import import_jsonl
from tests.importer.test_appeals import changed, refused_alone, rows
from tests.importer.test_import import good_lines, jsonl

CLOSED: dict[str, Any] = {
    "type": "Complaint", "ref": "cmp-closed", "subjectRef": "org-sunshine", "trackingCode": "YWABCDEFGH23",
    "category": "SERVICE_QUALITY", "description": "约好的上门服务没有来。", "contactName": "刘女士",
    "contactPhone": "13900000000", "contactEmail": "liu@example.com", "status": "CLOSED",
    "outcome": "UPHELD", "outcomeNote": "已责令整改。", "createdAt": "2026-03-01T09:00:00+08:00",
    "closedAt": "2026-03-10T09:00:00+08:00",
    "actions": [
        {"action": "WARN", "reason": "服务未按约定提供", "createdAt": "2026-03-02T09:00:00+08:00"},
        {"action": "SUSPEND", "reason": "整改期间暂停", "createdAt": "2026-03-05T09:00:00+08:00"},
    ],
}  # fmt: skip
OPEN: dict[str, Any] = {
    "type": "Complaint", "ref": "cmp-open", "subjectRef": "vol-zhang", "category": "MISCONDUCT",
    "description": "态度恶劣。", "createdAt": "2026-03-03T09:00:00+08:00",
}  # fmt: skip


def lines() -> list[dict[str, Any]]:
    return [*good_lines(), CLOSED, OPEN]


async def test_complaints_import_with_their_actions(empty_db: AsyncEngine, tmp_path: Path) -> None:
    path = jsonl(tmp_path, *lines())
    report = await import_jsonl(empty_db, path)
    assert report.created["Complaint"] == 2
    closed, opened = await rows(empty_db, "complaints")
    organizations = {row["ref"]: row for row in await rows(empty_db, "organizations")}
    volunteers = {row["ref"]: row for row in await rows(empty_db, "volunteers")}
    assert (closed["subject_kind"], closed["subject_id"]) == (
        "ORGANIZATION",
        organizations["org-sunshine"]["id"],
    )
    assert (opened["subject_kind"], opened["subject_id"]) == ("VOLUNTEER", volunteers["vol-zhang"]["id"])
    assert (closed["status"], closed["outcome"], closed["tracking_code"]) == (
        "CLOSED",
        "UPHELD",
        "YWABCDEFGH23",
    )
    assert closed["closed_at"].isoformat() == "2026-03-10T01:00:00+00:00"
    assert opened["tracking_code"].startswith("YW") and opened["complainant_account_id"] is None
    actions = await rows(empty_db, "complaint_actions")
    assert [(a["complaint_id"], a["action"], a["actor_account_id"]) for a in actions] == [
        (closed["id"], "WARN", None),
        (closed["id"], "SUSPEND", None),
    ]
    again = await import_jsonl(empty_db, path)
    assert again.unchanged["Complaint"] == 2 and again.created["Complaint"] == 0
    assert await rows(empty_db, "complaints") == [closed, opened]
    assert await rows(empty_db, "complaint_actions") == actions


async def test_a_changed_complaint_updates_its_actions(empty_db: AsyncEngine, tmp_path: Path) -> None:
    await import_jsonl(empty_db, jsonl(tmp_path, *lines()))
    note = {"action": "NOTE", "reason": "已约谈志愿者", "createdAt": "2026-03-04T09:00:00+08:00"}
    report = await import_jsonl(
        empty_db, jsonl(tmp_path, changed(OPEN, status="IN_REVIEW", actions=[note]), name="later.jsonl")
    )
    assert report.updated["Complaint"] == 1
    assert (await rows(empty_db, "complaints"))[1]["status"] == "IN_REVIEW"
    assert [a["reason"] for a in await rows(empty_db, "complaint_actions")][-1] == "已约谈志愿者"


ACTED = [{"action": "NOTE", "reason": "已核实", "createdAt": "2026-03-04T09:00:00+08:00"}]
CASES = [
    ("actions on an open complaint", changed(OPEN, actions=ACTED), "actions", "OPEN"),
    ("in review without actions", changed(OPEN, status="IN_REVIEW"), "actions", "needs its actions"),
    ("closed without outcome", changed(CLOSED, outcome=None), "outcome", "needs outcome"),
    ("closed without a date", changed(CLOSED, closedAt=None), "closedAt", "needs closedAt"),
    ("an outcome while open", changed(OPEN, outcome="DISMISSED"), "outcome", "has no outcome"),
    ("closed before its last action", changed(CLOSED, closedAt="2026-03-04T09:00:00+08:00"), "closedAt",
     "after"),
    ("an action before the filing", changed(OPEN, status="IN_REVIEW", actions=[{**ACTED[0],
     "createdAt": "2026-03-01T09:00:00+08:00"}]), "actions.0.createdAt", "comes after"),
    ("suspending a volunteer", changed(OPEN, status="IN_REVIEW", actions=[{**ACTED[0], "action": "SUSPEND"}]),
     "actions.0.action", ""),
    ("an action without a reason", changed(OPEN, status="IN_REVIEW", actions=[{**ACTED[0], "reason": " "}]),
     "actions.0.reason", ""),
    ("an outcome note too long", changed(CLOSED, outcomeNote="长" * 2001), "outcomeNote", "2000"),
    ("a description too long", changed(OPEN, description="长" * 4001), "description", "4000"),
    ("an e-mail that is none", changed(OPEN, contactEmail="liu@"), "contactEmail", ""),
    ("no such participant", changed(OPEN, subjectRef="vol-nobody"), "subjectRef", "no Home"),
    ("not a participant", changed(OPEN, subjectRef="res-counselling"), "subjectRef", "expected"),
    ("a tracking code twice", changed(OPEN, trackingCode="YWABCDEFGH23"), "trackingCode", "line"),
    ("an unknown category", changed(OPEN, category="RUDENESS"), "category", ""),
]  # fmt: skip


@pytest.mark.parametrize(("bad", "field", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
async def test_a_bad_complaint_line_is_named(
    empty_db: AsyncEngine, tmp_path: Path, bad: dict[str, Any], field: str, words: str
) -> None:
    await refused_alone(empty_db, tmp_path, lines(), bad, field, words)
