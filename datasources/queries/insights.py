"""Aggregates for dashboards: how supply meets demand (资源与需求匹配程度), by category and district.

Every figure is one GROUP BY over indexed columns; drafts and withdrawn or cancelled records
are left out, so the figures describe what is really on offer and really needed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, Integer, and_, case, cast, func, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.sql import FromClause

from datasources.tables import Demand, Engagement, Resource
from domain.enums import DemandStatus, EngagementStatus, ResourceStatus

LIVE_DEMANDS = (DemandStatus.OPEN, DemandStatus.MATCHED, DemandStatus.FULFILLED, DemandStatus.CLOSED)
OFFERED_RESOURCES = (ResourceStatus.PUBLISHED, ResourceStatus.EXHAUSTED)


@dataclass(frozen=True)
class InsightScope:
    district_id: int | None = None
    category: str | None = None
    since: datetime | None = None  # records created at or after
    party: tuple[str, int] | None = None  # one home's or organization's own figures


def scope_clauses(
    table, scope: InsightScope, created: str = "created_at", owner: str | None = None
) -> list[ColumnElement]:
    """The filter's conditions on `table`; `owner` names its party columns (requester, provider)."""
    clauses = []
    if scope.party is not None:
        if owner is None:
            owner = "requester" if "requester_kind" in table.c else "provider"
        kind, pk = scope.party
        clauses += [table.c[f"{owner}_kind"] == kind, table.c[f"{owner}_id"] == pk]
    if scope.district_id is not None:
        clauses.append(table.c.district_id == scope.district_id)
    if scope.category is not None:
        clauses.append(table.c.category == scope.category)
    if scope.since is not None:
        clauses.append(table.c[created] >= scope.since)
    return clauses


def _keys(table, group: str | tuple[str, ...]) -> list[ColumnElement]:
    return [table.c[name] for name in ((group,) if isinstance(group, str) else group)]


def _grouped(rows, width: int) -> dict:
    """{key: figures}; the key is a tuple when grouped by several columns."""
    return {
        (row[0] if width == 1 else tuple(row[:width])): tuple(int(value or 0) for value in row[width:])
        for row in rows
    }


async def demand_by_group(engine: AsyncEngine, scope: InsightScope, group: str | tuple[str, ...]) -> dict:
    """Per category, district or both: demands, units needed, matched and fulfilled, beneficiaries."""
    d = Demand.__table__
    keys = _keys(d, group)
    statement = (
        select(
            *keys,
            func.count(),
            func.sum(d.c.quantity),
            func.sum(d.c.quantity_matched),
            func.sum(d.c.quantity_fulfilled),
            func.sum(d.c.beneficiary_count),
            func.sum(case((d.c.status == DemandStatus.OPEN, 1), else_=0)),
        )
        .where(d.c.status.in_(LIVE_DEMANDS), *scope_clauses(d, scope))
        .group_by(*keys)
    )
    async with engine.connect() as connection:
        rows = (await connection.execute(statement)).all()
    return _grouped(rows, len(keys))


async def supply_by_group(engine: AsyncEngine, scope: InsightScope, group: str | tuple[str, ...]) -> dict:
    """Per category, district or both: resources offered, units in all, units committed."""
    r = Resource.__table__
    keys = _keys(r, group)
    statement = (
        select(*keys, func.count(), func.sum(r.c.quantity), func.sum(r.c.quantity_committed))
        .where(r.c.status.in_(OFFERED_RESOURCES), *scope_clauses(r, scope))
        .group_by(*keys)
    )
    async with engine.connect() as connection:
        rows = (await connection.execute(statement)).all()
    return _grouped(rows, len(keys))


def engagements_in_scope(scope: InsightScope) -> tuple[FromClause, list[ColumnElement]]:
    """Engagements of the demands in scope; for one party's figures, those of its demands or
    of its resources (an organization mostly provides). Joined only as far as the scope needs."""
    e, d, r = Engagement.__table__, Demand.__table__, Resource.__table__
    joined: FromClause = e
    clauses = scope_clauses(d, replace(scope, party=None))
    if clauses or scope.party is not None:
        joined = joined.join(d, d.c.id == e.c.demand_id)
    if scope.party is not None:
        kind, pk = scope.party
        joined = joined.join(r, r.c.id == e.c.resource_id)
        clauses.append(
            or_(
                and_(d.c.requester_kind == kind, d.c.requester_id == pk),
                and_(r.c.provider_kind == kind, r.c.provider_id == pk),
            )
        )
    return joined, clauses


async def engagement_funnel(engine: AsyncEngine, scope: InsightScope) -> tuple[dict[str, int], float | None]:
    """Engagements per status, for demands in scope, and the mean hours from proposal to answer
    of those answered."""
    e = Engagement.__table__
    if engine.dialect.name == "sqlite":
        hours = (func.julianday(e.c.responded_at) - func.julianday(e.c.proposed_at)) * 24
    else:
        hours = func.extract("epoch", e.c.responded_at - e.c.proposed_at) / 3600
    joined, clauses = engagements_in_scope(scope)
    statement = (
        select(e.c.status, func.count(), func.count(e.c.responded_at), func.sum(hours))
        .select_from(joined)
        .where(*clauses)
        .group_by(e.c.status)
    )
    async with engine.connect() as connection:
        rows: list[Any] = list((await connection.execute(statement)).all())
    counts = {status.value: 0 for status in EngagementStatus}
    counts.update({row[0]: int(row[1]) for row in rows})
    answered = sum(int(row[2]) for row in rows)
    total_hours = sum(float(row[3]) for row in rows if row[3] is not None)
    return counts, total_hours / answered if answered else None


async def demands_per_month(engine: AsyncEngine, scope: InsightScope) -> list[tuple[str, str, int]]:
    """(month 'YYYY-MM', category, demands published) for the trend of needs."""
    d = Demand.__table__
    month = month_of(engine, d.c.created_at)
    statement = (
        select(month.label("month"), d.c.category, func.count())
        .where(d.c.status.in_(LIVE_DEMANDS), *scope_clauses(d, scope))
        .group_by("month", d.c.category)
        .order_by("month", d.c.category)
    )
    async with engine.connect() as connection:
        rows = (await connection.execute(statement)).all()
    return [(row[0], row[1], int(row[2])) for row in rows]


def month_of(engine: AsyncEngine, moment: ColumnElement) -> ColumnElement:
    """'YYYY-MM' of a UTC moment (SQLite stores naive UTC)."""
    if engine.dialect.name == "sqlite":
        return func.strftime("%Y-%m", moment)
    return func.to_char(func.timezone("UTC", moment), "YYYY-MM")


def seconds_between(engine: AsyncEngine, start: ColumnElement, end: ColumnElement) -> ColumnElement:
    """Whole seconds from `start` to `end`: integers, so both databases order and rank alike."""
    if engine.dialect.name == "sqlite":
        seconds = (func.julianday(end) - func.julianday(start)) * 86400
        return cast(func.round(seconds), Integer)
    return cast(func.round(func.extract("epoch", end - start)), BigInteger)
