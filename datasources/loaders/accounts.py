"""Loaders of accounts, and of who counts as a participant's counterparty (for privacy)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import ColumnElement, CompoundSelect, and_, literal, or_, select, union_all

from datasources.loaders.base import RowByIdLoader, _EngineLoader
from datasources.tables import Account, Demand, Engagement, Resource, VolunteerApplication
from domain.enums import ApplicationStatus, EngagementStatus, ParticipantKind

Ref = tuple[str, int]


class AccountByIdLoader(RowByIdLoader):
    # Password hashes never leave datasources/accounts.py: not even into the graph's objects.
    table = select(*(c for c in Account.__table__.c if c.name != "password_hash")).subquery("accounts")


def _either(refs: Sequence[Ref], left: tuple, right: tuple) -> ColumnElement:
    """Rows where the (kind, id) pair `left` or `right` is one of `refs`."""
    return or_(
        *(and_(kind_col == kind, id_col == pk) for kind, pk in refs for kind_col, id_col in (left, right))
    )


def active_pairs(refs: Sequence[Ref]) -> CompoundSelect:
    """(a_kind, a_id, b_kind, b_id): both sides of every ACCEPTED engagement and volunteer
    application that involves one of `refs`."""
    e, d, r = Engagement.__table__, Demand.__table__, Resource.__table__
    a = VolunteerApplication.__table__
    requester = (d.c.requester_kind, d.c.requester_id)
    provider = (r.c.provider_kind, r.c.provider_id)
    engagements = (
        select(*requester, *provider)
        .select_from(e.join(d, d.c.id == e.c.demand_id).join(r, r.c.id == e.c.resource_id))
        .where(e.c.status == EngagementStatus.ACCEPTED, _either(refs, requester, provider))
    )
    volunteer = (literal(ParticipantKind.VOLUNTEER.value), a.c.volunteer_id)
    applications = (
        select(*volunteer, *provider)
        .select_from(a.join(r, r.c.id == a.c.resource_id))
        .where(a.c.status == ApplicationStatus.ACCEPTED, _either(refs, volunteer, provider))
    )
    return union_all(engagements, applications)


class CounterpartiesByParticipantLoader(_EngineLoader[Ref, frozenset[Ref]]):
    """The participants each participant is engaged with right now (accepted, not yet settled)."""

    async def batch_load_fn(self, refs: Sequence[Ref]) -> list[frozenset[Ref]]:
        keys = [(str(kind), pk) for kind, pk in refs]
        found: dict[Ref, set[Ref]] = defaultdict(set)
        async with self.engine.connect() as connection:
            for a_kind, a_id, b_kind, b_id in (await connection.execute(active_pairs(keys))).all():
                found[(a_kind, a_id)].add((b_kind, b_id))
                found[(b_kind, b_id)].add((a_kind, a_id))
        return [frozenset(found.get(key, ())) for key in keys]
