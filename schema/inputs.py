"""Shared input types (their checks: `resolvers/arguments.py`)."""

from __future__ import annotations

import strawberry

from resolvers.arguments import MAX_RADIUS_KM


@strawberry.input(description="A circle on the map: centre (WGS-84) and radius.")
class NearInput:
    lat: float = strawberry.field(description="Latitude of the centre, -90 to 90.")
    lon: float = strawberry.field(description="Longitude of the centre, -180 to 180.")
    radius_km: float = strawberry.field(description=f"Radius in km, above 0 and at most {MAX_RADIUS_KM:g}.")


def idempotency_key_field() -> str | None:
    """The `idempotencyKey` of a creating mutation's input."""
    return strawberry.field(
        default=None,
        description="A key of the client's choosing (at most 100 characters): a retry with the same "
        "key returns the first result and writes nothing twice. A signed-in caller's keys are hers; an "
        "anonymous caller's key must be at least 16 characters (send a random UUID) and replays only "
        "with the same input.",
    )
