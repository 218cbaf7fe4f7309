"""Appeal lines (诉求, with their replies): held to what submitting and replying check, named
by line and field when bad, idempotent on ref, tracking codes kept or drawn."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from datasources.importer import ImportRejected, import_jsonl
from datasources.tables import metadata
from tests.importer.test_import import good_lines, jsonl
from tests.seed.queries import counts

REPLIED: dict[str, Any] = {
    "type": "Appeal", "ref": "apl-replied", "homeRef": "home-hlj", "trackingCode": "YW23456789AB",
    "topic": "孩子入学咨询", "content": "想了解随迁子女入学需要哪些材料。", "status": "REPLIED",
    "contactName": "王女士", "contactPhone": "13800000000", "createdAt": "2026-03-01T09:00:00+08:00",
    "replies": [
        {"body": "您好，需要户口簿和居住证，详见街道公告。", "createdAt": "2026-03-01T15:00:00+08:00"},
        {"body": "如有疑问请来电。", "createdAt": "2026-03-02T09:00:00+08:00"},
    ],
}  # fmt: skip
SUBMITTED: dict[str, Any] = {
    "type": "Appeal", "ref": "apl-new", "homeRef": "home-dqm", "topic": "家暴求助",
    "content": "需要法律援助。", "createdAt": "2026-03-03T09:00:00+08:00",
}  # fmt: skip


def changed(source: dict[str, Any], /, **changes: Any) -> dict[str, Any]:
    merged = {**source, **changes}
    return {key: value for key, value in merged.items() if value is not None}


def lines(*more: dict[str, Any]) -> list[dict[str, Any]]:
    return [*good_lines(), REPLIED, SUBMITTED, *more]


async def rows(engine: AsyncEngine, table: str) -> list[dict[str, Any]]:
    found = metadata.tables[table]
    async with engine.connect() as connection:
        return [
            dict(row) for row in (await connection.execute(select(found).order_by(found.c.id))).mappings()
        ]


async def test_appeals_import_with_their_replies(empty_db: AsyncEngine, tmp_path: Path) -> None:
    path = jsonl(tmp_path, *lines())
    report = await import_jsonl(empty_db, path)
    assert report.created["Appeal"] == 2
    replied, submitted = await rows(empty_db, "appeals")
    homes = {row["ref"]: row for row in await rows(empty_db, "homes")}
    assert (replied["ref"], replied["status"], replied["tracking_code"]) == (
        "apl-replied",
        "REPLIED",
        "YW23456789AB",
    )
    assert (replied["home_id"], replied["district_id"]) == (
        homes["home-hlj"]["id"],
        homes["home-hlj"]["district_id"],
    )
    assert replied["contact_phone"] == "13800000000"
    assert replied["first_replied_at"].isoformat() == "2026-03-01T07:00:00+00:00"  # the first reply's
    assert submitted["status"] == "SUBMITTED" and submitted["first_replied_at"] is None
    assert submitted["tracking_code"].startswith("YW") and len(submitted["tracking_code"]) == 12  # drawn
    replies = await rows(empty_db, "appeal_replies")
    assert [(r["appeal_id"], r["body"], r["author_account_id"]) for r in replies] == [
        (replied["id"], "您好，需要户口簿和居住证，详见街道公告。", None),
        (replied["id"], "如有疑问请来电。", None),
    ]
    audits = [row for row in await rows(empty_db, "audit_log") if row["entity_type"] == "Appeal"]
    assert [(a["action"], a["after"]) for a in audits] == [
        ("importAppeal", {"ref": "apl-replied", "status": "REPLIED"}),
        ("importAppeal", {"ref": "apl-new", "status": "SUBMITTED"}),
    ]
    again = await import_jsonl(empty_db, path)  # idempotent on ref: the drawn code is kept
    assert again.unchanged["Appeal"] == 2 and again.created["Appeal"] == 0
    assert await rows(empty_db, "appeals") == [replied, submitted]
    assert await rows(empty_db, "appeal_replies") == replies


async def test_a_changed_appeal_updates_its_replies(empty_db: AsyncEngine, tmp_path: Path) -> None:
    await import_jsonl(empty_db, jsonl(tmp_path, *lines()))
    reply = {"body": "已转介法律援助中心。", "createdAt": "2026-03-03T12:00:00+08:00"}
    closed = changed(SUBMITTED, status="CLOSED", replies=[reply])
    report = await import_jsonl(empty_db, jsonl(tmp_path, closed, name="later.jsonl"))
    assert report.updated["Appeal"] == 1
    appeal = (await rows(empty_db, "appeals"))[1]
    assert (appeal["status"], appeal["topic"]) == ("CLOSED", "家暴求助")  # the rest as it was
    assert appeal["first_replied_at"].isoformat() == "2026-03-03T04:00:00+00:00"
    assert [r["body"] for r in await rows(empty_db, "appeal_replies")][-1] == "已转介法律援助中心。"


LATE = [{"body": "好的", "createdAt": "2026-03-01T08:00:00+08:00"}]  # before the appeal
LATER = [{"body": "好的", "createdAt": "2026-03-04T08:00:00+08:00"}]
CASES = [
    ("replies on a submitted appeal", changed(SUBMITTED, replies=LATER), "replies", "SUBMITTED"),
    ("replied without replies", changed(REPLIED, replies=[]), "replies", "needs its replies"),
    ("a reply before the appeal", changed(REPLIED, replies=LATE), "replies.0.createdAt", "comes after"),
    ("an empty reply", changed(REPLIED, replies=[{"body": " ", "createdAt": "2026-03-02T09:00:00+08:00"}]),
     "replies.0.body", ""),
    ("a topic too long", changed(SUBMITTED, topic="长" * 101), "topic", "100"),
    ("a phone that is none", changed(SUBMITTED, contactPhone="call me"), "contactPhone", ""),
    ("no such home", changed(SUBMITTED, homeRef="home-nowhere"), "homeRef", "no Home"),
    ("not a home", changed(SUBMITTED, homeRef="org-sunshine"), "homeRef", "expected Home"),
    ("a tracking code twice", changed(SUBMITTED, trackingCode="YW23456789AB"), "trackingCode", "line"),
    ("an unknown status", changed(SUBMITTED, status="ANSWERED"), "status", ""),
    ("no offset", changed(SUBMITTED, createdAt="2026-03-03T09:00:00"), "createdAt", ""),
]  # fmt: skip


async def refused_alone(
    engine: AsyncEngine,
    tmp_path: Path,
    good: list[dict[str, Any]],
    bad: dict[str, Any],
    field: str,
    words: str,
) -> None:
    """`good` with `bad` in place of its line of the same ref: refused with one error, at that
    line and `field`, saying `words`; nothing written."""
    found = [bad if line["ref"] == bad["ref"] else line for line in good]
    with pytest.raises(ImportRejected) as caught:
        await import_jsonl(engine, jsonl(tmp_path, *found))
    errors = [(e.line, e.field, e.message) for e in caught.value.errors]
    assert [(line, f) for line, f, _ in errors] == [(found.index(bad) + 1, field)], errors
    assert words in errors[0][2], errors
    assert set((await counts(engine)).values()) == {0}


@pytest.mark.parametrize(("bad", "field", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
async def test_a_bad_appeal_line_is_named(
    empty_db: AsyncEngine, tmp_path: Path, bad: dict[str, Any], field: str, words: str
) -> None:
    await refused_alone(empty_db, tmp_path, lines(), bad, field, words)


async def test_a_tracking_code_of_another_appeal_in_the_database(
    empty_db: AsyncEngine, tmp_path: Path
) -> None:
    await import_jsonl(empty_db, jsonl(tmp_path, *lines()))
    other = changed(SUBMITTED, ref="apl-other", trackingCode="YW23456789AB")
    with pytest.raises(ImportRejected) as caught:
        await import_jsonl(empty_db, jsonl(tmp_path, other, name="later.jsonl"))
    [error] = caught.value.errors
    assert (error.line, error.field) == (1, "trackingCode") and "apl-replied" in error.message
