"""Mutual ratings (互评): rateEngagement and hideRating, as commands."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from auth.viewer import Viewer
from datasources.columns import utcnow
from domain.workflows.ratings import RatingInput, check_hide_reason, check_rating
from resolvers.commands import Outcome, input_pk, run_command
from resolvers.context import Info
from services import ratings


async def rate_engagement(info: Info, input: Any) -> Outcome:
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

    return await run_command(info, "rateEngagement", command, idempotency_key=input.idempotency_key)


async def hide_rating(info: Info, input: Any) -> Outcome:
    async def command(connection: AsyncConnection, viewer: Viewer) -> tuple[str, int]:
        rating_id = input_pk(input.rating_id, "Rating", "ratingId")
        check_hide_reason(input.reason)
        return "Rating", await ratings.hide_rating(connection, viewer, rating_id, input.reason)

    return await run_command(info, "hideRating", command)
