"""Aggregates for dashboards: how supply meets demand (资源与需求匹配程度), by category and district.

Every figure is one GROUP BY over indexed columns; drafts and withdrawn or cancelled records
are left out, so the figures describe what is really on offer and really needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from datasources.tables import Demand, Engagement, Resource
from domain.enums import DemandStatus, EngagementStatus, ResourceStatus

LIVE_DEMANDS = (DemandStatus.OPEN, DemandStatus.MATCHED, DemandStatus.FULFILLED, DemandStatus.CLOSED)
OFFERED_RESOURCES = (ResourceStatus.PUBLISHED, ResourceStatus.EXHAUSTED)


@dataclass(frozen=True)
class InsightScope:
    district_id: int | None = None
    category: str | None = None
    since: datetime | None = None  # records created at or after


def _scope(table, scope: InsightScope, created: str = "created_at") -> list[ColumnElement]:
    clauses = []
    if scope.district_id is not None:
        clauses.append(table.c.district_id == scope.district_id)
    if scope.category is not None:
        clauses.append(table.c.category == scope.category)
    if scope.since is not None:
        clauses.append(table.c[created] >= scope.since)
    return clauses


async def demand_by_group(engine: AsyncEngine, scope: InsightScope, group: str) -> dict:
    """Per category or district: demands, units needed, matched and fulfilled, beneficiaries."""
    d = Demand.__table__
    key = d.c[group]
    statement = (
        select(
            key,
            func.count(),
            func.sum(d.c.quantity),
            func.sum(d.c.quantity_matched),
            func.sum(d.c.quantity_fulfilled),
            func.sum(d.c.beneficiary_count),
            func.sum(case((d.c.status == DemandStatus.OPEN, 1), else_=0)),
        )
        .where(d.c.status.in_(LIVE_DEMANDS), *_scope(d, scope))
        .group_by(key)
    )
    async with engine.connect() as connection:
        rows = (await connection.execute(statement)).all()
    return {row[0]: tuple(int(value or 0) for value in row[1:]) for row in rows}


async def supply_by_group(engine: AsyncEngine, scope: InsightScope, group: str) -> dict:
    """Per category or district: resources offered, units in all, units committed."""
    r = Resource.__table__
    key = r.c[group]
    statement = (
        select(key, func.count(), func.sum(r.c.quantity), func.sum(r.c.quantity_committed))
        .where(r.c.status.in_(OFFERED_RESOURCES), *_scope(r, scope))
        .group_by(key)
    )
    async with engine.connect() as connection:
        rows = (await connection.execute(statement)).all()
    return {row[0]: tuple(int(value or 0) for value in row[1:]) for row in rows}


async def engagement_funnel(engine: AsyncEngine, scope: InsightScope) -> dict[str, int]:
    """Engagements per status, for demands in scope."""
    e, d = Engagement.__table__, Demand.__table__
    statement = (
        select(e.c.status, func.count())
        .select_from(e.join(d, d.c.id == e.c.demand_id))
        .where(*_scope(d, scope))
        .group_by(e.c.status)
    )
    async with engine.connect() as connection:
        rows = (await connection.execute(statement)).all()
    counts = {status.value: 0 for status in EngagementStatus}
    counts.update({row[0]: int(row[1]) for row in rows})
    return counts


async def mean_response_hours(engine: AsyncEngine, scope: InsightScope) -> float | None:
    """Mean hours from proposal to answer of the answered engagements in scope."""
    e, d = Engagement.__table__, Demand.__table__
    if engine.dialect.name == "sqlite":
        hours = (func.julianday(e.c.responded_at) - func.julianday(e.c.proposed_at)) * 24
    else:
        hours = func.extract("epoch", e.c.responded_at - e.c.proposed_at) / 3600
    statement = (
        select(func.avg(hours))
        .select_from(e.join(d, d.c.id == e.c.demand_id))
        .where(e.c.responded_at.is_not(None), *_scope(d, scope))
    )
    async with engine.connect() as connection:
        value = (await connection.execute(statement)).scalar_one()
    return None if value is None else float(value)


async def demands_per_month(engine: AsyncEngine, scope: InsightScope) -> list[tuple[str, str, int]]:
    """(month 'YYYY-MM', category, demands published) for the trend of needs."""
    d = Demand.__table__
    if engine.dialect.name == "sqlite":
        month = func.strftime("%Y-%m", d.c.created_at)
    else:
        month = func.to_char(func.timezone("UTC", d.c.created_at), "YYYY-MM")
    statement = (
        select(month.label("month"), d.c.category, func.count())
        .where(d.c.status.in_(LIVE_DEMANDS), *_scope(d, scope))
        .group_by("month", d.c.category)
        .order_by("month", d.c.category)
    )
    async with engine.connect() as connection:
        rows = (await connection.execute(statement)).all()
    return [(row[0], row[1], int(row[2])) for row in rows]
