"""The global allocation plan: which resource units go to which demands, all at once.

Given candidate pairs (each with its match score), every resource's remaining capacity and
every demand's remaining need, find quantities x[pair] >= 0 that

    maximise   sum(score[pair] * x[pair])             (score-weighted units allocated)
    subject to sum of x over a resource's pairs <= its capacity
               sum of x over a demand's pairs   <= its need

a transportation problem, i.e. a min-cost flow (source -> resources -> demands -> sink, cost
-score). With a fairness floor f in (0, 1], two stages:

1. the best achievable worst fill rate t* = max min_d allocated_d / need_d over the districts
   (groups) that have any candidate pair at all (a district nothing can reach stays at 0 in
   every plan and would pin t* to 0);
2. the best-scoring plan in which every such district gets at least floor(f * t* * need_d).

Why SciPy's `linprog` (HiGHS) rather than OR-Tools' SimpleMinCostFlow: the fairness stages
are a max-min objective and lower bounds on sums over groups of demands, which a linear
program states directly and a min-cost flow solver does not (it would need a parametric
search over t and a lower-bound transformation). The constraint matrix (one row per resource,
per demand and per district; each pair in one row of each) is the incidence matrix of two
laminar families, hence totally unimodular: with integer capacities, needs and floors, the
basic optimal solutions HiGHS's simplex returns are integral, so the LP gives whole units
without a MIP. SciPy is maintained by a large community, ships wheels for every platform we
use, and HiGHS is among the fastest open LP solvers; OR-Tools would add a larger binary and
protobuf for one call.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix, csr_array, csr_matrix, hstack, vstack

INTEGRAL_TOLERANCE = 1e-6
# Stage 1 needs only the value t*, so HiGHS's interior point method (about twice as fast as the
# simplex there at 10x Beijing); stage 2 needs a vertex (integral), so the dual simplex.
STAGE_ONE_METHOD = "highs-ipm"
STAGE_TWO_METHOD = "highs-ds"
INFEASIBLE = 2  # linprog's status when no plan meets the constraints


@dataclass(frozen=True)
class Pair:
    """A candidate pair: indexes into the problem's demands and resources, and its score."""

    demand: int
    resource: int
    score: float


@dataclass(frozen=True)
class Problem:
    """Demands, resources and the candidate pairs between them, as arrays: pair i joins demand
    `demand_of[i]` to resource `resource_of[i]` with score `score[i]`."""

    needs: Sequence[int]  # remaining need of each demand
    capacities: Sequence[int]  # remaining units of each resource
    groups: Sequence[Hashable]  # the district (or any group) of each demand
    demand_of: np.ndarray
    resource_of: np.ndarray
    score: np.ndarray

    @classmethod
    def of(
        cls,
        needs: Sequence[int],
        capacities: Sequence[int],
        groups: Sequence[Hashable],
        pairs: Sequence[Pair],
    ) -> Problem:
        return cls(
            needs,
            capacities,
            groups,
            np.array([p.demand for p in pairs], dtype=np.int64),
            np.array([p.resource for p in pairs], dtype=np.int64),
            np.array([p.score for p in pairs], dtype=np.float64),
        )

    @property
    def pairs(self) -> list[Pair]:
        triples = zip(self.demand_of, self.resource_of, self.score, strict=True)
        return [Pair(int(d), int(r), float(s)) for d, r, s in triples]


@dataclass(frozen=True)
class Flow:
    demand: int
    resource: int
    quantity: int
    score: float


@dataclass(frozen=True)
class GroupFill:
    group: Hashable
    needed: int
    allocated: int
    reachable: bool  # some candidate pair reaches one of its demands

    @property
    def rate(self) -> float:
        return self.allocated / self.needed if self.needed else 1.0


@dataclass(frozen=True)
class Allocation:
    flows: list[Flow]
    fills: list[GroupFill]
    fairness_floor: float | None
    achievable_min_fill: float | None  # t* of stage 1 (only with a fairness floor)
    objective: float = 0.0
    stats: dict[str, int] = field(default_factory=dict)

    @property
    def units(self) -> int:
        return sum(flow.quantity for flow in self.flows)

    @property
    def min_fill(self) -> float | None:
        """The worst fill rate among the districts a plan can reach at all."""
        rates = [fill.rate for fill in self.fills if fill.reachable]
        return min(rates) if rates else None


class SolverFailed(RuntimeError):
    """HiGHS did not find an optimal plan (it should always find one: x = 0 is feasible)."""


def allocate(problem: Problem, fairness_floor: float | None = None) -> Allocation:
    group_ids = _group_index(problem.groups)
    demand_of, resource_of, score = problem.demand_of, problem.resource_of, problem.score
    count = len(score)
    if not count:
        return Allocation([], _fills(problem, group_ids, np.zeros(0)), fairness_floor, None)
    needs = np.asarray(problem.needs, dtype=np.float64)
    capacities = np.asarray(problem.capacities, dtype=np.float64)
    upper = np.minimum(needs[demand_of], capacities[resource_of])

    columns = np.arange(count)
    ones = np.ones(count)
    by_resource = coo_matrix((ones, (resource_of, columns)), shape=(len(capacities), count))
    by_demand = coo_matrix((ones, (demand_of, columns)), shape=(len(needs), count))
    group_of_demand = np.asarray([group_ids[g] for g in problem.groups], dtype=np.int64)
    by_group = csr_matrix((ones, (group_of_demand[demand_of], columns)), shape=(len(group_ids), count))
    capacity_rows = vstack([by_resource, by_demand]).tocsr()
    capacity_bounds = np.concatenate([capacities, needs])

    group_need = np.bincount(group_of_demand, weights=needs, minlength=len(group_ids))
    reachable = np.bincount(group_of_demand[demand_of], minlength=len(group_ids)) > 0
    achievable = None
    lower = np.zeros(len(group_ids))
    if fairness_floor and reachable.any():
        achievable = _best_worst_fill(capacity_rows, capacity_bounds, by_group, group_need, reachable, upper)
        target = fairness_floor * achievable * group_need
        lower = np.where(reachable, np.floor(target + INTEGRAL_TOLERANCE), 0.0)

    variable_bounds = np.column_stack([np.zeros(count), upper])
    result = None
    while result is None or (result.status == INFEASIBLE and lower.any()):
        if result is not None:
            # t* came out a hair too high for whole units somewhere: every floor one unit lower.
            lower = np.maximum(lower - 1, 0)
        rows, bounds = capacity_rows, capacity_bounds
        if lower.any():
            rows = vstack([capacity_rows, -by_group]).tocsr()
            bounds = np.concatenate([capacity_bounds, -lower])
        result = linprog(-score, A_ub=rows, b_ub=bounds, bounds=variable_bounds, method=STAGE_TWO_METHOD)
    if result.status != 0:
        raise SolverFailed(result.message)
    quantities = np.floor(result.x + INTEGRAL_TOLERANCE)
    flows = [
        Flow(int(demand_of[i]), int(resource_of[i]), int(quantities[i]), float(score[i]))
        for i in np.flatnonzero(quantities > 0)
    ]
    return Allocation(
        flows=flows,
        fills=_fills(problem, group_ids, quantities, demand_of),
        fairness_floor=fairness_floor,
        achievable_min_fill=achievable,
        objective=float(score @ quantities),
        stats={"pairs": count, "demands": len(needs), "resources": len(capacities)},
    )


def _best_worst_fill(
    capacity_rows: csr_matrix | csr_array,
    capacity_bounds: np.ndarray,
    by_group: csr_matrix,
    group_need: np.ndarray,
    reachable: np.ndarray,
    upper: np.ndarray,
) -> float:
    """Stage 1: the largest t <= 1 such that every reachable group can get t * its need.

    One more column holds t; each reachable group g adds the row t * need_g - sum(x_g) <= 0.
    """
    count = len(upper)  # the pairs: capacity_rows' columns
    groups = np.flatnonzero(reachable)
    no_t = csr_matrix((len(capacity_bounds), 1))  # as many rows as capacity_rows
    need_column = csr_matrix(group_need[groups].reshape(-1, 1))
    rows = vstack([hstack([capacity_rows, no_t]), hstack([-by_group[groups], need_column])]).tocsr()
    bounds = np.concatenate([capacity_bounds, np.zeros(len(groups))])
    objective = np.zeros(count + 1)
    objective[-1] = -1.0
    variable_bounds = np.column_stack([np.zeros(count + 1), np.append(upper, 1.0)])
    result = linprog(objective, A_ub=rows, b_ub=bounds, bounds=variable_bounds, method=STAGE_ONE_METHOD)
    if result.status != 0:
        raise SolverFailed(result.message)
    return float(result.x[-1])


def _group_index(groups: Sequence[Hashable]) -> dict[Hashable, int]:
    index: dict[Hashable, int] = {}
    for group in groups:
        index.setdefault(group, len(index))
    return index


def _fills(
    problem: Problem,
    group_ids: dict[Hashable, int],
    quantities: np.ndarray,
    demand_of: np.ndarray | None = None,
) -> list[GroupFill]:
    needed: dict[Hashable, int] = defaultdict(int)
    for group, need in zip(problem.groups, problem.needs, strict=True):
        needed[group] += int(need)
    allocated: dict[Hashable, int] = defaultdict(int)
    reachable = {problem.groups[int(d)] for d in np.unique(problem.demand_of)}
    if demand_of is not None:
        for i in np.flatnonzero(quantities > 0):
            allocated[problem.groups[int(demand_of[i])]] += int(quantities[i])
    return [
        GroupFill(group, needed[group], allocated[group], group in reachable)
        for group in sorted(group_ids, key=group_ids.__getitem__)
    ]
