"""Mutual ratings (互评): rateEngagement and hideRating, as commands."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection
from strawberry.types import Info

from auth.viewer import Viewer
from datasources.columns import utcnow
from domain.workflows.ratings import RatingInput, check_hide_reason, check_rating
from resolvers.commands import input_pk, run_command
from schema.rating_mutations import (
    HideRatingInput,
    HideRatingPayload,
    RateEngagementInput,
    RateEngagementPayload,
)
from services import ratings


async def rate_engagement(info: Info, input: RateEngagementInput) -> RateEngagementPayload:
    rating = RatingInput(
        score=input.score,
        timeliness=input.timeliness,
        quality=input.quality,
        communication=input.communication,
        comment=input.comment,
    )

    async def command(connection: AsyncConnection, viewer: Viewer) -> tuple[str, int]:
        engagement_id = input_pk(input.engagement_id, "Engagement", "engagementId")
        check_rating(rating)
        return "Rating", await ratings.rate_engagement(connection, viewer, engagement_id, rating, utcnow())

    rated, errors = await run_command(info, "rateEngagement", command, idempotency_key=input.idempotency_key)
    return RateEngagementPayload(rating=rated, user_errors=errors)


async def hide_rating(info: Info, input: HideRatingInput) -> HideRatingPayload:
    async def command(connection: AsyncConnection, viewer: Viewer) -> tuple[str, int]:
        rating_id = input_pk(input.rating_id, "Rating", "ratingId")
        check_hide_reason(input.reason)
        return "Rating", await ratings.hide_rating(connection, viewer, rating_id, input.reason)

    hidden, errors = await run_command(info, "hideRating", command)
    return HideRatingPayload(rating=hidden, user_errors=errors)
