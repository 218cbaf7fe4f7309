"""Bulk import of JSON Lines files (see "Bulk import format" in the graph contract).

One object per line: `{"type": "Home" | "Organization" | "SocialWorker" | "Volunteer" |
"Resource" | "Demand" | "Event" | "Engagement" | "Rating" | "VolunteerApplication", "ref":
"<key>", ...fields}`, fields named as in the graph, other rows referred to by ref
(`providerRef`, `demandRef`, ...), districts by code or name (docs/import.md). What follows
from the history (units committed, reputation, hours served, ...) is recomputed, not read.

The whole file is checked before anything is written; any problem rejects it whole with
every bad line listed (`ImportRejected`). Rows are matched by ref, so importing the same file
again changes nothing; a changed line updates only the fields it gives. One transaction.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from datasources.importer.existing import load_existing
from datasources.importer.models import MODELS, EventLine, OrganizationLine
from datasources.importer.parse import Parsed, parse_lines
from datasources.importer.report import ImportRejected, ImportReport, LineError
from datasources.importer.validate import plan_import
from datasources.importer.write import write_plan

__all__ = ["ImportRejected", "ImportReport", "LineError", "import_jsonl"]

REFERENCES = (
    "provider_ref", "requester_ref", "agency_ref", "organizer_ref", "demand_ref", "resource_ref",
    "engagement_ref", "rater_ref", "volunteer_ref", "position_ref",
)  # fmt: skip


async def import_jsonl(
    engine: AsyncEngine, path: str | Path, progress: Callable[[str], None] | None = None
) -> ImportReport:
    """Import the JSON Lines file at `path`; raise ImportRejected, writing nothing, if it is bad.
    `progress` hears of each stage (read, checked, written) for a long run."""
    tell = progress or (lambda _: None)
    parsed, undecodable = _read(Path(path))
    parsed.errors += undecodable
    tell(f"read {len(parsed.items):,} lines")
    async with engine.begin() as connection:
        existing = await load_existing(connection, _refs(parsed), _credit_codes(parsed))
        plans = plan_import(parsed, existing)
        tell(f"checked {len(plans):,} lines: writing")
        report = await write_plan(connection, plans, existing)
    tell("written")
    return report


def _read(path: Path) -> tuple[Parsed, list[LineError]]:
    """Read line by line, splitting on newlines only (a JSON string may hold U+2028), decoding
    each line alone."""
    errors: list[LineError] = []

    def texts() -> Iterator[str]:
        with path.open("rb") as lines:
            for number, raw in enumerate(lines, start=1):
                if number == 1:
                    raw = raw.removeprefix(codecs.BOM_UTF8)
                try:
                    yield raw.decode("utf-8")
                except UnicodeDecodeError:
                    errors.append(LineError(number, None, "not valid UTF-8"))
                    yield ""

    return parse_lines(texts()), errors


def _refs(parsed: Parsed) -> set[str]:
    """Every ref the file declares or refers to."""
    fields = {kind: [n for n in REFERENCES if n in model.model_fields] for kind, model in MODELS.items()}
    referred = {getattr(item.data, name) for item in parsed.items for name in fields[item.type]}
    registered = {
        ref for item in parsed.items if isinstance(item.data, EventLine) for ref in item.data.registrations
    }
    return set(parsed.declared) | registered | {ref for ref in referred if ref}


def _credit_codes(parsed: Parsed) -> set[str]:
    return {item.data.credit_code for item in parsed.items if isinstance(item.data, OrganizationLine)}
