"""Mutual ratings (互评): who may rate whom after an engagement, when, and with what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from domain.enums import EngagementStatus, ParticipantRef
from domain.problems import Problem, Rejected, UserErrorCode
from domain.workflows.checks import Checks
from domain.workflows.states import invalid_state

# Each side may rate the other within this long after the engagement was completed.
RATING_WINDOW = timedelta(days=30)
MIN_SCORE, MAX_SCORE = 1, 5
MAX_COMMENT_LENGTH = 2000
MAX_HIDE_REASON_LENGTH = 500
DIMENSIONS = ("timeliness", "quality", "communication")


@dataclass(frozen=True)
class RatingInput:
    score: int
    timeliness: int | None
    quality: int | None
    communication: int | None
    comment: str


def check_rating(rating: RatingInput) -> None:
    """Score and dimensions 1–5 (dimensions optional), a comment of limited size."""
    checks = Checks()
    checks.number("score", rating.score, low=MIN_SCORE, high=MAX_SCORE)
    for dimension in DIMENSIONS:
        checks.number(dimension, getattr(rating, dimension), low=MIN_SCORE, high=MAX_SCORE, required=False)
    checks.text("comment", rating.comment, required=False, max_length=MAX_COMMENT_LENGTH)
    checks.done()


def check_hide_reason(reason: str) -> None:
    """Hiding a rating needs a reason (it is recorded)."""
    checks = Checks()
    checks.text("reason", reason, max_length=MAX_HIDE_REASON_LENGTH)
    checks.done()


def rating_parties(
    rater: ParticipantRef | None, requester: ParticipantRef, provider: ParticipantRef
) -> tuple[ParticipantRef, ParticipantRef]:
    """(rater, ratee): the viewer's side rates the other side; anyone else is FORBIDDEN."""
    if rater == requester:
        return requester, provider
    if rater == provider:
        return provider, requester
    raise Rejected(Problem(UserErrorCode.FORBIDDEN, "forbidden"))


def check_rateable(status: str, completed_at: datetime | None, now: datetime) -> None:
    """Only a COMPLETED engagement, and only within RATING_WINDOW of its completion."""
    if status != EngagementStatus.COMPLETED:
        raise invalid_state(status, "rate")
    if completed_at is None or now - completed_at > RATING_WINDOW:
        raise Rejected(
            Problem(UserErrorCode.INVALID_STATE, "rating_window_closed", None, {"days": RATING_WINDOW.days})
        )


def moderation_state(hidden: bool) -> str:
    """The rating's state in `states.RATING`."""
    return "HIDDEN" if hidden else "VISIBLE"
