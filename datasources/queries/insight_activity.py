"""Activity over time and the state of the federation's participants, for dashboards: the
monthly trend, complaints by outcome, the distribution of reputation scores."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncEngine

from datasources.queries.insights import (
    OFFERED_RESOURCES,
    InsightScope,
    engagements_in_scope,
    month_of,
    scope_clauses,
)
from datasources.tables import (
    Complaint,
    Demand,
    Engagement,
    Home,
    Organization,
    Resource,
    SocialWorker,
    Volunteer,
    VolunteerApplication,
)
from domain.enums import ApplicationStatus, ComplaintStatus, EngagementStatus, ParticipantKind
from domain.reputation import PRIOR_MEAN, PRIOR_WEIGHT

DRAFT = "DRAFT"  # never published: not in the trend
PARTICIPANT_TABLES = {
    ParticipantKind.HOME: Home.__table__,
    ParticipantKind.ORGANIZATION: Organization.__table__,
    ParticipantKind.SOCIAL_WORKER: SocialWorker.__table__,
    ParticipantKind.VOLUNTEER: Volunteer.__table__,
}
# Reputation buckets are half a point wide, from 1 to 5 (the top one holds a perfect 5).
BUCKETS_PER_POINT = 2
LOWEST_SCORE, HIGHEST_SCORE = 1, 5


async def monthly_activity(engine: AsyncEngine, scope: InsightScope) -> dict[str, list[float]]:
    """{month: [demands published, resources published, engagements completed, volunteer hours]},
    one statement per figure; `since` applies to the moment counted (publication, completion)."""
    d, r = Demand.__table__, Resource.__table__
    e, a = Engagement.__table__, VolunteerApplication.__table__
    demand_published = func.coalesce(d.c.published_at, d.c.created_at)
    resource_published = func.coalesce(r.c.published_at, r.c.created_at)
    unbounded = replace(scope, since=None)
    joined, engagement_clauses = engagements_in_scope(unbounded)
    applications = a.join(r, r.c.id == a.c.resource_id)
    counts = [
        (demand_published, func.count(), d, [d.c.status != DRAFT, *scope_clauses(d, unbounded)]),
        (resource_published, func.count(), r, [r.c.status != DRAFT, *scope_clauses(r, unbounded)]),
        (
            e.c.completed_at,
            func.count(),
            joined,
            [e.c.status == EngagementStatus.COMPLETED, *engagement_clauses],
        ),
        (
            a.c.completed_at,
            func.sum(a.c.service_minutes),
            applications,
            [a.c.status == ApplicationStatus.COMPLETED, *scope_clauses(r, unbounded)],
        ),
    ]
    months: dict[str, list[float]] = {}
    async with engine.connect() as connection:
        for position, (moment, figure, source, clauses) in enumerate(counts):
            month = month_of(engine, moment).label("month")
            if scope.since is not None:
                clauses = [*clauses, moment >= scope.since]
            statement = select(month, figure).select_from(source).where(*clauses).group_by(month)
            rows: list[Any] = list((await connection.execute(statement)).all())
            for row in rows:
                months.setdefault(row[0], [0, 0, 0, 0])[position] = int(row[1] or 0)
    for figures in months.values():
        figures[3] = round(figures[3] / 60, 2)  # minutes served -> hours
    return dict(sorted(months.items()))


async def complaints_by_outcome(engine: AsyncEngine, scope: InsightScope) -> dict[str, int]:
    """Closed complaints per outcome, about participants in the filter's district (or about the
    party itself); complaints have no resource category: a category filter does not apply."""
    c = Complaint.__table__
    clauses: list[ColumnElement] = [c.c.status == ComplaintStatus.CLOSED, c.c.outcome.is_not(None)]
    if scope.since is not None:
        clauses.append(c.c.created_at >= scope.since)
    if scope.party is not None:
        kind, pk = scope.party
        clauses += [c.c.subject_kind == kind, c.c.subject_id == pk]
    if scope.district_id is not None:
        clauses.append(
            or_(
                *(
                    and_(
                        c.c.subject_kind == kind,
                        c.c.subject_id.in_(
                            select(table.c.id).where(table.c.district_id == scope.district_id)
                        ),
                    )
                    for kind, table in PARTICIPANT_TABLES.items()
                )
            )
        )
    statement = select(c.c.outcome, func.count()).where(*clauses).group_by(c.c.outcome).order_by(c.c.outcome)
    async with engine.connect() as connection:
        rows = (await connection.execute(statement)).all()
    return {row[0]: int(row[1]) for row in rows}


async def reputation_buckets(engine: AsyncEngine, scope: InsightScope) -> dict[int, int]:
    """{bucket index: providers}: the providers of resources on offer in scope, by the half-point
    bucket of their reputation score (domain/reputation.py), index 0 for [1, 1.5)."""
    r = Resource.__table__
    providers = (
        select(r.c.provider_kind, r.c.provider_id)
        .where(r.c.status.in_(OFFERED_RESOURCES), *scope_clauses(r, scope))
        .distinct()
        .subquery()
    )
    ratings = union_all(
        *(
            select(literal(kind.value).label("kind"), t.c.id, t.c.rating_count, t.c.rating_sum)
            for kind, t in PARTICIPANT_TABLES.items()
        )
    ).subquery()
    # score = (W·M + sum) / (W + count); times 2, by integer division: the bucket, exactly.
    prior = int(PRIOR_WEIGHT * PRIOR_MEAN * BUCKETS_PER_POINT)
    doubled = (prior + BUCKETS_PER_POINT * ratings.c.rating_sum) // (PRIOR_WEIGHT + ratings.c.rating_count)
    top = (HIGHEST_SCORE - LOWEST_SCORE) * BUCKETS_PER_POINT - 1
    bucket = case(
        (doubled - LOWEST_SCORE * BUCKETS_PER_POINT > top, top),
        else_=doubled - LOWEST_SCORE * BUCKETS_PER_POINT,
    )
    statement = (
        select(bucket.label("bucket"), func.count())
        .select_from(
            providers.join(
                ratings,
                and_(ratings.c.kind == providers.c.provider_kind, ratings.c.id == providers.c.provider_id),
            )
        )
        .group_by("bucket")
    )
    async with engine.connect() as connection:
        rows = (await connection.execute(statement)).all()
    return {int(row[0]): int(row[1]) for row in rows}
