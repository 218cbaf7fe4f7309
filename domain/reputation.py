"""Reputation: a Bayesian average that does not let one rating outrank many.

score = (PRIOR_WEIGHT * PRIOR_MEAN + sum of scores) / (PRIOR_WEIGHT + count)

With no ratings the score is the prior mean; each rating pulls it toward the participant's
own average, so a single 5 scores (5*4.0 + 5) / 6 ≈ 4.17, below forty ratings averaging 4.6.
"""

from __future__ import annotations

from dataclasses import dataclass

PRIOR_MEAN = 4.0  # what we believe of a participant nobody has rated yet
PRIOR_WEIGHT = 5  # how many ratings that belief is worth


@dataclass(frozen=True)
class ReputationFigures:
    average: float | None
    count: int
    score: float
    completion_rate: float | None


def reputation(
    rating_count: int, rating_sum: int, completed: int = 0, cancelled: int = 0
) -> ReputationFigures:
    average = rating_sum / rating_count if rating_count else None
    score = (PRIOR_WEIGHT * PRIOR_MEAN + rating_sum) / (PRIOR_WEIGHT + rating_count)
    settled = completed + cancelled
    return ReputationFigures(
        average=round(average, 3) if average is not None else None,
        count=rating_count,
        score=round(score, 3),
        completion_rate=round(completed / settled, 3) if settled else None,
    )
