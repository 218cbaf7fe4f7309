"""Small matching worlds built row by row in an empty database, with good defaults.

Everything sits in 东城区 around (39.92, 116.41) unless a test moves it: a test changes
exactly the one thing it is about. The rows are made by the one builder (tests/builders.py);
this module only says what a matchable resource, demand, volunteer and event look like.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from tests.builders import CENTRE, Builder

NOW = datetime.now(UTC)
DAY = timedelta(days=1)
PLACE = {"lat": CENTRE[0], "lon": CENTRE[1]}
TAGS = ["心理", "心理咨询"]

# What a row of each kind holds unless a test says otherwise: near the centre, live, tagged alike.
DEFAULTS: dict[str, dict[str, Any]] = {
    "volunteer": {**PLACE},
    "resource": {
        **PLACE,
        "service_radius_km": 5.0,
        "quantity": 5,
        "quantity_committed": 0,
        "tags": TAGS,
        "target_groups": ["WOMEN"],
        "available_from": NOW - 10 * DAY,
        "available_until": NOW + 60 * DAY,
    },
    "demand": {
        **PLACE,
        "subdistrict": "东华门街道",
        "urgency": "MEDIUM",
        "target_group": "WOMEN",
        "quantity": 2,
        "quantity_matched": 0,
        "tags": TAGS,
        "needed_by": NOW + 30 * DAY,
        "created_at": NOW - 5 * DAY,
    },
    "event": {
        **PLACE,
        "starts_at": NOW + 5 * DAY,
        "ends_at": NOW + 5 * DAY + timedelta(hours=3),
        "registration_deadline": NOW + 3 * DAY,
        "capacity": 30,
        "skills": [],
    },
}


def km_east(km: float, lat: float = CENTRE[0], lon: float = CENTRE[1]) -> tuple[float, float]:
    """A point `km` east of (lat, lon) (about 85 km per degree of longitude in Beijing)."""
    return lat, lon + km / 85.2


def new_world(engine: AsyncEngine) -> Builder:
    return Builder(engine, DEFAULTS)
