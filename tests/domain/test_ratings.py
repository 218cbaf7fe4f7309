"""Mutual ratings (互评): what a rating holds, who rates whom, and until when
(domain/workflows/ratings.py)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from domain.enums import EngagementStatus
from domain.problems import UserErrorCode
from domain.workflows import states
from domain.workflows.ratings import (
    DIMENSIONS,
    MAX_COMMENT_LENGTH,
    MAX_HIDE_REASON_LENGTH,
    MAX_SCORE,
    MIN_SCORE,
    RATING_WINDOW,
    RatingInput,
    check_hide_reason,
    check_rateable,
    check_rating,
    moderation_state,
    rating_parties,
)
from tests.domain.refusals import keys, problems_of, refused, where

NOW = datetime(2026, 12, 4, 12, tzinfo=UTC)
RATING = RatingInput(score=4, timeliness=None, quality=None, communication=None, comment="")
HOME, ORG = ("HOME", 1), ("ORGANIZATION", 2)


def _problems(**changes: object) -> list[tuple[str, tuple[str, ...] | None]]:
    return where(problems_of(check_rating, dataclasses.replace(RATING, **changes)))


@pytest.mark.parametrize("field", ["score", *DIMENSIONS])
def test_a_score_runs_from_one_to_five(field: str) -> None:
    for fine in range(MIN_SCORE, MAX_SCORE + 1):
        assert _problems(**{field: fine}) == []
    for wrong in (MIN_SCORE - 1, MAX_SCORE + 1):
        assert _problems(**{field: wrong}) == [(UserErrorCode.OUT_OF_RANGE, ("input", field))]


def test_the_dimensions_are_optional_and_the_score_is_not() -> None:
    assert _problems(timeliness=None, quality=None, communication=None) == []
    assert _problems(score=None) == [(UserErrorCode.REQUIRED, ("input", "score"))]


def test_a_comment_has_a_limit_and_every_problem_is_reported() -> None:
    assert _problems(comment="好" * MAX_COMMENT_LENGTH) == []
    assert _problems(score=0, quality=9, comment="好" * (MAX_COMMENT_LENGTH + 1)) == [
        (UserErrorCode.OUT_OF_RANGE, ("input", "score")),
        (UserErrorCode.OUT_OF_RANGE, ("input", "quality")),
        (UserErrorCode.TOO_LONG, ("input", "comment")),
    ]


def test_hiding_a_rating_needs_a_reason_of_limited_size() -> None:
    assert problems_of(check_hide_reason, "辱骂内容") == []
    assert problems_of(check_hide_reason, "理" * MAX_HIDE_REASON_LENGTH) == []
    assert where(refused(check_hide_reason, " ")) == [(UserErrorCode.REQUIRED, ("input", "reason"))]
    assert where(refused(check_hide_reason, "理" * (MAX_HIDE_REASON_LENGTH + 1))) == [
        (UserErrorCode.TOO_LONG, ("input", "reason"))
    ]


def test_each_side_rates_the_other() -> None:
    assert rating_parties(HOME, HOME, ORG) == (HOME, ORG)
    assert rating_parties(ORG, HOME, ORG) == (ORG, HOME)


@pytest.mark.parametrize("rater", [None, ("HOME", 9), ("VOLUNTEER", 1)])
def test_nobody_else_rates(rater) -> None:
    assert where(refused(rating_parties, rater, HOME, ORG)) == [(UserErrorCode.FORBIDDEN, None)]


def test_a_completed_engagement_is_rateable_for_the_whole_window() -> None:
    for since in (timedelta(0), timedelta(days=1), RATING_WINDOW):
        assert problems_of(check_rateable, EngagementStatus.COMPLETED, NOW - since, NOW) == []


def test_the_window_closes_right_after_its_last_moment() -> None:
    late = NOW - RATING_WINDOW - timedelta(seconds=1)
    [problem] = refused(check_rateable, EngagementStatus.COMPLETED, late, NOW)
    assert (problem.code, problem.key, problem.field) == (
        UserErrorCode.INVALID_STATE,
        "rating_window_closed",
        None,
    )
    assert problem.params == {"days": RATING_WINDOW.days}
    assert keys(refused(check_rateable, EngagementStatus.COMPLETED, None, NOW)) == ["rating_window_closed"]


@pytest.mark.parametrize("status", sorted(set(EngagementStatus) - {EngagementStatus.COMPLETED}))
def test_only_a_completed_engagement_is_rated(status: str) -> None:
    [problem] = refused(check_rateable, status, NOW, NOW)
    assert (problem.code, problem.key) == (UserErrorCode.INVALID_STATE, "invalid_state")
    assert problem.params == {"status": status, "action": "rate"}


def test_the_moderation_state_is_the_one_of_the_rating_machine() -> None:
    visible, hidden = moderation_state(False), moderation_state(True)
    assert visible != hidden
    assert states.next_status(states.RATING, visible, "hide") == hidden
    assert states.allowed_actions(states.RATING, hidden) == []
