"""Matching in the graph: suggestions on demands, resources and volunteers, the volunteers'
opportunities, and the allocation plan. Thin: check the arguments, ask the loaders or the
candidate queries, let domain/matching rank; the results are plain data the schema shows."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from auth import visibility
from datasources.columns import utcnow
from datasources.loaders.matching import Suggestion, SuggestionKey
from datasources.queries import candidates as q
from domain.enums import ParticipantKind, ResourceCategory
from domain.geo import haversine_km
from domain.matching.model import Place, Scored
from domain.matching.opportunities import (
    POSITION,
    Opening,
    OpeningPool,
    Seeker,
    opening_is_open,
    score_opening,
)
from domain.matching.plan import Plan, plan
from domain.matching.vocabulary import SKILLS, unknown_skills
from resolvers.arguments import near_of
from resolvers.context import Info
from resolvers.errors import BadInput
from resolvers.global_ids import decode_as
from resolvers.paging import DEFAULT_PAGE_SIZE, MAX_CURSOR_LENGTH, MAX_PAGE_SIZE, pack_cursor, unpack_cursor

DEMAND_RESOURCE = "DEMAND_RESOURCE"
MAX_SUGGESTIONS = 50
DEFAULT_SUGGESTIONS = 5
FIRST_DESCRIPTION = f"How many suggestions, best first: 1 to {MAX_SUGGESTIONS}."
# The arguments of Query.opportunities.
ARGUMENTS = {
    "near": "Only within this circle; distances are from its centre.",
    "skills": "Only those wanting one of these skills (e.g. 心理疏导, 摄影; unknown skills are an error).",
    "date": "Only those happening on this day (the calendar day in the time's own UTC offset).",
    "district": "Only in this district.",
    "first": f"How many: 0 to {MAX_PAGE_SIZE} ({DEFAULT_PAGE_SIZE} if not given).",
    "after": "Cursor to start after (from `pageInfo.endCursor`).",
}


def check_first(first: int) -> None:
    if not 1 <= first <= MAX_SUGGESTIONS:
        raise BadInput("first", f"must be between 1 and {MAX_SUGGESTIONS}, got {first}")


@dataclass(frozen=True)
class Found:
    """One suggestion: what it pairs (a MatchKind name), its score and reasons, the ids."""

    kind: str
    scored: Scored
    demand_id: int | None = None
    resource_id: int | None = None
    event_id: int | None = None


@dataclass(frozen=True)
class FoundOpening:
    """One opportunity of a page: the opening, its row (a position's or an event's), its score
    for the volunteer asking (if she is one) and its distance from where she looks."""

    opening: Opening
    row: Any
    scored: Scored | None
    distance_km: float | None
    cursor: str


@dataclass(frozen=True)
class OpeningPage:
    items: list[FoundOpening]
    has_next: bool
    has_previous: bool
    total: int


@dataclass(frozen=True)
class PlanFound:
    """An allocation plan with what it was made from."""

    fairness_floor: float | None
    district_id: int | None
    plan: Plan


# Suggestions ---------------------------------------------------------------------------------


async def suggested_resources(info: Info, demand_id: int, first: int) -> list[Found]:
    check_first(first)
    found = await info.context.loaders.suggested_resources_by_demand.load(SuggestionKey(demand_id, first))
    return [Found(DEMAND_RESOURCE, s.scored, demand_id=demand_id, resource_id=s.id) for s in found]


async def suggested_demands(info: Info, resource_id: int, first: int) -> list[Found]:
    check_first(first)
    found = await info.context.loaders.suggested_demands_by_resource.load(SuggestionKey(resource_id, first))
    return [Found(DEMAND_RESOURCE, s.scored, demand_id=s.id, resource_id=resource_id) for s in found]


async def suggested_opportunities(info: Info, volunteer_id: int, first: int) -> list[Found]:
    check_first(first)
    found: list[Suggestion] = await info.context.loaders.suggested_opportunities_by_volunteer.load(
        SuggestionKey(volunteer_id, first)
    )
    return [
        Found("VOLUNTEER_POSITION", s.scored, resource_id=s.id)
        if s.kind == POSITION
        else Found("VOLUNTEER_EVENT", s.scored, event_id=s.id)
        for s in found
    ]


# Opportunities -------------------------------------------------------------------------------


def _day(date: datetime | None) -> tuple[datetime, datetime] | None:
    """The calendar day of `date` in its own offset (the client's local day)."""
    if date is None:
        return None
    if date.tzinfo is None:
        raise BadInput("date", "give a time with a UTC offset (ISO 8601), e.g. 2026-12-05T00:00:00+08:00")
    start = date.replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + timedelta(days=1)


def _skills(skills: list[str] | None) -> frozenset[str]:
    if not skills:
        return frozenset()
    unknown = unknown_skills(skills)
    if unknown:
        raise BadInput("skills", f"unknown skill {unknown[0]!r}; known skills: {', '.join(SKILLS)}")
    return frozenset(skills)


def _page_size(first: int | None) -> int:
    size = DEFAULT_PAGE_SIZE if first is None else first
    if not 0 <= size <= MAX_PAGE_SIZE:
        raise BadInput("first", f"must be between 0 and {MAX_PAGE_SIZE}, got {size}")
    return size


def encode_cursor(order: str, key: tuple[Any, ...]) -> str:
    return pack_cursor(["opportunities", order, *key])


def decode_cursor(cursor: str, order: str) -> tuple[Any, ...]:
    tag, cursor_order, value, kind, pk = unpack_cursor(cursor, "after", 5)
    if tag != "opportunities" or not isinstance(value, int | float) or not isinstance(pk, int):
        raise BadInput("after", f"'{cursor[:MAX_CURSOR_LENGTH]}' is not a valid cursor")
    if cursor_order != order:
        raise BadInput("after", "the cursor was made for another ordering; keep the arguments unchanged")
    return (value, str(kind), pk)


async def _viewer_seeker(info: Info, connection: Any) -> Seeker | None:
    """The signed-in volunteer the viewer acts for, if any."""
    viewer = info.context.viewer
    if viewer.participant_kind != ParticipantKind.VOLUNTEER or viewer.participant_id is None:
        return None
    found = await q.fetch_seekers(connection, q.volunteers.c.id == viewer.participant_id)
    return found[0] if found else None


async def opportunities(
    info: Info,
    near: Any,
    skills: list[str] | None,
    date: datetime | None,
    district: str | None,
    first: int | None,
    after: str | None,
) -> OpeningPage:
    circle = near_of(near, "near")
    wanted = _skills(skills)
    day = _day(date)
    district_id = decode_as(district, "District", argument="district") if district is not None else None
    size = _page_size(first)
    now = utcnow()
    viewer = info.context.viewer
    where = {"district_id": district_id, "day": day, "near": circle}
    async with info.context.engine.connect() as connection:
        seeker = await _viewer_seeker(info, connection)
        openings = await q.fetch_openings(
            connection,
            [
                *q.live_offer_conditions({ResourceCategory.VOLUNTEER_POSITION}, now),
                *q.opening_conditions(q.resources, **where),
                *visibility.conditions(viewer, q.resources, "resources"),
            ],
            [
                *q.live_event_conditions(now),
                *q.opening_conditions(q.events, **where),
                *visibility.conditions(viewer, q.events, "events"),
            ],
        )
        taken = await q.fetch_taken(connection, [seeker.id]) if seeker else set()
    centre = Place(-1, None, circle.lat, circle.lon) if circle else None  # -1: in no district
    openings = [
        o
        for o in openings
        if opening_is_open(o, now)
        and (not wanted or o.skills & wanted)
        and (circle is None or centre is None or _km(o.place, centre) <= circle.radius_km)
    ]
    origin = centre or (seeker.place if seeker else None)
    ranked = _ordered(openings, seeker, origin, {(kind, pk) for _, kind, pk in taken}, now)
    order = "score" if seeker else ("distance" if circle else "date")
    keys = [(value, opening.kind, opening.id) for opening, value in ranked]
    start = 0
    if after is not None:
        cursor = decode_cursor(after, order)
        start = next((i for i, key in enumerate(keys) if key > cursor), len(keys))
    page = ranked[start : start + size]
    cursors = [encode_cursor(order, keys[start + i]) for i in range(len(page))]
    items = await _found_openings(info, page, cursors, seeker, origin, now)
    return OpeningPage(items, has_next=start + size < len(ranked), has_previous=start > 0, total=len(ranked))


def _km(place: Place, origin: Place) -> float:
    if place.lat is None or place.lon is None or origin.lat is None or origin.lon is None:
        return float("inf")
    return haversine_km(place.lat, place.lon, origin.lat, origin.lon)


def _ordered(
    openings: list[Opening],
    seeker: Seeker | None,
    origin: Place | None,
    taken: set[tuple[str, int]],
    now: datetime,
) -> list[tuple[Opening, float]]:
    """(opening, sort value) in the list's order: for a volunteer by score (the value is minus
    the score, so every ordering ascends), else by distance from `near`, else by start (what
    opened earliest first: what is open already comes before what is yet to start)."""
    if seeker is not None:
        scored = OpeningPool(openings, now).ordered(_looking_from(seeker, origin), taken, anywhere=True)
        return [(opening, -score) for opening, score in scored]
    if origin is not None:
        values = [(o, _km(o.place, origin)) for o in openings]
    else:
        values = [(o, o.starts_at.timestamp() if o.starts_at else 0.0) for o in openings]
    return sorted(values, key=lambda pair: (pair[1], pair[0].kind, pair[0].id))


def _looking_from(seeker: Seeker, origin: Place | None) -> Seeker:
    """The volunteer, placed where she is looking (`near`'s centre) or at home."""
    return Seeker(seeker.id, origin or seeker.place, seeker.skills, seeker.slots)


async def _found_openings(
    info: Info,
    page: list[tuple[Opening, float]],
    cursors: list[str],
    seeker: Seeker | None,
    origin: Place | None,
    now: datetime,
) -> list[FoundOpening]:
    loaders = info.context.loaders
    positions = [o.id for o, _ in page if o.kind == POSITION]
    events = [o.id for o, _ in page if o.kind != POSITION]
    rows = {("POSITION", row.id): row for row in await loaders.resource_by_id.load_many(positions) if row}
    rows |= {("EVENT", row.id): row for row in await loaders.event_by_id.load_many(events) if row}
    found = []
    for (opening, _), cursor in zip(page, cursors, strict=True):
        scored = score_opening(_looking_from(seeker, origin), opening, now) if seeker else None
        km = None if origin is None or opening.place.lat is None else round(_km(opening.place, origin), 3)
        found.append(FoundOpening(opening, rows[opening.key], scored, km, cursor))
    return found


# Allocation ----------------------------------------------------------------------------------


def _fairness(value: float | None) -> float | None:
    if value is not None and not 0.0 <= value <= 1.0:
        raise BadInput("input.fairnessFloor", f"must be between 0 and 1, got {value}")
    return value or None


async def allocation_plan(info: Info, input: Any) -> PlanFound:
    floor = _fairness(input.fairness_floor)
    district_id = (
        decode_as(input.district, "District", argument="input.district")
        if input.district is not None
        else None
    )
    category = ResourceCategory(input.category.value)
    now = utcnow()
    viewer = info.context.viewer
    open_demands = [
        *q.live_need_conditions({category}, [district_id] if district_id else ()),
        *visibility.conditions(viewer, q.demands, "demands"),
    ]
    async with info.context.engine.connect() as connection:
        needs = await q.fetch_needs(connection, *open_demands)
        offers, blocked = [], set()
        if needs:
            offers = await q.fetch_offers(
                connection,
                *q.live_offer_conditions({category}, now),
                *q.offers_reaching([need.place for need in needs]),
                *visibility.conditions(viewer, q.resources, "resources"),
            )
            blocked = await q.fetch_blocked(connection, demand_ids=q.demand_ids_where(*open_demands))
    # The solver runs outside the event loop: other requests go on while it works.
    found = await asyncio.to_thread(plan, needs, offers, now, blocked, floor)
    return PlanFound(floor, district_id, found)
