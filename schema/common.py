"""Small value types shared by many object types."""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

import strawberry

from domain.reputation import reputation


@strawberry.type(description="A point on the map (WGS-84).")
class GeoPoint:
    lat: float = strawberry.field(description="Latitude in degrees.")
    lon: float = strawberry.field(description="Longitude in degrees.")


def geo_point(lat: float | None, lon: float | None) -> GeoPoint | None:
    return None if lat is None or lon is None else GeoPoint(lat=lat, lon=lon)


@strawberry.type(
    description="How a participant is rated by the others (互评): two-way ratings after engagements."
)
class Reputation:
    average: float | None = strawberry.field(description="Mean score 1–5; null when unrated.")
    count: int = strawberry.field(description="Number of ratings received.")
    score: float = strawberry.field(
        description="Bayesian average (prior 4.0 worth 5 ratings): one rating cannot outrank many."
    )
    completion_rate: float | None = strawberry.field(
        description="Share of settled engagements completed rather than cancelled; null if none."
    )


class Reputed(Protocol):
    """A participant's row or object: the running counters its reputation is made of."""

    rating_count: int
    rating_sum: int
    engagements_completed: int
    engagements_cancelled: int


def reputation_of(row: Reputed) -> Reputation:
    figures = reputation(
        row.rating_count, row.rating_sum, row.engagements_completed, row.engagements_cancelled
    )
    return Reputation(
        average=figures.average,
        count=figures.count,
        score=figures.score,
        completion_rate=figures.completion_rate,
    )


def yuan(amount_fen: int | None) -> Decimal | None:
    """Fen (integer cents) to a CNY Decimal."""
    return None if amount_fen is None else Decimal(amount_fen) / 100
