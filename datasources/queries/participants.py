"""Filters of homes, organizations, social workers and volunteers."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement
from sqlalchemy.sql import FromClause

from datasources.queries.common import contains_text


@dataclass(frozen=True)
class ParticipantFilters:
    district_ids: tuple[int, ...] = ()
    search: str | None = None
    kinds: tuple[str, ...] = ()  # organizations
    statuses: tuple[str, ...] = ()  # organizations
    qualification_levels: tuple[str, ...] = ()  # social workers
    agency_ids: tuple[int, ...] = ()  # social workers
    subdistrict: str | None = None  # homes


SEARCHED_COLUMNS = {
    "homes": ("name", "community", "subdistrict", "address"),
    "organizations": ("name", "description"),
    "social_workers": ("name", "bio"),
    "volunteers": ("name",),
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
        columns = [c[name] for name in SEARCHED_COLUMNS[table.name]]
        clauses.append(contains_text(columns, f.search))
    return clauses
