from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement
from sqlalchemy.sql import FromClause

from datasources.queries.common import between, contains_text


@dataclass(frozen=True)
class DemandFilters:
    categories: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    urgencies: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()
    district_ids: tuple[int, ...] = ()
    search: str | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None
    needed_after: datetime | None = None
    needed_before: datetime | None = None


def demand_conditions(table: FromClause, f: DemandFilters) -> list[ColumnElement]:
    c = table.c
    clauses: list[ColumnElement] = []
    for column, values in (
        (c.category, f.categories),
        (c.status, f.statuses),
        (c.urgency, f.urgencies),
        (c.target_group, f.target_groups),
        (c.district_id, f.district_ids),
    ):
        if values:
            clauses.append(column.in_(values))
    if f.search:
        clauses.append(contains_text([c.title, c.description], f.search))
    clauses += between(c.created_at, f.created_after, f.created_before)
    clauses += between(c.needed_by, f.needed_after, f.needed_before)
    return clauses
