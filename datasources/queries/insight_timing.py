"""How fast needs are met: time to first match and to fulfilment, time to a first appeal reply.

Percentiles are nearest-rank, the same on both databases: the p-th percentile of n values is
the k-th smallest, k = ceil(p·n) in double precision (at least 1). PostgreSQL's percentile_disc
is exactly that (one sort per group); SQLite has none, so window functions number the values and
a conditional MIN picks the k-th (k >= p·n, the same double product). Durations are whole
seconds, so ties and ranks do not depend on a database's floating point.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Float, case, false, func, literal, literal_column, select
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


PERCENTILES = (0.5, 0.9)


def _ranked(value: ColumnElement, group: ColumnElement, name: str) -> list[ColumnElement]:
    """SQLite: value, its rank among the non-null values of its group, and how many those are."""
    window = {"partition_by": [group, value.is_(None)], "order_by": value}
    return [
        value.label(name),
        func.row_number().over(**window).label(f"{name}_rank"),
        func.count().over(partition_by=[group, value.is_(None)]).label(f"{name}_count"),
    ]


def _sqlite_percentiles(ranked: Any, name: str, fractions: tuple[float, ...]) -> list[ColumnElement]:
    value, rank, count = ranked.c[name], ranked.c[f"{name}_rank"], ranked.c[f"{name}_count"]
    return [func.min(case((rank >= count * literal(p, Float), value))) for p in fractions]


def _postgres_percentiles(value: ColumnElement, fractions: tuple[float, ...]) -> ColumnElement:
    """All `fractions` from one sort: an array, in their order."""
    wanted = literal_column(f"ARRAY[{', '.join(map(str, fractions))}]::float8[]")
    return func.percentile_disc(wanted).within_group(value)


async def _rows(engine: AsyncEngine, statement: Any) -> list[Any]:
    async with engine.connect() as connection:
        return list((await connection.execute(statement)).all())


async def time_to_match(engine: AsyncEngine, scope: InsightScope) -> dict[Any, Timing]:
    """Per category: demands published, first matched, fulfilled; median and 90th percentile of
    the seconds from publication to first match and to fulfilment."""
    d = Demand.__table__
    published = func.coalesce(d.c.published_at, d.c.created_at)
    match = seconds_between(engine, published, d.c.first_matched_at)
    fulfil = seconds_between(engine, published, d.c.fulfilled_at)
    where = [d.c.status.in_(LIVE_DEMANDS), *scope_clauses(d, scope)]
    counts = [func.count(), func.count(d.c.first_matched_at), func.count(d.c.fulfilled_at)]
    rows: list[Any]
    if engine.dialect.name == "postgresql":
        percentiles = [_postgres_percentiles(match, PERCENTILES), _postgres_percentiles(fulfil, PERCENTILES)]
        statement = select(d.c.category, *counts, *percentiles).where(*where).group_by(d.c.category)
        none = (None,) * len(PERCENTILES)
        rows = [(*row[:4], *(row[4] or none), *(row[5] or none)) for row in await _rows(engine, statement)]
    else:
        columns = [d.c.category, d.c.first_matched_at, d.c.fulfilled_at]
        ranks = [*_ranked(match, d.c.category, "match"), *_ranked(fulfil, d.c.category, "fulfil")]
        ranked = select(*columns, *ranks).where(*where).subquery()
        statement = select(
            ranked.c.category,
            func.count(),
            func.count(ranked.c.first_matched_at),
            func.count(ranked.c.fulfilled_at),
            *_sqlite_percentiles(ranked, "match", PERCENTILES),
            *_sqlite_percentiles(ranked, "fulfil", PERCENTILES),
        ).group_by(ranked.c.category)
        rows = await _rows(engine, statement)
    return {
        row[0]: Timing(int(row[1]), int(row[2]), int(row[3]), *(_seconds(value) for value in row[4:8]))
        for row in rows
    }


async def appeal_replies(engine: AsyncEngine, scope: InsightScope) -> dict[Any, ReplyTiming]:
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
    if engine.dialect.name == "postgresql":
        within = func.sum(case((wait <= DAY, 1), else_=0))
        figures = [
            func.count(),
            func.count(a.c.first_replied_at),
            _postgres_percentiles(wait, (0.5,)),
            within,
        ]
        statement = select(a.c.district_id, *figures).where(*clauses).group_by(a.c.district_id)
        rows: list[Any] = [
            (*row[:3], (row[3] or (None,))[0], row[4]) for row in await _rows(engine, statement)
        ]
    else:
        ranked = select(a.c.district_id, *_ranked(wait, a.c.district_id, "wait")).where(*clauses).subquery()
        statement = select(
            ranked.c.district_id,
            func.count(),
            func.count(ranked.c.wait),
            *_sqlite_percentiles(ranked, "wait", (0.5,)),
            func.sum(case((ranked.c.wait <= DAY, 1), else_=0)),
        ).group_by(ranked.c.district_id)
        rows = await _rows(engine, statement)
    return {row[0]: ReplyTiming(int(row[1]), int(row[2]), _seconds(row[3]), int(row[4] or 0)) for row in rows}


def _seconds(value: int | None) -> int | None:
    return None if value is None else int(value)
