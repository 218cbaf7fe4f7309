"""Export the demo seed, import it into an empty database, export again: the same bytes."""

from __future__ import annotations

import io
import json
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from auth.privacy import personal_columns
from datasources.exporter import export_jsonl
from datasources.importer import import_jsonl
from datasources.seed import seed_database
from tests.databases import migrated_database


async def exported(engine: AsyncEngine, *, personal: bool) -> str:
    out = io.StringIO()
    await export_jsonl(engine, out, omit={} if personal else personal_columns())
    return out.getvalue()


async def test_the_demo_seed_survives_a_round_trip(tmp_path: Path) -> None:
    (tmp_path / "first").mkdir()
    (tmp_path / "second").mkdir()
    async with migrated_database(tmp_path / "first") as first:
        await seed_database(first, scale="demo", seed=1)
        before = await exported(first, personal=True)
        assert before == await exported(first, personal=True)  # refs are minted once
    path = tmp_path / "demo.jsonl"
    path.write_text(before, encoding="utf-8")
    async with migrated_database(tmp_path / "second") as second:
        report = await import_jsonl(second, path)
        after = await exported(second, personal=True)
    assert sum(report.created.values()) == len(before.splitlines()) - 1
    assert after == before
    lines = [json.loads(line) for line in before.splitlines()]
    assert lines[0] == {"type": "Export", "format": 1, "personal": True}
    assert {line["type"] for line in lines[1:]} >= {
        "Engagement",
        "Rating",
        "VolunteerApplication",
        "Event",
        "Appeal",
    }


async def test_personal_fields_only_on_request(tmp_path: Path) -> None:
    async with migrated_database(tmp_path) as engine:
        await seed_database(engine, scale="demo", seed=1)
        plain = [json.loads(line) for line in (await exported(engine, personal=False)).splitlines()]
        full = [json.loads(line) for line in (await exported(engine, personal=True)).splitlines()]
    assert plain[0] == {"type": "Export", "format": 1, "personal": False}
    personal = {
        "Volunteer": {"phone", "email", "idNumber", "lat", "lon"},
        "SocialWorker": {"phone", "email"},
        "Organization": {"contactName", "contactPhone", "contactEmail"},
        "Engagement": {"note"},
        "Appeal": {"contactName", "contactPhone", "trackingCode"},  # the code reads the appeal
        "Complaint": {"contactName", "contactPhone", "contactEmail", "trackingCode"},
    }
    for line in plain:
        assert not personal.get(line["type"], set()) & line.keys(), line
    assert any(personal["Organization"] & line.keys() for line in full if line["type"] == "Organization")
    volunteers = [line for line in full if line["type"] == "Volunteer"]
    assert all("idNumber" in line for line in volunteers)
    appeals = [line for line in full if line["type"] == "Appeal"]
    assert appeals and all("trackingCode" in line for line in appeals)
    assert any(line.get("replies") for line in appeals)
    complaints = [line for line in full if line["type"] == "Complaint"]
    assert any(line.get("actions") for line in complaints) and all(
        "trackingCode" in line for line in complaints
    )
    assert [line.get("ref") for line in plain] == [line.get("ref") for line in full]
