"""Deterministic, realistic demo data for Beijing.

`build_dataset` makes every row in memory (plain dicts, ids assigned in Python) from one
`random.Random(seed)` and a fixed clock; `seed_database` writes them into an empty database.
The same scale and seed always give the same rows.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from datasources.seed.accounts import add_demo_accounts
from datasources.seed.appeals import build_appeals
from datasources.seed.applications import build_applications
from datasources.seed.complaints import build_complaints
from datasources.seed.context import NOW, Context, Row
from datasources.seed.demands import build_demands
from datasources.seed.engagements import build_engagements
from datasources.seed.events import build_events
from datasources.seed.joining import SeededInvitation, build_joining, invitation_codes
from datasources.seed.organizations import build_organizations
from datasources.seed.participants import build_districts, build_homes, build_staff
from datasources.seed.people import build_social_workers, build_volunteers
from datasources.seed.ratings import build_ratings
from datasources.seed.resources import build_resources
from datasources.seed.scales import SCALES
from datasources.seed.settle import settle
from datasources.seed.write import DatabaseNotEmpty, is_empty, write_dataset

__all__ = [
    "NOW",
    "SCALES",
    "DatabaseNotEmpty",
    "Seeded",
    "SeededInvitation",
    "build_dataset",
    "is_empty",
    "seed_database",
]

# In dependency order: each step reads what the earlier ones built.
STEPS: tuple[Callable[[Context], None], ...] = (
    build_districts,
    build_staff,
    build_homes,
    build_organizations,
    build_social_workers,
    build_volunteers,
    build_appeals,
    build_resources,
    build_demands,
    build_engagements,
    settle,
    build_ratings,
    build_applications,
    build_events,
    build_complaints,
    build_joining,
)


def build_dataset(scale: str = "demo", seed: int = 1) -> dict[str, list[Row]]:
    """Every row of the dataset, by table name."""
    if scale not in SCALES:
        raise ValueError(f"unknown seed scale {scale!r}; choose one of {', '.join(SCALES)}")
    ctx = Context(random.Random(seed), SCALES[scale])
    for step in STEPS:
        step(ctx)
    return ctx.rows


@dataclass(frozen=True)
class Seeded:
    counts: dict[str, int]  # rows written per table
    invitations: list[SeededInvitation]  # the open invitations' codes: show them now, or never


async def seed_database(engine: AsyncEngine, *, scale: str = "demo", seed: int = 1) -> Seeded:
    """Fill an empty, migrated database: the rows written per table, and the open invitations'
    codes (random, so not part of the reproducible dataset)."""
    rows = build_dataset(scale, seed)
    add_demo_accounts(rows)
    invitations = invitation_codes(rows)
    await write_dataset(engine, rows)
    return Seeded({table: len(table_rows) for table, table_rows in rows.items()}, invitations)
