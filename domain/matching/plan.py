"""From open demands and resources to an allocation problem, and back to proposals.

The pairs offered to the solver are those that pass the hard filters, scored as suggestions
are (pools.py); each demand keeps its PAIRS_PER_DEMAND best. A demand rarely needs its
sixty-first best resource, and the cap keeps the linear program's size proportional to the
number of demands whatever the density of the city (see docs/matching.md for the effect).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from domain.matching.allocation import Allocation, Problem, allocate
from domain.matching.model import Need, Offer
from domain.matching.pools import OfferPool, best_positions

PAIRS_PER_DEMAND = 60


@dataclass(frozen=True)
class Proposal:
    """One engagement a plan proposes: units of a resource for a demand, with the pair's score."""

    demand_id: int
    resource_id: int
    quantity: int
    score: float


@dataclass(frozen=True)
class Plan:
    needs: Sequence[Need]
    offers: Sequence[Offer]
    pairs: int
    allocation: Allocation
    proposals: list[Proposal]


def candidate_problem(
    needs: Sequence[Need],
    offers: Sequence[Offer],
    now: datetime,
    blocked: Collection[tuple[int, int]] = (),
    per_demand: int = PAIRS_PER_DEMAND,
) -> Problem:
    """The allocation problem of these demands and resources (one category), demands grouped by
    district for the fairness floor."""
    pool = OfferPool(offers, now)
    excluded: dict[int, set[int]] = {}
    for demand_id, resource_id in blocked:
        excluded.setdefault(demand_id, set()).add(resource_id)
    demand_of, resource_of, scores_of = [], [], []
    for index, need in enumerate(needs):
        positions, km = pool.feasible(need, excluded.get(need.id, ()))
        scores = pool.scores(need, positions, km)
        best = best_positions(scores, pool.ids[positions], per_demand)
        demand_of.append(np.full(len(best), index, dtype=np.int64))
        resource_of.append(positions[best])
        scores_of.append(scores[best])
    return Problem(
        needs=[need.remaining for need in needs],
        capacities=[offer.remaining for offer in pool.items],
        groups=[need.place.district_id for need in needs],
        demand_of=np.concatenate(demand_of) if demand_of else np.zeros(0, dtype=np.int64),
        resource_of=np.concatenate(resource_of) if resource_of else np.zeros(0, dtype=np.int64),
        score=np.concatenate(scores_of) if scores_of else np.zeros(0),
    )


def plan(
    needs: Sequence[Need],
    offers: Sequence[Offer],
    now: datetime,
    blocked: Collection[tuple[int, int]] = (),
    fairness_floor: float | None = None,
) -> Plan:
    """The allocation plan of these demands and resources: proposals and fill rates."""
    problem = candidate_problem(needs, offers, now, blocked)
    allocation = allocate(problem, fairness_floor)
    proposals = sorted(
        (
            Proposal(needs[flow.demand].id, offers[flow.resource].id, flow.quantity, flow.score)
            for flow in allocation.flows
        ),
        key=lambda p: (p.demand_id, p.resource_id),
    )
    return Plan(needs, offers, len(problem.score), allocation, proposals)
