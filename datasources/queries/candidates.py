"""Candidate retrieval for matching: the live demands, resources and openings of a category,
found through the (category, status, district_id) indexes, as the domain's values.

A batch (the demands of a page, the resources of a page, every open demand of a category
for an allocation plan) costs a fixed number of statements whatever its size:

- the batch's own rows (`needs_statement` / `offers_statement` by id);
- the other side's pool: the live rows of the batch's categories around the batch's places
  (`live_need_conditions`, `live_offer_conditions`, `offers_reaching`, `needs_reached_by`):
  OPEN/MATCHED demands with need left, PUBLISHED resources with units left and not past their
  window, neither from an organization that is pending, rejected, suspended or exited;
- the track record of the providers in it (`parties_statement`); the further districts its
  resources serve ride along on their rows (`joined_ids`);
- the engagements that rule pairs out (`blocked_statement`): one side DECLINED, or one is
  already under way (PROPOSED, ACCEPTED: suggesting it again adds nothing).

The pairing itself (area, time windows, not the same participant) and the scoring run on
arrays in domain/matching/pools.py: the database reads each row once, instead of once per
pair as a join of demands with resources would (72,000 pair rows for 50 demands at Beijing
scale; see docs/matching.md). Rows carry only what the scorer reads.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any, overload

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    String,
    and_,
    cast,
    literal,
    null,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import FromClause
from sqlalchemy.sql.functions import FunctionElement

from datasources.queries.common import KM_PER_DEGREE_LAT, KM_PER_DEGREE_LON_AT_EQUATOR, Near, active_party
from datasources.tables import (
    Demand,
    Engagement,
    Event,
    EventRegistration,
    Home,
    Organization,
    Resource,
    ResourceServiceDistrict,
    SocialWorker,
    Volunteer,
    VolunteerApplication,
)
from domain.enums import (
    ApplicationStatus,
    DemandStatus,
    EngagementStatus,
    EventStatus,
    ParticipantKind,
    ResourceStatus,
)
from domain.matching.model import Need, Offer, Party, Place, Track
from domain.matching.opportunities import EVENT, POSITION, Opening, Seeker
from domain.matching.vocabulary import slot_of

# Engagements that rule a pair out: one side said no, or it is already being worked out.
BLOCKING_ENGAGEMENTS = (EngagementStatus.DECLINED, EngagementStatus.PROPOSED, EngagementStatus.ACCEPTED)
LIVE_DEMANDS = (DemandStatus.OPEN, DemandStatus.MATCHED)
MAX_BOX_LATITUDE = 85.0  # keeps cos() of a box edge away from zero near the poles
TRACK_COLUMNS = ("rating_count", "rating_sum", "engagements_completed", "engagements_cancelled")

demands: FromClause = Demand.__table__
resources: FromClause = Resource.__table__
events: FromClause = Event.__table__
links: FromClause = ResourceServiceDistrict.__table__
engagements: FromClause = Engagement.__table__
registrations: FromClause = EventRegistration.__table__
applications: FromClause = VolunteerApplication.__table__
volunteers: FromClause = Volunteer.__table__
organizations: FromClause = Organization.__table__
PARTY_TABLES: dict[str, FromClause] = {
    ParticipantKind.HOME: Home.__table__,
    ParticipantKind.ORGANIZATION: organizations,
    ParticipantKind.SOCIAL_WORKER: SocialWorker.__table__,
    ParticipantKind.VOLUNTEER: volunteers,
}


# Columns as the scorer wants them -------------------------------------------------------------


def _text(column: ColumnElement) -> ColumnElement:
    """A timestamp column as the driver returns it, without SQLAlchemy's per-row processing
    (SQLite: text that `moment` reads faster; asyncpg: datetimes)."""
    return type_coerce(column, String).label(column.name)


def _json(column: ColumnElement) -> ColumnElement:
    """A JSON column as its text, decoded by `words` once per distinct text: the same few tag
    lists recur thousands of times (on PostgreSQL the cast also spares asyncpg's decoding)."""
    return cast(column, String).label(column.name)


def words(value: str | list[str] | None) -> frozenset[str]:
    if value is None:
        return frozenset()
    return _decoded(value) if isinstance(value, str) else frozenset(value)


@lru_cache(maxsize=4096)
def _decoded(text: str) -> frozenset[str]:
    return frozenset(json.loads(text))


@overload
def moment(value: str | datetime) -> datetime: ...
@overload
def moment(value: None) -> None: ...
def moment(value: str | datetime | None) -> datetime | None:
    """A timestamp column read by `_text`: UTC, stored naive on SQLite."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value + "+00:00")  # five times faster than .replace(tzinfo=UTC)


class joined_ids(FunctionElement):
    """The values of an integer column of a group as one text, "3,5,9" (SQLite's group_concat,
    PostgreSQL's string_agg): a resource's further districts ride along on its own row."""

    type = String()
    inherit_cache = True


@compiles(joined_ids, "sqlite")
def _group_concat(element: joined_ids, compiler: Any, **kw: Any) -> str:
    return f"group_concat({compiler.process(element.clauses, **kw)}, ',')"


@compiles(joined_ids, "postgresql")
def _string_agg(element: joined_ids, compiler: Any, **kw: Any) -> str:
    return f"string_agg(CAST({compiler.process(element.clauses, **kw)} AS TEXT), ',')"


@lru_cache(maxsize=1024)
def district_set(text: str | None) -> frozenset[int]:
    return frozenset(int(part) for part in text.split(",")) if text else frozenset()


# One place, one party, one track record stand behind many rows: build each once.
_place = lru_cache(maxsize=8192)(Place)
_party = lru_cache(maxsize=8192)(Party)
_track = lru_cache(maxsize=8192)(Track)


# Demands --------------------------------------------------------------------------------------


def needs_statement(*where: ColumnElement) -> Select:
    """Demands as needs, in the column order `need_of` unpacks."""
    d = demands.c
    return select(
        d.id, d.category, d.status, d.requester_kind, d.requester_id,
        active_party(d.requester_kind, d.requester_id).label("party_active"), d.district_id,
        d.subdistrict, d.lat, d.lon, d.urgency, d.target_group, d.quantity, d.quantity_matched,
        _text(d.created_at), _text(d.needed_by), _json(d.tags),
    ).where(*where)  # fmt: skip


def live_need_conditions(categories: Iterable[str], district_ids: Iterable[int] = ()) -> list[ColumnElement]:
    d = demands.c
    clauses = [
        d.category.in_(sorted(set(categories))),
        d.status.in_(LIVE_DEMANDS),
        d.quantity_matched < d.quantity,
        active_party(d.requester_kind, d.requester_id),
    ]
    districts = sorted(set(district_ids))
    if districts:
        clauses.append(d.district_id.in_(districts))
    return clauses


def need_of(row: Any) -> Need:
    (pk, category, status, kind, requester, active, district, subdistrict, lat, lon, urgency, group,
     quantity, matched, created_at, needed_by, tags) = row  # fmt: skip
    return Need(
        pk, category, status, Party(kind, requester, active=bool(active)),
        _place(district, subdistrict, lat, lon), urgency, group, quantity, matched,
        moment(created_at), moment(needed_by), words(tags),
    )  # fmt: skip


# Resources ------------------------------------------------------------------------------------


def offers_statement(*where: ColumnElement, details: bool = False) -> Select:
    """Resources as offers, in the column order `offer_of` unpacks, with the further districts
    each serves (and, for volunteer positions, their details last)."""
    r = resources.c
    served = select(joined_ids(links.c.district_id)).where(links.c.resource_id == r.id).scalar_subquery()
    return select(
        r.id, r.category, r.status, r.provider_kind, r.provider_id, r.district_id, r.lat, r.lon,
        r.service_radius_km, r.quantity, r.quantity_committed, _text(r.available_from),
        _text(r.available_until), _json(r.tags), _json(r.target_groups),
        active_party(r.provider_kind, r.provider_id).label("party_active"), served.label("served"),
        *([_json(r.details)] if details else []),
    ).where(*where)  # fmt: skip


def live_offer_conditions(categories: Iterable[str], now: datetime) -> list[ColumnElement]:
    r = resources.c
    return [
        r.category.in_(sorted(set(categories))),
        r.status == ResourceStatus.PUBLISHED,
        r.quantity_committed < r.quantity,
        or_(r.available_until.is_(None), r.available_until > now),
        active_party(r.provider_kind, r.provider_id),
    ]


def _box(places: Sequence[Place]) -> tuple[float, float, float, float, float] | None:
    """(south, north, west, east, km per degree of longitude at the edge furthest from the
    equator: the smallest inside the box) of the places with coordinates; None if none has."""
    located = [(p.lat, p.lon) for p in places if p.lat is not None and p.lon is not None]
    if not located:
        return None
    lats = [lat for lat, _ in located]
    lons = [lon for _, lon in located]
    widest = min(max(abs(min(lats)), abs(max(lats))), MAX_BOX_LATITUDE)
    km_per_lon = KM_PER_DEGREE_LON_AT_EQUATOR * math.cos(math.radians(widest))
    return min(lats), max(lats), min(lons), max(lons), km_per_lon


def around(table: FromClause, places: Sequence[Place], km: Any) -> list[ColumnElement]:
    """Rows of `table` in the box `km` (a number, or a column of it) around the places; none
    if no place has coordinates. Generous: the exact distance is checked in the pools."""
    box = _box(places)
    if box is None:
        return []
    south, north, west, east, km_per_lon = box
    lat, lon = km / KM_PER_DEGREE_LAT, km / km_per_lon
    return [and_(table.c.lat.between(south - lat, north + lat), table.c.lon.between(west - lon, east + lon))]


def offers_reaching(places: Sequence[Place]) -> list[ColumnElement]:
    """Resources that may serve one of `places`: in or serving one of their districts, or with a
    service radius reaching into the box around them. A batch from one part of the city reads
    only the resources around it."""
    r = resources.c
    districts = sorted({p.district_id for p in places})
    serving = select(links.c.resource_id).where(links.c.district_id.in_(districts))
    radius = around(resources, places, r.service_radius_km)
    return [or_(r.district_id.in_(districts), r.id.in_(serving), *radius)]


def needs_reached_by(offers: Sequence[Offer]) -> list[ColumnElement]:
    """Demands one of `offers` may serve: in the districts they are in or serve, or inside the
    box their largest service radius reaches."""
    districts = {o.place.district_id for o in offers} | {x for o in offers for x in o.service_district_ids}
    radii = [o.service_radius_km for o in offers if o.service_radius_km is not None]
    reaching = [o.place for o in offers if o.service_radius_km is not None]
    box = around(demands, reaching, max(radii)) if radii else []
    return [or_(demands.c.district_id.in_(sorted(districts)), *box)]


def parties_statement(refs: Iterable[tuple[str, int]]) -> Select | CompoundSelect:
    """The track record (and a home's sub-district) of participants by (kind, id)."""
    ids: dict[str, list[int]] = defaultdict(list)
    for kind, pk in refs:
        ids[kind].append(pk)
    selects = []
    for kind, pks in sorted(ids.items()):
        table = PARTY_TABLES[kind]
        subdistrict = table.c.subdistrict if "subdistrict" in table.c else null()
        selects.append(
            select(
                literal(str(kind)).label("kind"),
                table.c.id,
                *[table.c[name] for name in TRACK_COLUMNS],
                type_coerce(subdistrict, String).label("subdistrict"),
            ).where(table.c.id.in_(sorted(set(pks))))
        )
    return selects[0] if len(selects) == 1 else union_all(*selects)


Parties = dict[tuple[str, int], tuple[Track, str | None]]


def offer_of(row: Any, parties: Parties) -> Offer:
    # Unpacked by position: a Row's attribute look-up by name costs more than all the rest.
    (pk, category, status, kind, provider, district, lat, lon, radius, quantity, committed,
     available_from, available_until, tags, groups, active, served) = row[:17]  # fmt: skip
    track, subdistrict = parties.get((kind, provider), (Track(), None))
    return Offer(
        pk, category, status, _party(kind, provider, bool(active), track),
        _place(district, subdistrict, lat, lon), quantity, committed, district_set(served),
        radius, words(tags), words(groups), moment(available_from), moment(available_until),
    )  # fmt: skip


# Engagements ----------------------------------------------------------------------------------

Ids = Sequence[int] | Select  # ids, or a select of ids


def blocked_statement(*, demand_ids: Ids = (), resource_ids: Ids = ()) -> Select:
    """(demand_id, resource_id) of the pairs an engagement rules out, among these demands
    and/or resources."""
    e = engagements.c
    where = [e.status.in_(BLOCKING_ENGAGEMENTS)]
    for column, ids in ((e.demand_id, demand_ids), (e.resource_id, resource_ids)):
        if isinstance(ids, Select):
            where.append(column.in_(ids))
        elif ids:
            where.append(column.in_(list(ids)))
    return select(e.demand_id, e.resource_id).where(*where).distinct()


# Volunteers and openings ----------------------------------------------------------------------


def seekers_statement(*where: ColumnElement) -> Select:
    v = volunteers.c
    return select(v.id, v.district_id, v.lat, v.lon, _json(v.skills), _json(v.availability)).where(*where)


def seeker_of(row: Any) -> Seeker:
    place = Place(row.district_id, None, row.lat, row.lon)
    return Seeker(row.id, place, words(row.skills), words(row.availability))


def events_statement(*where: ColumnElement) -> Select:
    e = events.c
    plain = [e.id, e.status, e.organizer_kind, e.organizer_id, e.district_id, e.lat, e.lon,
             e.capacity, e.registered_count, e.skills, e.starts_at, e.ends_at]  # fmt: skip
    return select(*plain, active_party(e.organizer_kind, e.organizer_id).label("party_active")).where(*where)


def live_event_conditions(now: datetime) -> list[ColumnElement]:
    """Published events still taking people, by an active organizer."""
    e = events.c
    return [
        e.status == EventStatus.PUBLISHED,
        e.ends_at > now,
        or_(e.registration_deadline.is_(None), e.registration_deadline > now),
        or_(e.capacity.is_(None), e.registered_count < e.capacity),
        active_party(e.organizer_kind, e.organizer_id),
    ]


def events_reaching(places: Sequence[Place], reach_km: float) -> list[ColumnElement]:
    """Events in the places' districts or within `reach_km` of their box."""
    districts = sorted({p.district_id for p in places})
    return [or_(events.c.district_id.in_(districts), *around(events, places, reach_km))]


def opening_conditions(
    table: FromClause, *, district_id: int | None, day: tuple[datetime, datetime] | None, near: Near | None
) -> list[ColumnElement]:
    """The browsing filters of `opportunities` on the resources or events table: in a district,
    happening on a day, inside the box around a circle (the exact circle is checked later)."""
    c = table.c
    clauses: list[ColumnElement] = []
    if district_id is not None:
        clauses.append(c.district_id == district_id)
    if day is not None:
        start, end = day
        if table is events:
            clauses += [c.starts_at < end, c.ends_at > start]
        else:
            clauses += [
                or_(c.available_from.is_(None), c.available_from < end),
                or_(c.available_until.is_(None), c.available_until > start),
            ]
    if near is not None:
        clauses += around(table, [Place(0, None, near.lat, near.lon)], near.radius_km)
    return clauses


def opening_of_event(row: Any, parties: Parties) -> Opening:
    track, subdistrict = parties.get((row.organizer_kind, row.organizer_id), (Track(), None))
    return Opening(
        kind=EVENT,
        id=row.id,
        party=_party(row.organizer_kind, row.organizer_id, bool(row.party_active), track),
        place=_place(row.district_id, subdistrict, row.lat, row.lon),
        open=row.status == EventStatus.PUBLISHED,
        skills=frozenset(row.skills or ()),
        slots=frozenset({slot_of(row.starts_at)}),
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        spots_left=None if row.capacity is None else row.capacity - row.registered_count,
    )


def opening_of_position(offer: Offer, details: str | dict[str, Any] | None) -> Opening:
    """A volunteer position (a resource of that category) as an opening; its details name the
    skills wanted and the weekly shifts."""
    found = json.loads(details) if isinstance(details, str) else details or {}
    return Opening(
        kind=POSITION,
        id=offer.id,
        party=offer.party,
        place=offer.place,
        open=offer.status == ResourceStatus.PUBLISHED,
        skills=frozenset(found.get("skills") or ()),
        slots=frozenset(found.get("shifts") or ()),
        starts_at=offer.available_from,
        ends_at=offer.available_until,
        spots_left=offer.remaining,
        service_district_ids=offer.service_district_ids,
        service_radius_km=offer.service_radius_km,
    )


# Fetching -------------------------------------------------------------------------------------


async def fetch_needs(connection: AsyncConnection, *where: ColumnElement) -> list[Need]:
    return [need_of(row) for row in (await connection.execute(needs_statement(*where))).all()]


async def fetch_parties(connection: AsyncConnection, refs: Iterable[tuple[str, int]]) -> Parties:
    wanted = set(refs)
    if not wanted:
        return {}
    rows = (await connection.execute(parties_statement(wanted))).all()
    return {(row.kind, row.id): (_track(*(row[2:6])), row.subdistrict) for row in rows}


async def fetch_offers(connection: AsyncConnection, *where: ColumnElement) -> list[Offer]:
    """Resources as offers (two statements: the rows, and their providers' records)."""
    rows = (await connection.execute(offers_statement(*where))).all()
    parties = await fetch_parties(connection, {(row.provider_kind, row.provider_id) for row in rows})
    return [offer_of(row, parties) for row in rows]


def demand_ids_where(*where: ColumnElement) -> Select:
    """The ids of the demands that meet `where` (a subquery for `fetch_blocked`)."""
    return select(demands.c.id).where(*where)


async def fetch_blocked(
    connection: AsyncConnection, *, demand_ids: Ids = (), resource_ids: Ids = ()
) -> set[tuple[int, int]]:
    """The (demand id, resource id) pairs an engagement rules out."""
    statement = blocked_statement(demand_ids=demand_ids, resource_ids=resource_ids)
    return {(row.demand_id, row.resource_id) for row in (await connection.execute(statement)).all()}


async def fetch_seekers(connection: AsyncConnection, *where: ColumnElement) -> list[Seeker]:
    return [seeker_of(row) for row in (await connection.execute(seekers_statement(*where))).all()]


async def fetch_openings(
    connection: AsyncConnection, position_where: Sequence[ColumnElement], event_where: Sequence[ColumnElement]
) -> list[Opening]:
    """Volunteer positions and events as openings (three statements: positions, events, and
    the organizers' records)."""
    rows = (await connection.execute(offers_statement(*position_where, details=True))).all()
    event_rows = (await connection.execute(events_statement(*event_where))).all()
    refs = {(r.provider_kind, r.provider_id) for r in rows} | {
        (e.organizer_kind, e.organizer_id) for e in event_rows
    }
    parties = await fetch_parties(connection, refs)
    positions = [opening_of_position(offer_of(row, parties), row[17]) for row in rows]
    return positions + [opening_of_event(row, parties) for row in event_rows]


async def fetch_taken(connection: AsyncConnection, volunteer_ids: Sequence[int]) -> set[tuple[int, str, int]]:
    """(volunteer id, kind, id) of the openings each volunteer already applied or registered to
    (a withdrawn application does not count)."""
    a, g = applications.c, registrations.c
    applied = select(a.volunteer_id, literal(POSITION).label("kind"), a.resource_id).where(
        a.volunteer_id.in_(list(volunteer_ids)), a.status != ApplicationStatus.WITHDRAWN
    )
    registered = select(g.participant_id, literal(EVENT).label("kind"), g.event_id).where(
        g.participant_kind == ParticipantKind.VOLUNTEER, g.participant_id.in_(list(volunteer_ids))
    )
    return {(v, kind, pk) for v, kind, pk in (await connection.execute(union_all(applied, registered))).all()}
