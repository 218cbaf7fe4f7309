"""The global allocation plan: which resource units go to which demands, all at once.

Given candidate pairs (each with its match score), every resource's remaining capacity and
every demand's remaining need, find whole quantities x[pair] >= 0 that

    maximise   sum(score[pair] * x[pair])             (score-weighted units allocated)
    subject to sum of x over a resource's pairs <= its capacity
               sum of x over a demand's pairs   <= its need

a transportation problem, i.e. a min-cost flow (source -> resources -> demands -> sink, cost
-score).

Fill rates count reachable units only: a demand's reachable units are min(need, the units of
the resources its pairs reach); a district's fill rate is allocated / reachable units, and what
no resource reaches is reported apart (a supply gap, not a fairness failure).

With a fairness floor f in (0, 1], two stages:

1. t* = the best worst fill rate of any plan in whole units (max over integer plans of the
   minimum over districts with reachable units), found exactly: t* is one of the fractions
   k / reachable_g, and whether every district g can get ceil(t * reachable_g) units at once is a
   maximum-flow question (source -> resources -> demands -> districts -> sink, district -> sink
   capacity ceil(t * reachable_g); feasible iff the flow saturates those edges), so a binary
   search over those fractions finds it;
2. the best-scoring plan in which every district gets at least ceil(f * t* * reachable_g) units.
   As f <= 1 these are at most the units of the plan found in stage 1, so such a plan exists and
   its worst fill rate is at least f * t* (exact fractions, no rounding down).

The plan without a floor is solved too: its score minus the fair plan's is the price of fairness.

Why SciPy's `linprog` (HiGHS) rather than OR-Tools' SimpleMinCostFlow: stage 2 has lower bounds
on sums over groups of demands, which a linear program states directly and a min-cost flow solver
does not (it would need a lower-bound transformation). The constraint matrix (one row per
resource, per demand and per district; each pair in one row of each) is the incidence matrix of
two laminar families, hence totally unimodular: with integer capacities, needs and lower bounds,
the basic optimal solutions HiGHS's dual simplex returns are integral, so the LP gives whole units
without a MIP (checked after every solve). Stage 1 needs no LP: SciPy's maximum_flow (Dinic) on
integer capacities.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix, csr_array, csr_matrix, vstack
from scipy.sparse.csgraph import maximum_flow

INTEGRAL_TOLERANCE = 1e-6
METHOD = "highs-ds"  # the dual simplex: a vertex, hence whole units


class NoGuaranteeReason(Enum):
    """Why a plan promises no worst fill rate."""

    NO_FLOOR = "NO_FLOOR"  # none was asked for: the plan maximises the total score only
    NOTHING_REACHABLE = "NOTHING_REACHABLE"  # no district has a unit some resource can reach


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
    reachable_units: int  # of `needed`, the units the resources of its demands' pairs could give
    allocated: int

    @property
    def unreachable_units(self) -> int:
        return self.needed - self.reachable_units

    @property
    def rate(self) -> float:
        """Allocated / reachable units (1 when no unit is reachable: nothing a plan could give is
        missing)."""
        return self.allocated / self.reachable_units if self.reachable_units else 1.0


@dataclass(frozen=True)
class Fairness:
    """What a plan with a fairness floor promises, in exact fractions."""

    floor: float
    achievable: Fraction  # t*: the best worst fill rate of any plan in whole units
    guaranteed: Fraction  # floor × t*: no district's fill rate is below it
    score_without_floor: float  # the best total score with no floor


@dataclass(frozen=True)
class Allocation:
    flows: list[Flow]
    fills: list[GroupFill]
    fairness: Fairness | None = None
    no_guarantee: NoGuaranteeReason | None = None  # set exactly when fairness is None
    objective: float = 0.0

    @property
    def units(self) -> int:
        return sum(flow.quantity for flow in self.flows)

    @property
    def unreachable_units(self) -> int:
        return sum(fill.unreachable_units for fill in self.fills)

    @property
    def min_fill(self) -> float | None:
        """The worst fill rate among the districts with reachable units."""
        rates = [fill.rate for fill in self.fills if fill.reachable_units]
        return min(rates) if rates else None

    @property
    def achievable_min_fill(self) -> float | None:
        return float(self.fairness.achievable) if self.fairness else None

    @property
    def guaranteed_min_fill(self) -> float | None:
        """floor × t*, rounded once: min_fill (a correctly rounded quotient of a fraction that is
        at least floor × t*) is never below it."""
        return float(self.fairness.guaranteed) if self.fairness else None

    @property
    def price_of_fairness(self) -> float | None:
        """The total score given up for the floor (0 or more, up to the solver's tolerance)."""
        return self.fairness.score_without_floor - self.objective if self.fairness else None


class SolverFailed(RuntimeError):
    """HiGHS did not find an optimal plan in whole units (it always should: x = 0 is feasible, the
    floors are feasible by construction, and the matrix is totally unimodular)."""


def allocate(problem: Problem, fairness_floor: float | None = None) -> Allocation:
    shape = _Shape.of(problem)
    best = shape.best_plan()
    plain = Allocation(
        shape.flows(best), shape.fills(best), None, NoGuaranteeReason.NO_FLOOR, shape.objective(best)
    )
    if not fairness_floor:
        return plain
    if not shape.group_reachable.any():
        return Allocation(
            plain.flows, plain.fills, None, NoGuaranteeReason.NOTHING_REACHABLE, plain.objective
        )
    achievable = shape.max_min_fill()
    guaranteed = Fraction(fairness_floor) * achievable
    lower = shape.lower_bounds(guaranteed)
    fair = best if (shape.group_units(best) >= lower).all() else shape.best_plan(lower)
    if (shape.group_units(fair) < lower).any():
        raise SolverFailed("the plan missed a district's floor")
    fairness = Fairness(fairness_floor, achievable, guaranteed, plain.objective)
    return Allocation(shape.flows(fair), shape.fills(fair), fairness, None, shape.objective(fair))


@dataclass(frozen=True)
class _Shape:
    """A problem as the arrays and sparse rows both stages use."""

    problem: Problem
    group_keys: list[Hashable]  # group index -> its key, in order of first appearance
    group_of_demand: np.ndarray
    needs: np.ndarray
    capacities: np.ndarray
    upper: np.ndarray  # of each pair: min(its demand's need, its resource's capacity)
    group_reachable: np.ndarray  # reachable units of each group (integers)

    @classmethod
    def of(cls, problem: Problem) -> _Shape:
        index: dict[Hashable, int] = {}
        for group in problem.groups:
            index.setdefault(group, len(index))
        group_of_demand = np.asarray([index[g] for g in problem.groups], dtype=np.int64)
        needs = np.asarray(problem.needs, dtype=np.int64)
        capacities = np.asarray(problem.capacities, dtype=np.int64)
        within_reach = np.bincount(
            problem.demand_of, weights=capacities[problem.resource_of], minlength=len(needs)
        ).astype(np.int64)
        reachable = np.minimum(needs, within_reach)
        return cls(
            problem,
            list(index),
            group_of_demand,
            needs,
            capacities,
            np.minimum(needs[problem.demand_of], capacities[problem.resource_of]),
            np.bincount(group_of_demand, weights=reachable, minlength=len(index)).astype(np.int64),
        )

    def group_units(self, quantities: np.ndarray) -> np.ndarray:
        pair_group = self.group_of_demand[self.problem.demand_of]
        return np.bincount(pair_group, weights=quantities, minlength=len(self.group_keys)).astype(np.int64)

    def lower_bounds(self, rate: Fraction) -> np.ndarray:
        """ceil(rate × reachable units) of each group, exactly (in Python integers: a float floor's
        fraction has a 53-bit numerator, whose products overflow int64)."""
        p, q = rate.numerator, rate.denominator
        return np.array([-(-p * int(units) // q) for units in self.group_reachable], dtype=np.int64)

    def best_plan(self, lower: np.ndarray | None = None) -> np.ndarray:
        """The quantities of the best-scoring plan, every group g getting at least lower[g] units."""
        problem, count = self.problem, len(self.problem.score)
        if not count:
            return np.zeros(0, dtype=np.int64)
        columns, ones = np.arange(count), np.ones(count)
        rows = [
            coo_matrix((ones, (problem.resource_of, columns)), shape=(len(self.capacities), count)),
            coo_matrix((ones, (problem.demand_of, columns)), shape=(len(self.needs), count)),
        ]
        bounds = [self.capacities, self.needs]
        if lower is not None:
            pair_group = self.group_of_demand[problem.demand_of]
            rows.append(-csr_matrix((ones, (pair_group, columns)), shape=(len(self.group_keys), count)))
            bounds.append(-lower)
        result = linprog(
            -problem.score,
            A_ub=vstack(rows).tocsr(),
            b_ub=np.concatenate(bounds).astype(np.float64),
            bounds=np.column_stack([np.zeros(count), self.upper]),
            method=METHOD,
        )
        if result.status != 0:
            raise SolverFailed(result.message)
        quantities = np.rint(result.x)
        if np.abs(result.x - quantities).max() > INTEGRAL_TOLERANCE:
            raise SolverFailed("the solver returned a fractional vertex")
        return quantities.astype(np.int64)

    def max_min_fill(self) -> Fraction:
        """Stage 1: the largest t = k / reachable_g such that every group can get
        ceil(t × its reachable units) at once (feasibility grows as t falls: binary search)."""
        candidates = sorted(
            {
                Fraction(k, int(units))
                for units in self.group_reachable
                if units
                for k in range(int(units) + 1)
            }
        )
        low, high = 0, len(candidates)  # candidates[low] is feasible (t = 0 always is)
        while high - low > 1:
            middle = (low + high) // 2
            if self._feasible(self.lower_bounds(candidates[middle])):
                low = middle
            else:
                high = middle
        return candidates[low]

    def _feasible(self, lower: np.ndarray) -> bool:
        """Whether a plan in whole units gives every group g at least lower[g] units: the maximum
        flow source -> resources -> demands -> groups -> sink (capacity lower[g]) saturates."""
        problem = self.problem
        resources, demands, groups = len(self.capacities), len(self.needs), len(self.group_keys)
        first_demand = 1 + resources
        first_group = first_demand + demands
        sink = first_group + groups
        tails = np.concatenate(
            [
                np.zeros(resources, dtype=np.int64),
                1 + problem.resource_of,
                first_demand + np.arange(demands),
                first_group + np.arange(groups),
            ]
        )
        heads = np.concatenate(
            [
                1 + np.arange(resources),
                first_demand + problem.demand_of,
                first_group + self.group_of_demand,
                np.full(groups, sink),
            ]
        )
        capacity = np.concatenate([self.capacities, self.upper, self.needs, lower]).astype(np.int32)
        graph = csr_array((capacity, (tails, heads)), shape=(sink + 1, sink + 1))
        return maximum_flow(graph, 0, sink).flow_value == int(lower.sum())

    def objective(self, quantities: np.ndarray) -> float:
        return float(self.problem.score @ quantities)

    def flows(self, quantities: np.ndarray) -> list[Flow]:
        problem = self.problem
        return [
            Flow(
                int(problem.demand_of[i]),
                int(problem.resource_of[i]),
                int(quantities[i]),
                float(problem.score[i]),
            )
            for i in np.flatnonzero(quantities > 0)
        ]

    def fills(self, quantities: np.ndarray) -> list[GroupFill]:
        needed = np.bincount(self.group_of_demand, weights=self.needs, minlength=len(self.group_keys))
        allocated = self.group_units(quantities)
        return [
            GroupFill(key, int(needed[g]), int(self.group_reachable[g]), int(allocated[g]))
            for g, key in enumerate(self.group_keys)
        ]
