"""Mutual ratings (互评): rateEngagement and hideRating; the ratee's counters follow in the same
transaction."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from auth.viewer import Viewer
from datasources.columns import utcnow
from datasources.loaders.participants import PARTICIPANT_TABLES
from datasources.tables import Demand, Engagement, Rating, Resource
from datasources.writes import audit
from domain.enums import ParticipantKind, ParticipantRef
from domain.problems import Problem, Rejected, UserErrorCode
from domain.workflows.checks import key_of
from domain.workflows.ratings import (
    RatingInput,
    check_hide_reason,
    check_rateable,
    check_rating,
    moderation_state,
    rating_parties,
)
from domain.workflows.states import RATING, invalid_state, next_status
from services.changes import Changed, changed
from services.rows import not_found, visible_row

ratings = Rating.__table__


@dataclass(frozen=True)
class RateEngagement:
    engagement_id: str  # its global id
    rating: RatingInput


@dataclass(frozen=True)
class HideRating:
    rating_id: str  # its global id
    reason: str


async def rate_engagement(connection: AsyncConnection, viewer: Viewer, command: RateEngagement) -> Changed:
    """The viewer's side rates the other side; the ratee's reputation counts it at once."""
    engagement_id = key_of(command.engagement_id, "Engagement", "engagementId")
    rating = command.rating
    check_rating(rating)
    now = utcnow()
    engagements, demands, resources = Engagement.__table__, Demand.__table__, Resource.__table__
    found = (
        await connection.execute(
            select(
                engagements.c.status,
                engagements.c.completed_at,
                demands.c.requester_kind,
                demands.c.requester_id,
                resources.c.provider_kind,
                resources.c.provider_id,
            )
            .join(demands, demands.c.id == engagements.c.demand_id)
            .join(resources, resources.c.id == engagements.c.resource_id)
            .where(engagements.c.id == engagement_id)
        )
    ).first()
    if found is None:
        raise not_found("engagementId")
    rater, ratee = rating_parties(
        viewer.participant,
        (found.requester_kind, found.requester_id),
        (found.provider_kind, found.provider_id),
    )
    check_rateable(found.status, found.completed_at, now)
    try:
        # The unique (engagement, rater) index settles two racing ratings by the same side.
        async with connection.begin_nested():
            rating_id = (
                await connection.execute(
                    insert(ratings).returning(ratings.c.id),
                    {
                        "engagement_id": engagement_id,
                        "rater_kind": rater[0],
                        "rater_id": rater[1],
                        "ratee_kind": ratee[0],
                        "ratee_id": ratee[1],
                        "score": rating.score,
                        "timeliness": rating.timeliness,
                        "quality": rating.quality,
                        "communication": rating.communication,
                        "comment": rating.comment.strip(),
                        "hidden": False,
                        "created_at": now,
                    },
                )
            ).scalar_one()
    except IntegrityError:
        raise Rejected(Problem(UserErrorCode.DUPLICATE, "already_rated", ("input", "engagementId"))) from None
    await _count(connection, ratee, count=1, score=rating.score)
    await audit(
        connection,
        actor_account_id=viewer.account_id,
        action="rateEngagement",
        entity_type="Rating",
        entity_id=rating_id,
        after={"status": moderation_state(False), "score": rating.score, "engagement": engagement_id},
    )
    return changed("Rating", rating_id)


async def hide_rating(connection: AsyncConnection, viewer: Viewer, command: HideRating) -> Changed:
    """Hide a rating from the public (moderation, staff); it no longer counts in the ratee's
    reputation. The reason is recorded."""
    rating_id = key_of(command.rating_id, "Rating", "ratingId")
    reason = command.reason
    check_hide_reason(reason)
    row = await visible_row(connection, ratings, rating_id, viewer, "ratingId")
    before = moderation_state(row.hidden)
    after = next_status(RATING, before, "hide")
    hidden = await connection.execute(
        ratings.update()
        .where(ratings.c.id == rating_id, ratings.c.hidden.is_(False))
        .values(hidden=True, hidden_reason=reason.strip())
    )
    if hidden.rowcount == 0:  # a racing moderator hid it first
        raise invalid_state(after, "hide")
    await _count(connection, (row.ratee_kind, row.ratee_id), count=-1, score=-row.score)
    await audit(
        connection,
        actor_account_id=viewer.account_id,
        action="hideRating",
        entity_type="Rating",
        entity_id=rating_id,
        before={"status": before},
        after={"status": after, "reason": reason.strip()},
    )
    return changed("Rating", rating_id)


async def _count(connection: AsyncConnection, ratee: ParticipantRef, *, count: int, score: int) -> None:
    """Add to the ratee's running rating counters, in the database (no lost updates)."""
    table = PARTICIPANT_TABLES[ParticipantKind(ratee[0])]
    await connection.execute(
        table.update()
        .where(table.c.id == ratee[1])
        .values(rating_count=table.c.rating_count + count, rating_sum=table.c.rating_sum + score)
    )
