"""`yiwuxian export`: the whole graph in the import's JSON Lines format (docs/import.md).

The first line is a header: `{"type": "Export", "format": 1, "personal": false}`. Then every
row, one type after the other in the order the import needs them (what is referred to first),
each type by id, each line's fields in the order of its import model; what follows from the
history (units committed, reputation, hours served, ...) is left out, the import recomputes
it. Personal columns (auth/privacy.py: phones, e-mails, ID numbers, exact homes, engagement
notes) are left out unless the caller keeps them, and then the header says `"personal": true`.

Rows without a ref get one first, minted once and kept (`home-<run>-<id>`): the same row has
the same ref in every later export, and an import of the file keeps it. Rows are streamed: the
memory an export takes is the refs of the rows others refer to, not the file.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import AsyncIterator, Callable, Mapping
from datetime import UTC, datetime
from typing import IO, Any

from sqlalchemy import String, cast, literal, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from datasources.importer.existing import TABLES
from datasources.importer.models import FORMAT, MODELS
from datasources.importer.plan import PARTICIPANTS
from datasources.importer.report import TYPES
from datasources.tables import metadata

BATCH = 2_000  # rows fetched at a time
# The prefix of a minted ref, by type.
PREFIXES = {
    "Organization": "org", "Home": "home", "SocialWorker": "sw", "Volunteer": "vol", "Resource": "res",
    "Demand": "dem", "Event": "evt", "Engagement": "eng", "Rating": "rat", "VolunteerApplication": "app",
    "Appeal": "apl", "Complaint": "cmp",
}  # fmt: skip
KINDS = {stored: kind for kind, stored in PARTICIPANTS.items()}
# Proofs of the moment that are left out with the personal columns: an appeal's tracking code
# lets whoever holds it read the appeal (`appeal(trackingCode:)`), a complaint's likewise.
PROOFS = {"appeals": {"tracking_code"}, "complaints": {"tracking_code"}}
Progress = Callable[[str, int], None]


def header(*, personal: bool) -> dict[str, Any]:
    return {"type": "Export", "format": FORMAT, "personal": personal}


async def export_jsonl(
    engine: AsyncEngine,
    out: IO[str],
    *,
    omit: Mapping[str, set[str]],
    progress: Progress | None = None,
) -> dict[str, int]:
    """Write the graph to `out`, leaving out the columns `omit` names by table (the personal
    ones, unless they are wanted); the number of lines written per type."""
    async with engine.begin() as connection:
        await mint_refs(connection)
    written: dict[str, int] = dict.fromkeys(TYPES, 0)
    personal = not any(omit.values())
    if not personal:
        omit = {table: omit.get(table, set()) | PROOFS.get(table, set()) for table in {*omit, *PROOFS}}
    out.write(_dump(header(personal=personal)))
    async with engine.connect() as connection:
        refs = await _Refs.load(connection)
        for kind in TYPES:
            table = metadata.tables[TABLES[kind]]
            skipped = omit.get(table.name, set())
            async for row in _rows(connection, table):
                out.write(_dump(refs.line(kind, row, skipped)))
                written[kind] += 1
                if progress is not None and written[kind] % 10_000 == 0:
                    progress(kind, written[kind])
    return written


async def mint_refs(connection: AsyncConnection) -> None:
    """Give every row without a ref one: its type's prefix, this run's token and its id."""
    run = secrets.token_hex(3)
    for kind, prefix in PREFIXES.items():
        table = metadata.tables[TABLES[kind]]
        minted = literal(f"{prefix}-{run}-") + cast(table.c.id, String)
        await connection.execute(update(table).where(table.c.ref.is_(None)).values(ref=minted))


async def _rows(connection: AsyncConnection, table: Any) -> AsyncIterator[Any]:
    result = await connection.stream(select(table).order_by(table.c.id).execution_options(yield_per=BATCH))
    async for row in result:
        yield row._mapping


class _Refs:
    """The refs of the rows others refer to, and the lists a line carries (districts served,
    registrations)."""

    def __init__(self) -> None:
        self.refs: dict[str, dict[int, str]] = {}  # type → id → ref
        self.districts: dict[int, str] = {}  # id → code
        self.served: dict[int, list[str]] = {}  # resource id → district codes
        self.registered: dict[int, list[str]] = {}  # event id → participant refs
        self.replies: dict[int, list[dict[str, Any]]] = {}  # appeal id → its replies
        self.actions: dict[int, list[dict[str, Any]]] = {}  # complaint id → its actions

    @classmethod
    async def load(cls, connection: AsyncConnection) -> _Refs:
        refs = cls()
        for kind in (*PARTICIPANTS, "Resource", "Demand", "Event", "Engagement"):
            table = metadata.tables[TABLES[kind]]
            found = await connection.execute(select(table.c.id, table.c.ref))
            refs.refs[kind] = {row_id: ref for row_id, ref in found}
        districts = metadata.tables["districts"]
        refs.districts = dict((await connection.execute(select(districts.c.id, districts.c.code))).all())
        served = metadata.tables["resource_service_districts"]
        order = (served.c.resource_id, served.c.district_id)
        for resource_id, district_id in await connection.execute(select(*order).order_by(*order)):
            refs.served.setdefault(resource_id, []).append(refs.districts[district_id])
        registrations = metadata.tables["event_registrations"]
        c = registrations.c
        rows = select(c.event_id, c.participant_kind, c.participant_id).order_by(c.event_id, c.id)
        for event_id, kind, participant_id in await connection.execute(rows):
            refs.registered.setdefault(event_id, []).append(refs.party(kind, participant_id))
        replies = metadata.tables["appeal_replies"]
        rows = select(replies.c.appeal_id, replies.c.body, replies.c.created_at).order_by(replies.c.id)
        for appeal_id, body, created_at in await connection.execute(rows):
            refs.replies.setdefault(appeal_id, []).append({"body": body, "createdAt": created_at})
        actions = metadata.tables["complaint_actions"]
        c = actions.c
        rows = select(c.complaint_id, c.action, c.reason, c.created_at).order_by(c.id)
        for complaint_id, action, reason, created_at in await connection.execute(rows):
            step = {"action": action, "reason": reason, "createdAt": created_at}
            refs.actions.setdefault(complaint_id, []).append(step)
        return refs

    def party(self, kind: str, row_id: int) -> str:
        return self.refs[KINDS[kind]][row_id]

    def line(self, kind: str, row: Mapping[str, Any], skipped: set[str]) -> dict[str, Any]:
        line: dict[str, Any] = {"type": kind}
        for name, info in MODELS[kind].model_fields.items():
            if name in skipped:
                continue
            value = self._value(kind, name, row)
            if value is not None:
                line[info.alias or name] = _plain(value)
        return line

    def _value(self, kind: str, name: str, row: Mapping[str, Any]) -> Any:
        special = {
            "district": lambda: self.districts.get(row["district_id"]),
            "district_code": lambda: None,
            "amount": lambda: None if row["amount_fen"] is None else _yuan(row["amount_fen"]),
            "provider_ref": lambda: self.party(row["provider_kind"], row["provider_id"]),
            "requester_ref": lambda: self.party(row["requester_kind"], row["requester_id"]),
            "organizer_ref": lambda: self.party(row["organizer_kind"], row["organizer_id"]),
            "agency_ref": lambda: row["agency_id"] and self.refs["Organization"][row["agency_id"]],
            "service_districts": lambda: self.served.get(row["id"], []),
            "registrations": lambda: self.registered.get(row["id"], []),
            "home_ref": lambda: self.refs["Home"][row["home_id"]],
            "replies": lambda: self.replies.get(row["id"], []),
            "subject_ref": lambda: self.party(row["subject_kind"], row["subject_id"]),
            "actions": lambda: self.actions.get(row["id"], []),
            "demand_ref": lambda: self.refs["Demand"][row["demand_id"]],
            "resource_ref": lambda: self.refs["Resource"][row["resource_id"]],
            "position_ref": lambda: self.refs["Resource"][row["resource_id"]],
            "volunteer_ref": lambda: self.refs["Volunteer"][row["volunteer_id"]],
            "engagement_ref": lambda: self.refs["Engagement"][row["engagement_id"]],
            "rater_ref": lambda: self.party(row["rater_kind"], row["rater_id"]),
            "hours_served": lambda: row["service_minutes"] / 60 if row["status"] == "COMPLETED" else None,
        }
        if name in special:
            return special[name]()
        return row.get(name)


def _yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def _plain(value: Any) -> Any:
    """JSON values: times in UTC (ISO 8601), objects with sorted keys (a database may reorder)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, dict):
        return {key: _plain(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _dump(line: dict[str, Any]) -> str:
    return json.dumps(line, ensure_ascii=False, separators=(", ", ": ")) + "\n"
