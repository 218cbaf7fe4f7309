"""What the scorer knows about each side of a match: plain values, no database rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from domain.reputation import reputation


# Places, parties, needs and offers are built by the thousand per request: plain slotted
# classes (a frozen dataclass pays an object.__setattr__ per field). Treat them as values.
@dataclass(slots=True)
class Place:
    """Where something is: its district, sub-district (街道/乡镇) when known, coordinates."""

    district_id: int
    subdistrict: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True)
class Track:
    """A participant's track record: ratings received and engagements settled."""

    rating_count: int = 0
    rating_sum: int = 0
    completed: int = 0
    cancelled: int = 0

    @property
    def average(self) -> float | None:
        return self.rating_sum / self.rating_count if self.rating_count else None

    @property
    def bayesian(self) -> float:
        return reputation(self.rating_count, self.rating_sum).score


@dataclass(slots=True)
class Party:
    """Who publishes a demand or offers a resource; `active` is false for an organization
    that is pending, rejected, suspended or exited."""

    kind: str
    id: int
    active: bool = True
    track: Track = field(default_factory=Track)


@dataclass(slots=True)
class Need:
    """The demand side of a match."""

    id: int
    category: str
    status: str
    party: Party
    place: Place
    urgency: str
    target_group: str
    quantity: int
    quantity_matched: int
    created_at: datetime
    needed_by: datetime | None = None
    tags: frozenset[str] = frozenset()

    @property
    def remaining(self) -> int:
        return max(self.quantity - self.quantity_matched, 0)


@dataclass(slots=True)
class Offer:
    """The resource side of a match. `service_district_ids`: the districts it serves besides
    its own."""

    id: int
    category: str
    status: str
    party: Party
    place: Place
    quantity: int
    quantity_committed: int
    service_district_ids: frozenset[int] = frozenset()
    service_radius_km: float | None = None
    tags: frozenset[str] = frozenset()
    target_groups: frozenset[str] = frozenset()
    available_from: datetime | None = None
    available_until: datetime | None = None

    @property
    def remaining(self) -> int:
        return max(self.quantity - self.quantity_committed, 0)


@dataclass(frozen=True, slots=True)
class Reason:
    """One term of a score: its weight, value in [0, 1], contribution (weight * value) and
    the facts a sentence about it needs (see explain.py)."""

    factor: str
    weight: float
    value: float
    contribution: float
    facts: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Scored:
    """A candidate with its score; `reasons` add up to `score`."""

    score: float
    reasons: tuple[Reason, ...]


def scored(weights: Mapping[str, float], terms: Sequence[tuple[str, float, Mapping[str, Any]]]) -> Scored:
    """Weigh terms (factor, value, facts) into a score whose contributions add up to it exactly:
    the score is the sum of the very contributions returned."""
    reasons = tuple(
        Reason(factor, weights[factor], value, weights[factor] * value, facts)
        for factor, value, facts in terms
    )
    score = 0.0
    for reason in reasons:
        score += reason.contribution
    return Scored(score, reasons)
