"""Bulk import of JSON Lines files (see "Bulk import format" in the graph contract).

One object per line: `{"type": "Home" | "Organization" | "SocialWorker" | "Volunteer" |
"Resource" | "Demand" | "Event" | "Engagement" | "Rating" | "VolunteerApplication" | "Appeal" |
"Complaint", "ref":
"<key>", ...fields}`, fields named as in the graph, other rows referred to by ref
(`providerRef`, `demandRef`, ...), districts by code or name (docs/import.md). What follows
from the history (units committed, reputation, hours served, ...) is recomputed, not read.

Two passes over the file, so memory does not grow with what the lines hold: the first
(scan.py) reads each line alone and keeps a sketch of it (its type, place and the few fields
other lines are checked against); the second reads the lines again, type by type in the order
the rows refer to each other, checks each against the sketches and the database, and writes a
batch at a time. One transaction: any problem rejects the file whole with every bad line
listed (`ImportRejected`) and nothing written (it rolls back). Rows are matched by ref, so
importing the same file again changes nothing; a changed line updates only the fields it gives.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from datasources.importer import (
    appeals,
    applications,
    complaints,
    engagements,
    events,
    offers,
    participants,
)
from datasources.importer.checker import Check, Checker
from datasources.importer.existing import load_existing
from datasources.importer.holdings import check_holdings
from datasources.importer.report import ImportRejected, ImportReport, LineError
from datasources.importer.scan import first_pass, second_pass
from datasources.importer.write import Writer

__all__ = ["ImportRejected", "ImportReport", "LineError", "import_jsonl"]

CHECKS: dict[str, Check] = {
    "Organization": participants.organization,
    "Home": participants.home,
    "SocialWorker": participants.social_worker,
    "Volunteer": participants.volunteer,
    "Resource": offers.resource,
    "Demand": offers.demand,
    "Event": events.event,
    "Engagement": engagements.engagement,
    "Rating": engagements.rating,
    "VolunteerApplication": applications.application,
    "Appeal": appeals.appeal,
    "Complaint": complaints.complaint,
}


async def import_jsonl(
    engine: AsyncEngine, path: str | Path, progress: Callable[[str], None] | None = None
) -> ImportReport:
    """Import the JSON Lines file at `path`; raise ImportRejected, writing nothing, if it is bad.
    `progress` hears of each stage (read, each type checked and written) for a long run."""
    tell = progress or (lambda _: None)
    path = Path(path)
    index = first_pass(path)
    tell(f"read {index.count:,} lines")
    async with engine.begin() as connection:
        existing = await load_existing(
            connection, index.refs(), set(index.credit_codes), set(index.tracking_codes)
        )
        checker = Checker(index, existing, CHECKS)
        check_holdings(checker)
        writer = Writer(connection, existing, index)
        done: dict[str, int] = {}
        for kind, items in second_pass(path, index):
            plans = [planned for item in items if (planned := checker.check(item)) is not None]
            if not index.errors and not checker.errors:  # else only checked: it all rolls back
                await writer.write(kind, plans)
            done[kind] = done.get(kind, 0) + len(items)
            tell(f"{kind} {done[kind]:,} lines checked")
        if index.errors or checker.errors:
            raise ImportRejected(index.errors + checker.errors)
        report = await writer.finish()
    tell("written")
    return report
