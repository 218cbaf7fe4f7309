"""How much data each seed scale makes, and how far its demands have progressed."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Scale:
    homes: int
    organizations: int
    social_workers: int
    volunteers: int
    resources: int
    demands: int
    applications: int
    events: int
    appeals: int
    complaints: int
    # How far each live demand is pushed through engagements (see engagements._pursue);
    # the engagement and rating counts follow from these weights.
    demand_aims: dict[str, float]
    # How many engagements a demand pursuing a match splits its quantity into.
    chunks: tuple[int, ...]
    rating_rate: float  # chance that each side of a completed engagement rates the other


SCALES: dict[str, Scale] = {
    # Small and instant: every status visible, for development and tests.
    "demo": Scale(
        homes=40,
        organizations=30,
        social_workers=12,
        volunteers=80,
        resources=120,
        demands=150,
        applications=100,
        events=10,
        appeals=20,
        complaints=24,
        demand_aims={"NONE": 12, "PROPOSE": 16, "PARTIAL": 16, "MATCH": 20, "FULFIL": 36},
        chunks=(1, 1, 2),
        rating_rate=0.85,
    ),
    # Beijing as the source article describes it, after a year of use: most demands settled.
    "beijing": Scale(
        homes=6000,
        organizations=1100,
        social_workers=200,
        volunteers=20000,
        resources=12000,
        demands=15000,
        applications=30000,
        events=300,
        appeals=3000,
        complaints=600,
        demand_aims={"NONE": 5, "PROPOSE": 5, "PARTIAL": 5, "MATCH": 8, "FULFIL": 77},
        chunks=(2, 2, 3, 3),
        rating_rate=0.97,
    ),
}

# Ten times Beijing: the same city ten years on (or ten cities' worth), for the benches to show
# how each figure grows with the data (`--scale beijing10`).
COUNTED = ("homes", "organizations", "social_workers", "volunteers", "resources", "demands", "applications",
           "events", "appeals", "complaints")  # fmt: skip
SCALES["beijing10"] = replace(
    SCALES["beijing"], **{name: getattr(SCALES["beijing"], name) * 10 for name in COUNTED}
)
