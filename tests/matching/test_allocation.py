"""The allocation plan's solver: capacities, needs, optimality and the fairness floor."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import pytest

from domain.matching.allocation import NoGuaranteeReason, Pair, Problem, allocate


def check_feasible(problem: Problem, allocation) -> None:  # type: ignore[no-untyped-def]
    given = [0] * len(problem.capacities)
    received = [0] * len(problem.needs)
    pairs = {(p.demand, p.resource) for p in problem.pairs}
    for flow in allocation.flows:
        assert (flow.demand, flow.resource) in pairs  # only candidate pairs
        assert isinstance(flow.quantity, int) and flow.quantity > 0
        given[flow.resource] += flow.quantity
        received[flow.demand] += flow.quantity
    assert all(g <= c for g, c in zip(given, problem.capacities, strict=True))
    assert all(r <= n for r, n in zip(received, problem.needs, strict=True))


def greedy_by_score(problem: Problem) -> float:
    """Take the best pair first, as much as fits: what a planner without a solver does."""
    left, need = list(problem.capacities), list(problem.needs)
    total = 0.0
    for pair in sorted(problem.pairs, key=lambda p: -p.score):
        quantity = min(left[pair.resource], need[pair.demand])
        left[pair.resource] -= quantity
        need[pair.demand] -= quantity
        total += quantity * pair.score
    return total


def brute_force(problem: Problem) -> float:
    ranges = [range(min(problem.needs[p.demand], problem.capacities[p.resource]) + 1) for p in problem.pairs]
    best = 0.0
    for quantities in itertools.product(*ranges):
        given = [0] * len(problem.capacities)
        received = [0] * len(problem.needs)
        for pair, q in zip(problem.pairs, quantities, strict=True):
            given[pair.resource] += q
            received[pair.demand] += q
        if all(g <= c for g, c in zip(given, problem.capacities, strict=True)) and all(
            r <= n for r, n in zip(received, problem.needs, strict=True)
        ):
            best = max(best, sum(p.score * q for p, q in zip(problem.pairs, quantities, strict=True)))
    return best


def test_the_plan_beats_greedy_where_greedy_takes_the_shared_resource_first() -> None:
    # r0 suits both demands, r1 only demand 0: greedy gives r0 to demand 0 and strands demand 1.
    problem = Problem.of(
        needs=[1, 1],
        capacities=[1, 1],
        groups=["a", "a"],
        pairs=[Pair(0, 0, 0.9), Pair(1, 0, 0.8), Pair(0, 1, 0.7)],
    )
    allocation = allocate(problem)
    check_feasible(problem, allocation)
    assert greedy_by_score(problem) == pytest.approx(0.9)
    assert allocation.objective == pytest.approx(1.5)
    assert {(f.demand, f.resource) for f in allocation.flows} == {(0, 1), (1, 0)}


@pytest.mark.parametrize("seed", range(12))
def test_the_plan_is_optimal_and_within_every_capacity_and_need(seed: int) -> None:
    rng = random.Random(seed)
    needs = [rng.randint(1, 3) for _ in range(3)]
    capacities = [rng.randint(1, 3) for _ in range(3)]
    pairs = [
        Pair(d, r, round(rng.uniform(0.1, 1.0), 3)) for d in range(3) for r in range(3) if rng.random() < 0.6
    ]
    problem = Problem.of(needs, capacities, ["a", "b", "a"], pairs)
    allocation = allocate(problem)
    check_feasible(problem, allocation)
    assert allocation.objective == pytest.approx(brute_force(problem), abs=1e-9)
    assert allocation.objective >= greedy_by_score(problem) - 1e-9


def central_and_peripheral() -> Problem:
    """Four central demands score higher on the two shared resources than the outer one."""
    pairs = [Pair(d, r, 0.9) for d in range(4) for r in range(2)] + [Pair(4, 0, 0.5), Pair(4, 1, 0.4)]
    return Problem.of(
        needs=[2, 2, 2, 2, 2], capacities=[4, 4], groups=["central"] * 4 + ["outer"], pairs=pairs
    )


def test_without_a_floor_the_central_district_takes_everything() -> None:
    allocation = allocate(central_and_peripheral())
    rates = {fill.group: fill.rate for fill in allocation.fills}
    assert rates == {"central": 1.0, "outer": 0.0}
    assert allocation.min_fill == 0.0


def test_a_fairness_floor_raises_the_worst_district_at_a_price() -> None:
    problem = central_and_peripheral()
    plain = allocate(problem)
    fair = allocate(problem, fairness_floor=1.0)
    check_feasible(problem, fair)
    # 8 units for 10 needed: 0.8 each would need 1.6 units for the outer demand; in whole units
    # the best worst fill is 6/8 in the centre with 2/2 outside.
    assert fair.achievable_min_fill == 0.75 and fair.guaranteed_min_fill == 0.75
    assert fair.fairness is not None and fair.fairness.achievable == Fraction(3, 4)
    rates = {fill.group: fill.rate for fill in fair.fills}
    assert rates == {"central": 0.75, "outer": 1.0}
    assert fair.min_fill > plain.min_fill
    assert fair.objective < plain.objective  # fairness costs score, never capacity
    assert fair.price_of_fairness == pytest.approx(plain.objective - fair.objective)
    assert fair.price_of_fairness == pytest.approx(2 * (0.9 - 0.5))  # the outer units from r0
    assert fair.units == plain.units == 8
    half = allocate(problem, fairness_floor=0.5)
    assert half.guaranteed_min_fill == 0.375 and half.min_fill >= 0.375  # the outer district: 1 of 2
    assert plain.min_fill <= half.min_fill <= fair.min_fill
    assert plain.price_of_fairness is None and plain.no_guarantee == NoGuaranteeReason.NO_FLOOR


def test_a_small_district_gets_its_share_rather_than_a_rounded_down_zero() -> None:
    # Three one-unit resources for five central one-unit demands and one outer: a floor rounded
    # down per district (floor(0.5 x 1) = 0) would leave the outer demand with nothing.
    pairs = [Pair(d, r, 0.9) for d in range(5) for r in range(3)] + [Pair(5, r, 0.2) for r in range(3)]
    problem = Problem.of([1] * 6, [1, 1, 1], ["central"] * 5 + ["outer"], pairs)
    fair = allocate(problem, fairness_floor=1.0)
    fills = {fill.group: fill for fill in fair.fills}
    assert fills["outer"].allocated == 1 and fills["central"].allocated == 2
    assert fair.achievable_min_fill == pytest.approx(0.4) and fair.min_fill == pytest.approx(0.4)
    assert allocate(problem).min_fill == 0.0


def test_fill_rates_count_only_what_some_resource_can_reach() -> None:
    # District a has six one-unit demands, two of which r0 (2 units) reaches; b has one that r1
    # reaches. Counted against all six, a could reach 1/3 at best and would cap everyone there.
    pairs = [Pair(0, 0, 0.5), Pair(1, 0, 0.5), Pair(6, 1, 0.9)]
    problem = Problem.of([1] * 7, [2, 3], ["a"] * 6 + ["b"], pairs)
    fair = allocate(problem, fairness_floor=1.0)
    fills = {fill.group: fill for fill in fair.fills}
    assert (fills["a"].needed, fills["a"].reachable_units, fills["a"].unreachable_units) == (6, 2, 4)
    assert fills["a"].rate == 1.0 and fills["b"].rate == 1.0
    assert fair.achievable_min_fill == 1.0 and fair.unreachable_units == 4


def test_a_demand_reaches_no_more_than_the_units_of_its_resources() -> None:
    problem = Problem.of([5, 1], [2], ["a", "b"], [Pair(0, 0, 0.9), Pair(1, 0, 0.1)])
    fills = {fill.group: fill for fill in allocate(problem, fairness_floor=1.0).fills}
    assert (fills["a"].reachable_units, fills["a"].unreachable_units) == (2, 3)
    assert (fills["a"].allocated, fills["b"].allocated) == (1, 1)  # 1/2 each: the best worst fill


def test_districts_nothing_can_reach_do_not_pin_the_floor_to_zero() -> None:
    problem = Problem.of(
        needs=[2, 2, 3],
        capacities=[4],
        groups=["a", "b", "nowhere"],
        pairs=[Pair(0, 0, 0.9), Pair(1, 0, 0.3)],
    )
    fair = allocate(problem, fairness_floor=1.0)
    fills = {fill.group: fill for fill in fair.fills}
    assert fills["nowhere"].reachable_units == 0 and fills["nowhere"].unreachable_units == 3
    assert fair.achievable_min_fill == pytest.approx(1.0)
    assert fills["b"].allocated == 2
    assert fair.no_guarantee is None and fair.price_of_fairness == pytest.approx(0.0)


def test_floors_of_large_districts_are_exact_whatever_the_float() -> None:
    # 0.7 is 3152519739159347 / 2**52 as a float: its products with thousands of units pass int64.
    problem = Problem.of([3000, 5000], [7999], ["a", "b"], [Pair(0, 0, 0.9), Pair(1, 0, 0.1)])
    fair = allocate(problem, fairness_floor=0.7)
    assert fair.fairness is not None and fair.fairness.achievable == Fraction(4999, 5000)
    assert fair.min_fill is not None and fair.guaranteed_min_fill is not None
    assert fair.min_fill >= fair.guaranteed_min_fill
    assert {fill.group: fill.allocated for fill in fair.fills} == {"a": 3000, "b": 4999}


def test_a_floor_that_costs_nothing_has_no_price() -> None:
    problem = Problem.of([1, 1], [1, 1], ["a", "b"], [Pair(0, 0, 0.9), Pair(1, 1, 0.8)])
    fair = allocate(problem, fairness_floor=1.0)
    assert fair.price_of_fairness == 0.0 and fair.min_fill == 1.0


def test_an_empty_problem_has_an_empty_plan() -> None:
    allocation = allocate(Problem.of(needs=[3], capacities=[], groups=["a"], pairs=[]), fairness_floor=1.0)
    assert allocation.flows == [] and allocation.min_fill is None and allocation.fills[0].needed == 3
    assert allocation.no_guarantee == NoGuaranteeReason.NOTHING_REACHABLE
    assert allocation.guaranteed_min_fill is None
