"""How fast needs are met: time to first match and to fulfilment, time to a first appeal reply.

Percentiles are nearest-rank, computed the same way on both databases: the p-th percentile of
n values is the k-th smallest, k the least integer with 100·k >= p·n (window functions number
the values; a conditional MIN picks the k-th). Durations are whole seconds, so ties and ranks
do not depend on a database's floating point.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, case, false, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from datasources.queries.insights import LIVE_DEMANDS, InsightScope, scope_clauses, seconds_between
from datasources.tables import Appeal, Demand
from domain.enums import ParticipantKind

DAY = 86400


@dataclass(frozen=True)
class Timing:
    demands: int
    matched: int
    fulfilled: int
    match_median: int | None  # seconds
    match_p90: int | None
    fulfil_median: int | None
    fulfil_p90: int | None


@dataclass(frozen=True)
class ReplyTiming:
    appeals: int
    replied: int
    median: int | None  # seconds
    within_a_day: int


def _ranked(value: ColumnElement, group: ColumnElement, name: str) -> list[ColumnElement]:
    """value, its rank among the non-null values of its group, and how many those are."""
    window = {"partition_by": [group, value.is_(None)], "order_by": value}
    return [
        value.label(name),
        func.row_number().over(**window).label(f"{name}_rank"),
        func.count().over(partition_by=[group, value.is_(None)]).label(f"{name}_count"),
    ]


def _percentile(ranked, name: str, percent: int) -> ColumnElement:
    value, rank, count = ranked.c[name], ranked.c[f"{name}_rank"], ranked.c[f"{name}_count"]
    return func.min(case((rank * 100 >= count * percent, value)))


async def time_to_match(engine: AsyncEngine, scope: InsightScope) -> dict[str, Timing]:
    """Per category: demands published, first matched, fulfilled; median and 90th percentile of
    the seconds from publication to first match and to fulfilment."""
    d = Demand.__table__
    published = func.coalesce(d.c.published_at, d.c.created_at)
    ranked = (
        select(
            d.c.category,
            *_ranked(seconds_between(engine, published, d.c.first_matched_at), d.c.category, "match"),
            *_ranked(seconds_between(engine, published, d.c.fulfilled_at), d.c.category, "fulfil"),
        )
        .where(d.c.status.in_(LIVE_DEMANDS), *scope_clauses(d, scope))
        .subquery()
    )
    statement = select(
        ranked.c.category,
        func.count(),
        func.count(ranked.c.match),
        func.count(ranked.c.fulfil),
        _percentile(ranked, "match", 50),
        _percentile(ranked, "match", 90),
        _percentile(ranked, "fulfil", 50),
        _percentile(ranked, "fulfil", 90),
    ).group_by(ranked.c.category)
    async with engine.connect() as connection:
        rows: list[Any] = list((await connection.execute(statement)).all())
    return {
        row[0]: Timing(int(row[1]), int(row[2]), int(row[3]), *(_seconds(value) for value in row[4:]))
        for row in rows
    }


async def appeal_replies(engine: AsyncEngine, scope: InsightScope) -> dict[int, ReplyTiming]:
    """Per district: appeals, those replied, the median seconds to a first reply and how many
    had one within 24 hours. Appeals have no category: a category filter does not apply."""
    a = Appeal.__table__
    clauses: list[ColumnElement] = []
    if scope.district_id is not None:
        clauses.append(a.c.district_id == scope.district_id)
    if scope.since is not None:
        clauses.append(a.c.created_at >= scope.since)
    if scope.party is not None:
        kind, pk = scope.party
        clauses.append(a.c.home_id == pk if kind == ParticipantKind.HOME else false())
    wait = seconds_between(engine, a.c.created_at, a.c.first_replied_at)
    ranked = select(a.c.district_id, *_ranked(wait, a.c.district_id, "wait")).where(*clauses).subquery()
    statement = select(
        ranked.c.district_id,
        func.count(),
        func.count(ranked.c.wait),
        _percentile(ranked, "wait", 50),
        func.sum(case((ranked.c.wait <= DAY, 1), else_=0)),
    ).group_by(ranked.c.district_id)
    async with engine.connect() as connection:
        rows: list[Any] = list((await connection.execute(statement)).all())
    return {row[0]: ReplyTiming(int(row[1]), int(row[2]), _seconds(row[3]), int(row[4] or 0)) for row in rows}


def _seconds(value: int | None) -> int | None:
    return None if value is None else int(value)
