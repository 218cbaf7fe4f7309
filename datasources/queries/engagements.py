from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, literal, not_, or_, select, union_all
from sqlalchemy.sql import FromClause

from datasources.queries.common import active_party, between
from datasources.tables import Demand, Engagement, Resource
from domain.workflows.engagements import UNDER_WAY


@dataclass(frozen=True)
class EngagementFilters:
    statuses: tuple[str, ...] = ()
    proposed_after: datetime | None = None
    proposed_before: datetime | None = None
    flagged: bool | None = None  # under way with a party not in good standing (EngagementFlag)


def engagement_conditions(table: FromClause, f: EngagementFilters) -> list[ColumnElement]:
    clauses: list[ColumnElement] = []
    if f.statuses:
        clauses.append(table.c.status.in_(f.statuses))
    clauses += between(table.c.proposed_at, f.proposed_after, f.proposed_before)
    if f.flagged is not None:
        clauses.append(flagged(table) if f.flagged else not_(flagged(table)))
    return clauses


def flagged(table: FromClause) -> ColumnElement:
    """Under way, with an organization on either side not ACTIVE (`engagement_flags` in SQL)."""
    d, r = Demand.__table__, Resource.__table__
    return and_(
        table.c.status.in_(sorted(UNDER_WAY)),
        or_(
            table.c.demand_id.in_(
                select(d.c.id).where(not_(active_party(d.c.requester_kind, d.c.requester_id)))
            ),
            table.c.resource_id.in_(
                select(r.c.id).where(not_(active_party(r.c.provider_kind, r.c.provider_id)))
            ),
        ),
    )


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
