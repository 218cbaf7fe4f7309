"""import_jsonl rejects a bad file whole: every bad line reported, nothing written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncEngine

from datasources.importer import ImportRejected, LineError, import_jsonl
from datasources.tables import ErasedRef
from tests.importer.test_import import GOOD, good_lines, jsonl
from tests.seed.queries import counts, digest

LINES = {line["ref"]: line for line in good_lines()}
HOME = LINES["home-hlj"]


def line(source: str, /, **changes: Any) -> dict[str, Any]:
    """The sample file's line with ref `source`, changed (a None value drops the field)."""
    merged = {**LINES[source], **changes}
    return {key: value for key, value in merged.items() if value is not None}


def errors_by_line(rejected: ImportRejected) -> dict[int, list[tuple[str | None, str]]]:
    found: dict[int, list[tuple[str | None, str]]] = {}
    for error in rejected.errors:
        found.setdefault(error.line, []).append((error.field, error.message))
    return found


async def test_every_bad_line_is_reported_and_nothing_written(empty_db: AsyncEngine, tmp_path: Path) -> None:
    await import_jsonl(empty_db, GOOD)
    before_counts, before_rows = await counts(empty_db), await digest(empty_db)
    bad_code = LINES["org-sunshine"]["creditCode"][:-1] + "0"
    path = jsonl(
        tmp_path,
        line("home-hlj", ref="home-new", community="新社区"),  # 1: fine
        '{"type": "Home", "ref": "broken", ',  # 2: bad JSON
        {"type": "Shelter", "ref": "x-1", "name": "庇护所"},  # 3: unknown type
        line("home-hlj", ref="home-2", community=None),  # 4: missing field
        line("home-hlj", ref="home-3", district="火星区"),  # 5: unknown district
        line("res-venue", ref="res-2", category="MONEY"),  # 6: bad enum
        line("org-sunshine", ref="org-2", creditCode=bad_code),  # 7: bad check character
        line("res-venue", ref="res-3", providerRef="nobody"),  # 8: dangling providerRef
        line("home-hlj", ref="home-new"),  # 9: duplicate ref (line 1)
        line("dem-fund", ref="dem-2", requesterRef="vol-zhang"),  # 10: a volunteer requests
        "[1, 2, 3]",  # 11: not an object
    )
    with pytest.raises(ImportRejected) as caught:
        await import_jsonl(empty_db, path)
    found = errors_by_line(caught.value)
    assert sorted(found) == list(range(2, 12))
    assert caught.value.lines == list(range(2, 12))
    assert found[2][0][0] is None and "not valid JSON" in found[2][0][1]
    assert found[3] == [("type", "unknown type 'Shelter'; expected one of Organization, Home, "
                                 "SocialWorker, Volunteer, Resource, Demand, Event, Engagement, "
                                 "Rating, VolunteerApplication, Appeal, Complaint")]  # fmt: skip
    assert found[4] == [("community", "Field required")]
    assert found[5][0][0] == "district" and "火星区" in found[5][0][1]
    assert found[6][0][0] == "category" and "'FUNDING'" in found[6][0][1]
    assert found[7][0][0] == "creditCode" and "credit code" in found[7][0][1]
    assert found[8] == [("providerRef", "no Home, Organization, SocialWorker or Volunteer "
                                        "with ref 'nobody' in this file or the database")]  # fmt: skip
    assert found[9] == [("ref", "duplicate ref 'home-new': already used on line 1")]
    assert found[10][0][0] == "requesterRef" and "is a Volunteer" in found[10][0][1]
    assert "line 2:" in str(caught.value) and "nothing written" in str(caught.value)
    assert await counts(empty_db) == before_counts
    assert await digest(empty_db) == before_rows


async def test_a_rejected_first_import_leaves_the_database_empty(
    empty_db: AsyncEngine, tmp_path: Path
) -> None:
    path = jsonl(tmp_path, HOME, line("res-venue", providerRef="nobody"))
    with pytest.raises(ImportRejected):
        await import_jsonl(empty_db, path)
    assert set((await counts(empty_db)).values()) == {0}  # not even the districts


CASES = [
    ("unknown field", line("home-hlj", colour="red"), "colour", "Extra inputs are not permitted"),
    ("outside Beijing", line("home-hlj", lat=31.23), "lat", "outside Beijing"),
    ("both districts", line("home-hlj", districtCode="110105"), "district", "not both"),
    ("no district", line("home-hlj", district=None), "district", "district is required"),
    ("naive time", line("dem-counselling", neededBy="2026-12-15T00:00:00"), "neededBy",
     "timezone"),
    ("cents of fen", line("res-fund", amount="1.005"), "amount", "2 decimal places"),
    ("bad ID number", line("vol-zhang", idNumber="110105199005175905"), "idNumber", "ID number"),
    ("unknown slot", line("vol-zhang", availability=["MIDNIGHT"]), "availability.0", "WEEKDAY"),
    ("window", line("res-counselling", availableFrom="2027-07-01T00:00:00+08:00"),
     "availableUntil", "before availableFrom"),
    ("service district", line("res-counselling", serviceDistricts=["110101", "上海"]),
     "serviceDistricts.1", "unknown district"),
    ("zero quantity", line("res-venue", quantity=0), "quantity", "greater than or equal to 1"),
    ("NaN", '{"type": "Home", "ref": "h", "lat": NaN}', None, "NaN is not allowed"),
]  # fmt: skip


@pytest.mark.parametrize(("bad", "field", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
async def test_a_bad_value_is_named(
    empty_db: AsyncEngine, tmp_path: Path, bad: Any, field: str | None, message: str
) -> None:
    # The sample file, with the line of the same ref replaced by the bad one.
    ref = json.loads(bad)["ref"] if isinstance(bad, str) else bad["ref"]
    lines = [bad if item["ref"] == ref else item for item in good_lines()]
    if ref not in LINES:
        lines.append(bad)
    with pytest.raises(ImportRejected) as caught:
        await import_jsonl(empty_db, jsonl(tmp_path, *lines))
    assert len(caught.value.errors) == 1, caught.value.errors
    error = caught.value.errors[0]
    assert isinstance(error, LineError)
    assert error.field == field and message in error.message, error


async def test_only_admitted_organizations_publish(empty_db: AsyncEngine, tmp_path: Path) -> None:
    lines = [*good_lines(), line("res-venue", ref="res-applicant", providerRef="org-applicant")]
    with pytest.raises(ImportRejected) as caught:
        await import_jsonl(empty_db, jsonl(tmp_path, *lines))
    [error] = caught.value.errors
    assert (error.line, error.field) == (len(lines), "providerRef")
    assert "is PENDING" in error.message


async def test_an_exited_organization_cannot_keep_publishing(empty_db: AsyncEngine, tmp_path: Path) -> None:
    await import_jsonl(empty_db, GOOD)
    lines = [
        line(item["ref"], status="EXITED") if item["ref"] == "org-sunshine" else item for item in good_lines()
    ]
    with pytest.raises(ImportRejected) as caught:
        await import_jsonl(empty_db, jsonl(tmp_path, *lines))
    messages = {(e.line, e.field): e.message for e in caught.value.errors}
    assert "still has 2 published resource(s)" in messages[(1, "status")]
    # Withdrawing them in the same file makes the suspension acceptable.
    for item in lines:
        if item["ref"] in ("res-counselling", "res-fund"):
            item["status"] = "WITHDRAWN"
    report = await import_jsonl(empty_db, jsonl(tmp_path, *lines, name="withdrawn.jsonl"))
    assert report.updated["Organization"] == 1 and report.updated["Resource"] == 2


async def test_credit_codes_and_refs_stay_unique(empty_db: AsyncEngine, tmp_path: Path) -> None:
    await import_jsonl(empty_db, GOOD)
    twin = line("org-agency", ref="org-twin")  # same credit code, new ref
    stolen = line("vol-zhang", ref="home-hlj")  # a Home's ref on a Volunteer
    with pytest.raises(ImportRejected) as caught:
        await import_jsonl(empty_db, jsonl(tmp_path, twin, stolen))
    assert {(e.line, e.field) for e in caught.value.errors} == {(1, "creditCode"), (2, "ref")}


async def test_quantity_cannot_drop_below_what_is_committed(empty_db: AsyncEngine, tmp_path: Path) -> None:
    await import_jsonl(empty_db, GOOD)
    async with empty_db.begin() as connection:
        await connection.execute(
            text("UPDATE resources SET quantity_committed = 10 WHERE ref = 'res-counselling'")
        )
    with pytest.raises(ImportRejected) as caught:
        await import_jsonl(empty_db, jsonl(tmp_path, line("res-counselling", quantity=5)))
    assert [(e.field, "below the 10" in e.message) for e in caught.value.errors] == [("quantity", True)]


async def test_undecodable_bytes_are_a_bad_line(empty_db: AsyncEngine, tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(GOOD.read_bytes() + b"\n" + '{"name": "é"}'.encode("latin-1"))
    with pytest.raises(ImportRejected) as caught:
        await import_jsonl(empty_db, path)
    assert [(e.line, e.message) for e in caught.value.errors] == [
        (len(GOOD.read_bytes().split(b"\n")) + 1, "not valid UTF-8")
    ]


async def test_an_erased_ref_is_a_line_error(empty_db: AsyncEngine, tmp_path: Path) -> None:
    """A person who deleted her account (deleteMyAccount) is not brought back by a later import."""
    async with empty_db.begin() as connection:
        await connection.execute(
            insert(ErasedRef.__table__).values(ref="vol-zhang", participant_kind="VOLUNTEER")
        )
    before = await counts(empty_db)
    with pytest.raises(ImportRejected) as caught:
        await import_jsonl(empty_db, jsonl(tmp_path, line("home-hlj"), line("vol-zhang")))
    assert errors_by_line(caught.value) == {
        2: [("ref", "ref 'vol-zhang' was erased at its holder's request: it cannot be imported again")]
    }
    assert await counts(empty_db) == before
