from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, literal, select, union_all
from sqlalchemy.sql import FromClause

from datasources.queries.common import between
from datasources.tables import Demand, Engagement, Resource


@dataclass(frozen=True)
class EngagementFilters:
    statuses: tuple[str, ...] = ()
    proposed_after: datetime | None = None
    proposed_before: datetime | None = None


def engagement_conditions(table: FromClause, f: EngagementFilters) -> list[ColumnElement]:
    clauses: list[ColumnElement] = []
    if f.statuses:
        clauses.append(table.c.status.in_(f.statuses))
    clauses += between(table.c.proposed_at, f.proposed_after, f.proposed_before)
    return clauses


def engagement_parties() -> FromClause:
    """Engagements with one row per party (`party_kind`, `party_id`): requester and provider.

    A participant's engagements are those of its demands and of its resources; listing
    them per party lets one windowed query page them for many participants at once.
    """
    e, d, r = Engagement.__table__, Demand.__table__, Resource.__table__
    as_requester = select(
        e,
        d.c.requester_kind.label("party_kind"),
        d.c.requester_id.label("party_id"),
        literal("REQUESTER").label("party_role"),
    ).join(d, d.c.id == e.c.demand_id)
    as_provider = select(
        e,
        r.c.provider_kind.label("party_kind"),
        r.c.provider_id.label("party_id"),
        literal("PROVIDER").label("party_role"),
    ).join(r, r.c.id == e.c.resource_id)
    return union_all(as_requester, as_provider).subquery("engagement_parties")
