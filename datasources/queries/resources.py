from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, exists, not_, or_, select
from sqlalchemy.sql import FromClause

from datasources.columns import utcnow
from datasources.queries.common import Near, between, contains_text, offered
from datasources.tables import ResourceServiceDistrict


@dataclass(frozen=True)
class ResourceFilters:
    categories: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    district_ids: tuple[int, ...] = ()  # own district or one it serves
    search: str | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None
    available_on: datetime | None = None  # the time window contains this instant
    has_capacity: bool | None = None
    offered: bool | None = None  # can be engaged now (see `common.offered`)
    near: Near | None = None


def resource_conditions(table: FromClause, f: ResourceFilters) -> list[ColumnElement]:
    c = table.c
    clauses: list[ColumnElement] = []
    if f.categories:
        clauses.append(c.category.in_(f.categories))
    if f.statuses:
        clauses.append(c.status.in_(f.statuses))
    if f.district_ids:
        serves = ResourceServiceDistrict.__table__
        clauses.append(
            or_(
                c.district_id.in_(f.district_ids),
                exists(
                    select(serves.c.resource_id).where(
                        serves.c.resource_id == c.id, serves.c.district_id.in_(f.district_ids)
                    )
                ),
            )
        )
    if f.search:
        clauses.append(contains_text([c.title, c.description], f.search))
    clauses += between(c.created_at, f.created_after, f.created_before)
    if f.available_on is not None:
        clauses.append(or_(c.available_from.is_(None), c.available_from <= f.available_on))
        clauses.append(or_(c.available_until.is_(None), c.available_until > f.available_on))
    if f.has_capacity is True:
        clauses.append(c.quantity_committed < c.quantity)
    elif f.has_capacity is False:
        clauses.append(c.quantity_committed >= c.quantity)
    if f.offered is not None:
        on_offer = offered(table, utcnow())
        clauses.append(on_offer if f.offered else not_(on_offer))
    return clauses
