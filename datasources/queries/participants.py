"""Filters of homes, organizations, social workers and volunteers."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement
from sqlalchemy.sql import FromClause

from datasources.queries.common import contains_text
from datasources.tables import Home, Organization, SocialWorker, Volunteer


@dataclass(frozen=True)
class ParticipantFilters:
    district_ids: tuple[int, ...] = ()
    search: str | None = None
    kinds: tuple[str, ...] = ()  # organizations
    statuses: tuple[str, ...] = ()  # organizations
    qualification_levels: tuple[str, ...] = ()  # social workers
    agency_ids: tuple[int, ...] = ()  # social workers
    subdistrict: str | None = None  # homes


SEARCHED_COLUMNS: dict[FromClause, tuple[str, ...]] = {
    Home.__table__: ("name", "community", "subdistrict", "address"),
    Organization.__table__: ("name", "description"),
    SocialWorker.__table__: ("name", "bio"),
    Volunteer.__table__: ("name",),
}


def participant_conditions(table: FromClause, f: ParticipantFilters) -> list[ColumnElement]:
    c = table.c
    clauses: list[ColumnElement] = []
    for name, values in (
        ("district_id", f.district_ids),
        ("kind", f.kinds),
        ("status", f.statuses),
        ("qualification_level", f.qualification_levels),
        ("agency_id", f.agency_ids),
    ):
        if values:
            clauses.append(c[name].in_(values))
    if f.subdistrict:
        clauses.append(c.subdistrict == f.subdistrict)
    if f.search:
        columns = [c[name] for name in SEARCHED_COLUMNS[table]]
        clauses.append(contains_text(columns, f.search))
    return clauses
