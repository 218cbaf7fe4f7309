"""What the database already holds that an import refers to: districts and rows by ref."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.ext.asyncio import AsyncConnection

from datasources.seed.districts import ensure_districts
from datasources.tables import metadata

TABLES = {
    "Organization": "organizations",
    "Home": "homes",
    "SocialWorker": "social_workers",
    "Volunteer": "volunteers",
    "Resource": "resources",
    "Demand": "demands",
    "Event": "events",
    "Engagement": "engagements",
    "Rating": "ratings",
    "VolunteerApplication": "volunteer_applications",
    "Appeal": "appeals",
    "Complaint": "complaints",
}
CHUNK = 500  # keys per IN (...) list

Row = dict[str, Any]
Party = tuple[str, int]


@dataclass
class Existing:
    districts: dict[str, int]  # district id by code and by Chinese name
    by_ref: dict[str, dict[str, Row]] = field(default_factory=dict)  # type → ref → row
    credit_codes: dict[str, Row] = field(default_factory=dict)  # organization by credit code
    service_districts: dict[int, list[int]] = field(default_factory=dict)  # by resource id
    # Refs of the PUBLISHED resources of the organizations above, by organization id.
    published_by_organization: dict[int, list[str | None]] = field(default_factory=dict)
    # Refs of participants whose personal data was erased (deleteMyAccount): never imported again.
    erased: set[str] = field(default_factory=set)
    # The requester and provider of each engagement above, by engagement id.
    engagement_parties: dict[int, tuple[Party, Party]] = field(default_factory=dict)
    # Who rated the engagements above: (engagement id, rater) → the rating's ref.
    ratings: dict[tuple[Any, ...], str | None] = field(default_factory=dict)
    # Who applied to the resources above: (volunteer id, resource id) → the application's ref.
    applications: dict[tuple[Any, ...], str | None] = field(default_factory=dict)
    registrations: dict[int, list[Party]] = field(default_factory=dict)  # of the events above
    # The refs of the appeals and complaints holding the file's tracking codes: (type, code) → ref.
    tracking_codes: dict[tuple[str, str], str | None] = field(default_factory=dict)
    replies: dict[int, list[Row]] = field(default_factory=dict)  # of the appeals above, by id
    actions: dict[int, list[Row]] = field(default_factory=dict)  # of the complaints above, by id
    _refs_by_id: dict[str, dict[int, str]] = field(default_factory=dict)  # ref_of's index

    def find(self, ref: str) -> tuple[str, Row] | None:
        """The type and row that already own `ref`, if any."""
        for kind, rows in self.by_ref.items():
            if ref in rows:
                return kind, rows[ref]
        return None

    def ref_of(self, kind: str, row_id: int) -> str | None:
        """The ref of a row of `kind` loaded above, by its id."""
        if kind not in self._refs_by_id:
            self._refs_by_id[kind] = {row["id"]: ref for ref, row in self.by_ref[kind].items()}
        return self._refs_by_id[kind].get(row_id)


async def load_existing(
    connection: AsyncConnection,
    refs: set[str],
    credit_codes: set[str],
    tracking_codes: set[tuple[str, str]],
) -> Existing:
    existing = Existing(await _districts(connection))
    for kind, name in TABLES.items():
        table = metadata.tables[name]
        rows = (
            await _rows_where(connection, table, table.c.ref, refs) if await _any(connection, table) else []
        )
        existing.by_ref[kind] = {row["ref"]: row for row in rows}
    organizations = metadata.tables["organizations"]
    credit_codes = credit_codes if await _any(connection, organizations, organizations.c.id) else set()
    for row in await _rows_where(connection, organizations, organizations.c.credit_code, credit_codes):
        existing.credit_codes[row["credit_code"]] = row
    resource_ids = [row["id"] for row in existing.by_ref["Resource"].values()]
    existing.service_districts = await _service_districts(connection, resource_ids)
    organization_ids = [row["id"] for row in existing.by_ref["Organization"].values()]
    existing.published_by_organization = await _published(connection, organization_ids)
    erased = metadata.tables["erased_refs"]
    if await _any(connection, erased):
        existing.erased = {row["ref"] for row in await _rows_where(connection, erased, erased.c.ref, refs)}
    engagement_ids = [row["id"] for row in existing.by_ref["Engagement"].values()]
    existing.engagement_parties = await _parties(connection, engagement_ids)
    ratings = metadata.tables["ratings"]
    for row in await _rows_where(connection, ratings, ratings.c.engagement_id, engagement_ids):
        existing.ratings[(row["engagement_id"], (row["rater_kind"], row["rater_id"]))] = row["ref"]
    applications = metadata.tables["volunteer_applications"]
    for row in await _rows_where(connection, applications, applications.c.resource_id, resource_ids):
        existing.applications[(row["volunteer_id"], row["resource_id"])] = row["ref"]
    registrations = metadata.tables["event_registrations"]
    event_ids = [row["id"] for row in existing.by_ref["Event"].values()]
    for row in await _rows_where(connection, registrations, registrations.c.event_id, event_ids):
        existing.registrations.setdefault(row["event_id"], []).append(
            (row["participant_kind"], row["participant_id"])
        )
    for kind in ("Appeal", "Complaint"):
        table = metadata.tables[TABLES[kind]]
        codes = {code for of, code in tracking_codes if of == kind}
        codes = codes if await _any(connection, table, table.c.id) else set()
        for row in await _rows_where(connection, table, table.c.tracking_code, codes):
            existing.tracking_codes[(kind, row["tracking_code"])] = row["ref"]
    replies = metadata.tables["appeal_replies"]
    appeal_ids = [row["id"] for row in existing.by_ref["Appeal"].values()]
    found = await _rows_where(connection, replies, replies.c.appeal_id, appeal_ids)
    for row in sorted(found, key=lambda reply: reply["id"]):  # in the order they were given
        existing.replies.setdefault(row["appeal_id"], []).append(row)
    actions = metadata.tables["complaint_actions"]
    complaint_ids = [row["id"] for row in existing.by_ref["Complaint"].values()]
    found = await _rows_where(connection, actions, actions.c.complaint_id, complaint_ids)
    for row in sorted(found, key=lambda action: action["id"]):
        existing.actions.setdefault(row["complaint_id"], []).append(row)
    return existing


async def _any(connection: AsyncConnection, table: Table, column: Any = None) -> bool:
    """Whether the table holds a row with a ref (or with `column`): a first import need not
    look refs up."""
    column = table.c.ref if column is None else column
    found = await connection.execute(select(column).where(column.is_not(None)).limit(1))
    return found.first() is not None


async def _parties(connection: AsyncConnection, engagement_ids: list[int]) -> dict[int, tuple[Party, Party]]:
    e, d, r = (metadata.tables[name] for name in ("engagements", "demands", "resources"))
    found: dict[int, tuple[Party, Party]] = {}
    for start in range(0, len(engagement_ids), CHUNK):
        statement = (
            select(e.c.id, d.c.requester_kind, d.c.requester_id, r.c.provider_kind, r.c.provider_id)
            .join(d, d.c.id == e.c.demand_id)
            .join(r, r.c.id == e.c.resource_id)
            .where(e.c.id.in_(engagement_ids[start : start + CHUNK]))
        )
        for row in await connection.execute(statement):
            found[row[0]] = ((row[1], row[2]), (row[3], row[4]))
    return found


async def _districts(connection: AsyncConnection) -> dict[str, int]:
    table = metadata.tables["districts"]
    await ensure_districts(connection)
    rows = (await connection.execute(select(table.c.id, table.c.code, table.c.name))).all()
    return {key: row.id for row in rows for key in (row.code, row.name)}


async def _rows_where(
    connection: AsyncConnection, table: Table, column: Any, keys: Iterable[Any]
) -> list[Row]:
    keys = sorted(keys)
    rows: list[Row] = []
    for start in range(0, len(keys), CHUNK):
        statement = select(table).where(column.in_(keys[start : start + CHUNK]))
        rows += [dict(row) for row in (await connection.execute(statement)).mappings()]
    return rows


async def _service_districts(connection: AsyncConnection, resource_ids: list[int]) -> dict[int, list[int]]:
    table = metadata.tables["resource_service_districts"]
    found: dict[int, list[int]] = {}
    for start in range(0, len(resource_ids), CHUNK):
        chunk = resource_ids[start : start + CHUNK]
        statement = select(table.c.resource_id, table.c.district_id).where(table.c.resource_id.in_(chunk))
        for resource_id, district_id in await connection.execute(statement):
            found.setdefault(resource_id, []).append(district_id)
    return {key: sorted(value) for key, value in found.items()}


async def _published(connection: AsyncConnection, organization_ids: list[int]) -> dict[int, list[str | None]]:
    table = metadata.tables["resources"]
    found: dict[int, list[str | None]] = {}
    for start in range(0, len(organization_ids), CHUNK):
        statement = select(table.c.provider_id, table.c.ref).where(
            table.c.provider_kind == "ORGANIZATION",
            table.c.provider_id.in_(organization_ids[start : start + CHUNK]),
            table.c.status == "PUBLISHED",
        )
        for organization_id, ref in await connection.execute(statement):
            found.setdefault(organization_id, []).append(ref)
    return found
