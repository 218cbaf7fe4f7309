from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement
from sqlalchemy.sql import FromClause

from datasources.queries.common import between, contains_text


@dataclass(frozen=True)
class EventFilters:
    kinds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    district_ids: tuple[int, ...] = ()
    search: str | None = None
    starts_after: datetime | None = None
    starts_before: datetime | None = None


def event_conditions(table: FromClause, f: EventFilters) -> list[ColumnElement]:
    c = table.c
    clauses: list[ColumnElement] = []
    for column, values in (
        (c.kind, f.kinds),
        (c.status, f.statuses),
        (c.district_id, f.district_ids),
    ):
        if values:
            clauses.append(column.in_(values))
    if f.search:
        clauses.append(contains_text([c.title, c.description], f.search))
    clauses += between(c.starts_at, f.starts_after, f.starts_before)
    return clauses
