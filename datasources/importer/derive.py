"""The figures the workflows keep up to date, recomputed from the history rows after an import.

Each workflow adds to a counter as it goes (services/quantities.py, ratings.py, engagements.py,
applications.py, events.py); an import brings the history at once, so each counter is set to
what those steps would have added up to, from the rows themselves:

    resource      quantity_committed  units of ACCEPTED and COMPLETED engagements, plus one
                                      place per ACCEPTED or COMPLETED application; then the status
    demand        quantity_matched    units of ACCEPTED and COMPLETED engagements
                  quantity_fulfilled  units of COMPLETED engagements; then the status
    participant   engagements_completed / engagements_cancelled  on either side
                  rating_count / rating_sum                      of the visible ratings received
    volunteer     service_minutes     of her COMPLETED applications
    event         registered_count    its registrations
    offers        published_at (and a demand's first_matched_at, fulfilled_at): the clocks of
                  insights, from the creation and the engagements' dates

Only the rows the import touched are recomputed (`touched`: type or participant kind → ids).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import ColumnElement, Table, bindparam, case, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from datasources.tables import metadata
from domain.enums import ApplicationStatus, DemandStatus, EngagementStatus, ParticipantKind
from domain.workflows.accounting import demand_status, resource_status

CHUNK = 500
HOLDING = (EngagementStatus.ACCEPTED, EngagementStatus.COMPLETED)
PLACE_TAKEN = (ApplicationStatus.ACCEPTED, ApplicationStatus.COMPLETED)
PARTICIPANT_TABLES = {
    ParticipantKind.HOME: "homes",
    ParticipantKind.ORGANIZATION: "organizations",
    ParticipantKind.SOCIAL_WORKER: "social_workers",
    ParticipantKind.VOLUNTEER: "volunteers",
}
T = metadata.tables
ENGAGEMENTS, APPLICATIONS, RATINGS = T["engagements"], T["volunteer_applications"], T["ratings"]
DEMANDS, RESOURCES = T["demands"], T["resources"]


def _count(*where: ColumnElement[bool]) -> Any:
    return select(func.count()).where(*where).scalar_subquery()


def _sum(column: Any, *where: ColumnElement[bool]) -> Any:
    return select(func.coalesce(func.sum(column), 0)).where(*where).scalar_subquery()


def _resource_counters(r: Table) -> dict[str, Any]:
    e, a = ENGAGEMENTS.c, APPLICATIONS.c
    return {
        "quantity_committed": _sum(e.quantity, e.resource_id == r.c.id, e.status.in_(HOLDING))
        + _count(a.resource_id == r.c.id, a.status.in_(PLACE_TAKEN))
    }


def _demand_counters(d: Table) -> dict[str, Any]:
    e = ENGAGEMENTS.c
    return {
        "quantity_matched": _sum(e.quantity, e.demand_id == d.c.id, e.status.in_(HOLDING)),
        "quantity_fulfilled": _sum(e.quantity, e.demand_id == d.c.id, e.status == EngagementStatus.COMPLETED),
    }


def _published(table: Table) -> dict[str, Any]:
    """An imported offer on offer was published when created, unless a clock says otherwise."""
    c = table.c
    return {
        "published_at": case((c.status == "DRAFT", None), else_=func.coalesce(c.published_at, c.created_at))
    }


def _demand_clocks(d: Table) -> dict[str, Any]:
    """Published as above; first matched: the first answer of an engagement that holds units;
    fulfilled: the last completion, once the status says FULFILLED."""
    e = ENGAGEMENTS.c
    first_match = select(func.min(func.coalesce(e.responded_at, e.proposed_at))).where(
        e.demand_id == d.c.id, e.status.in_(HOLDING)
    )
    last_delivery = select(func.max(e.completed_at)).where(
        e.demand_id == d.c.id, e.status == EngagementStatus.COMPLETED
    )
    return {
        **_published(d),
        "first_matched_at": first_match.scalar_subquery(),
        "fulfilled_at": case(
            (d.c.status == DemandStatus.FULFILLED, last_delivery.scalar_subquery()), else_=None
        ),
    }


def _event_counters(table: Table) -> dict[str, Any]:
    registrations = T["event_registrations"].c
    return {"registered_count": _count(registrations.event_id == table.c.id)}


def _participant_counters(kind: str) -> Callable[[Table], dict[str, Any]]:
    def counters(p: Table) -> dict[str, Any]:
        g = RATINGS.c
        rated = (g.ratee_kind == kind, g.ratee_id == p.c.id, g.hidden.is_(False))
        values = {
            "rating_count": _count(*rated),
            "rating_sum": _sum(g.score, *rated),
        }
        if kind == ParticipantKind.VOLUNTEER:
            a = APPLICATIONS.c
            values["service_minutes"] = _sum(
                a.service_minutes, a.volunteer_id == p.c.id, a.status == ApplicationStatus.COMPLETED
            )
        return values

    return counters


async def recompute(connection: AsyncConnection, touched: dict[str, set[int]]) -> None:
    await _set(connection, RESOURCES, touched.get("Resource", ()), _resource_counters)
    await _set(connection, DEMANDS, touched.get("Demand", ()), _demand_counters)
    await _set(connection, T["events"], touched.get("Event", ()), _event_counters)
    for kind, name in PARTICIPANT_TABLES.items():
        await _set(connection, T[name], touched.get(kind, ()), _participant_counters(kind))
    await _settled(connection, touched)
    await _statuses(connection, RESOURCES, touched.get("Resource", ()))
    await _statuses(connection, DEMANDS, touched.get("Demand", ()))
    await _set(connection, RESOURCES, touched.get("Resource", ()), _published)
    await _set(connection, DEMANDS, touched.get("Demand", ()), _demand_clocks)


async def _settled(connection: AsyncConnection, touched: dict[str, set[int]]) -> None:
    """Completed and cancelled engagements of each participant, on either side (one is never
    both): one grouped pass per side, then the touched participants updated."""
    e, d, r = ENGAGEMENTS.c, DEMANDS.c, RESOURCES.c
    columns = {EngagementStatus.COMPLETED: "done", EngagementStatus.CANCELLED: "off"}
    counts: dict[tuple[str, int], dict[str, int]] = {}
    sides = ((DEMANDS, d.id == e.demand_id, d.requester_kind, d.requester_id),
             (RESOURCES, r.id == e.resource_id, r.provider_kind, r.provider_id))  # fmt: skip
    for table, joined, kind, pk in sides:
        grouped = (
            select(kind, pk, e.status, func.count())
            .select_from(ENGAGEMENTS.join(table, joined))
            .where(e.status.in_(sorted(columns)))
            .group_by(kind, pk, e.status)
        )
        for party_kind, party_id, status, count in await connection.execute(grouped):
            tally = counts.setdefault((party_kind, party_id), {})
            tally[columns[status]] = tally.get(columns[status], 0) + count
    for kind, name in PARTICIPANT_TABLES.items():
        table = T[name]
        rows = [
            {
                "pk": pk,
                "done": counts.get((kind, pk), {}).get("done", 0),
                "off": counts.get((kind, pk), {}).get("off", 0),
            }
            for pk in sorted(touched.get(kind, ()))
        ]
        if rows:
            statement = update(table).where(table.c.id == bindparam("pk"))
            values = {"engagements_completed": bindparam("done"), "engagements_cancelled": bindparam("off")}
            await connection.execute(statement.values(values), rows)


async def _set(
    connection: AsyncConnection, table: Table, ids: Iterable[int], counters: Callable[[Table], dict[str, Any]]
) -> None:
    ids = sorted(ids)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        await connection.execute(update(table).where(table.c.id.in_(chunk)).values(counters(table)))


async def _statuses(connection: AsyncConnection, table: Table, ids: Iterable[int]) -> None:
    """The status each offer's quantities call for (domain/workflows/accounting.py)."""
    ids, c = sorted(ids), table.c
    moved: dict[str, list[int]] = {}
    for start in range(0, len(ids), CHUNK):
        rows = await connection.execute(select(table).where(c.id.in_(ids[start : start + CHUNK])))
        for row in rows:
            if table is RESOURCES:
                status = resource_status(row.status, row.quantity, row.quantity_committed)
            else:
                status = demand_status(row.status, row.quantity, row.quantity_matched, row.quantity_fulfilled)
            if status != row.status:
                moved.setdefault(status, []).append(row.id)
    for status, moved_ids in moved.items():
        for start in range(0, len(moved_ids), CHUNK):
            chunk = moved_ids[start : start + CHUNK]
            await connection.execute(update(table).where(c.id.in_(chunk)).values(status=status))
