"""The fairness floor keeps its promise: on many random small problems, against every plan in
whole units enumerated, the plan's best worst fill rate is the true one, no district falls below
floor × that, and the plan is the best-scoring one that keeps the floor."""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.matching.allocation import NoGuaranteeReason, Pair, Problem, allocate
from tests.matching.test_allocation import check_feasible


@dataclass(frozen=True)
class Optimum:
    reachable: dict[str, int]  # per group: the most units each of its demands can get, summed
    max_min: Fraction  # the best worst fill rate over groups with reachable units
    best_score: float  # with no floor
    best_fair_score: float  # among plans where every group's fill is at least floor × max_min


def enumerate_plans(problem: Problem) -> list[tuple[list[int], float]]:
    """Every plan in whole units within capacities and needs: units per demand, and its score."""
    pairs = problem.pairs
    ranges = [range(min(problem.needs[p.demand], problem.capacities[p.resource]) + 1) for p in pairs]
    plans = []
    for quantities in itertools.product(*ranges):
        given_ = [0] * len(problem.capacities)
        received = [0] * len(problem.needs)
        for pair, q in zip(pairs, quantities, strict=True):
            given_[pair.resource] += q
            received[pair.demand] += q
        if all(g <= c for g, c in zip(given_, problem.capacities, strict=True)) and all(
            r <= n for r, n in zip(received, problem.needs, strict=True)
        ):
            plans.append((received, sum(p.score * q for p, q in zip(pairs, quantities, strict=True))))
    return plans


def brute_force(problem: Problem, floor: float) -> Optimum:
    plans = enumerate_plans(problem)
    reachable: dict[str, int] = defaultdict(int)
    for demand, group in enumerate(problem.groups):
        reachable[str(group)] += max(received[demand] for received, _ in plans)

    def fills(received: list[int]) -> list[Fraction]:
        allocated: dict[str, int] = defaultdict(int)
        for demand, group in enumerate(problem.groups):
            allocated[str(group)] += received[demand]
        return [Fraction(allocated[g], units) for g, units in reachable.items() if units]

    best_score = max(score for _, score in plans)
    if not any(reachable.values()):
        return Optimum(dict(reachable), Fraction(0), best_score, best_score)
    max_min = max(min(fills(received)) for received, _ in plans)
    promised = Fraction(floor) * max_min
    return Optimum(
        dict(reachable),
        max_min,
        best_score,
        max(score for received, score in plans if min(fills(received)) >= promised),
    )


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    demands = draw(st.integers(1, 4))
    resources = draw(st.integers(1, 3))
    all_pairs = [(d, r) for d in range(demands) for r in range(resources)]
    chosen = draw(st.lists(st.sampled_from(all_pairs), min_size=1, max_size=6, unique=True))
    score = st.integers(1, 10).map(lambda tenths: tenths / 10)
    return Problem.of(
        needs=draw(st.lists(st.integers(1, 3), min_size=demands, max_size=demands)),
        capacities=draw(st.lists(st.integers(0, 2), min_size=resources, max_size=resources)),
        groups=draw(st.lists(st.sampled_from("abc"), min_size=demands, max_size=demands)),
        pairs=[Pair(d, r, draw(score)) for d, r in chosen],
    )


@settings(max_examples=300, deadline=None, database=None)
@given(problem=problems(), floor=st.floats(0.05, 1.0))
def test_the_floor_holds_against_every_plan_in_whole_units(problem: Problem, floor: float) -> None:
    truth = brute_force(problem, floor)
    plan = allocate(problem, fairness_floor=floor)
    check_feasible(problem, plan)
    assert {str(fill.group): fill.reachable_units for fill in plan.fills} == truth.reachable
    if not any(truth.reachable.values()):
        assert plan.fairness is None and plan.no_guarantee == NoGuaranteeReason.NOTHING_REACHABLE
        return
    assert plan.fairness is not None and plan.no_guarantee is None
    assert plan.fairness.achievable == truth.max_min
    assert plan.fairness.guaranteed == Fraction(floor) * truth.max_min
    worst = min(Fraction(f.allocated, f.reachable_units) for f in plan.fills if f.reachable_units)
    assert worst >= plan.fairness.guaranteed  # exactly
    assert plan.min_fill is not None and plan.guaranteed_min_fill is not None
    assert plan.min_fill >= plan.guaranteed_min_fill  # and as the graph shows them
    assert plan.objective == pytest.approx(truth.best_fair_score, abs=1e-9)
    assert plan.price_of_fairness == pytest.approx(truth.best_score - truth.best_fair_score, abs=1e-9)


@settings(max_examples=100, deadline=None, database=None)
@given(problem=problems())
def test_without_a_floor_the_plan_is_the_best_scoring_one(problem: Problem) -> None:
    plan = allocate(problem)
    check_feasible(problem, plan)
    assert plan.no_guarantee == NoGuaranteeReason.NO_FLOOR and plan.fairness is None
    assert plan.objective == pytest.approx(max(score for _, score in enumerate_plans(problem)), abs=1e-9)
