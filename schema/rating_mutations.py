"""Mutual ratings (互评): rateEngagement and hideRating."""

from __future__ import annotations

import strawberry

from auth.permissions import IsAuthenticated, IsStaff
from domain.workflows.ratings import MAX_COMMENT_LENGTH, MAX_HIDE_REASON_LENGTH, RATING_WINDOW, RatingInput
from schema.inputs import idempotency_key_field
from schema.mutation_fields import mutation
from schema.ratings import Rating
from schema.user_errors import UserError, user_errors_field
from services import ratings
from services.ratings import HideRating, RateEngagement


def _dimension(name: str) -> int | None:
    return strawberry.field(default=None, description=f"{name}, 1–5; optional.")


@strawberry.input(
    description="Rate the other side of a COMPLETED engagement (互评): once per side, within "
    f"{RATING_WINDOW.days} days of its completion."
)
class RateEngagementInput:
    engagement_id: strawberry.ID = strawberry.field(description="The engagement (对接) rated.")
    score: int = strawberry.field(description="Overall score, 1 (poor) to 5 (excellent).")
    timeliness: int | None = _dimension("Timeliness (及时性)")
    quality: int | None = _dimension("Quality (质量)")
    communication: int | None = _dimension("Communication (沟通)")
    comment: str = strawberry.field(
        default="", description=f"A free comment (评价), at most {MAX_COMMENT_LENGTH} characters."
    )
    idempotency_key: str | None = idempotency_key_field()

    def command(self) -> RateEngagement:
        rating = RatingInput(self.score, self.timeliness, self.quality, self.communication, self.comment)
        return RateEngagement(self.engagement_id, rating)


@strawberry.type(description="The result of `rateEngagement`: the rating given, or why not.")
class RateEngagementPayload:
    rating: Rating | None = strawberry.field(default=None, description="The rating given.")
    user_errors: list[UserError] = user_errors_field(
        "UNAUTHENTICATED; FORBIDDEN (not a side of the engagement); NOT_FOUND; INVALID_STATE (not "
        "completed, or the rating window has closed); DUPLICATE (this side has rated already); "
        "REQUIRED, OUT_OF_RANGE, TOO_LONG, INVALID."
    )


@strawberry.input(description="Hide an abusive rating (moderation): a reason is required and recorded.")
class HideRatingInput:
    rating_id: strawberry.ID = strawberry.field(description="The rating to hide.")
    reason: str = strawberry.field(
        description=f"Why (recorded in the audit log), at most {MAX_HIDE_REASON_LENGTH} characters."
    )

    def command(self) -> HideRating:
        return HideRating(self.rating_id, self.reason)


@strawberry.type(description="The result of `hideRating`: the rating, now hidden, or why not.")
class HideRatingPayload:
    rating: Rating | None = strawberry.field(default=None, description="The rating, now hidden.")
    user_errors: list[UserError] = user_errors_field(
        "FORBIDDEN; NOT_FOUND; INVALID_STATE (hidden already); REQUIRED, TOO_LONG."
    )


rate_engagement = mutation(
    ratings.rate_engagement,
    RateEngagementInput,
    RateEngagementPayload,
    IsAuthenticated(),
    description="Rate the other side of a COMPLETED engagement (互评), once per side, within 30 days of "
    "completion; the ratee's reputation counts it at once. Only accounts acting for the "
    "engagement's requester or provider.",
)
hide_rating = mutation(
    ratings.hide_rating,
    HideRatingInput,
    HideRatingPayload,
    IsAuthenticated(),
    IsStaff(),
    description="Hide an abusive rating (moderation), with a recorded reason: it leaves the public graph and "
    "the ratee's reputation; its author and staff still see it.",
)
