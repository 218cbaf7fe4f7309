"""Does the fairness floor keep its promise where supply is short and districts are small?

    .venv/bin/python -m bench.matching_fairness [--seeds 5]

For each seed, a synthetic city (bench/matching_city.py, which states its assumptions) with
one unit per resource and few demands of 1-2 units, so that most district × category cells
hold 1-3 demands. Per category, each method allocates; reported as mean ± sd over seeds:

- expected successes: expected successful units against the hidden truth, summed over categories;
- worst district, pooled: the lowest over districts of (units allocated / units reachable), both
  summed over the categories;
- worst district per category: the lowest district fill of each category, averaged over them;
- score given up: the best total score (the plan without a floor) minus the method's;
- guarantee kept: category plans where minFillRate >= fairnessFloor × achievableMinFillRate.

Fill rates count reachable units only (a demand's need up to the units of the resources that
can serve it: what the plan reports); districts with none are left out. Methods: the plan
without a floor, with floors 0.5 and 1.0, the previous floor rule (the LP's fractional t* over
all need, rounded down per district: what the plan did before) at 1.0, greedy by arrival and
nearest first (bench/matching_quality.py).

    .venv/bin/python -m bench.matching_fairness --time [URL ...]

times the solver alone (`allocate`) for PROFESSIONAL_SERVICE of the `beijing` databases that
bench/matching_speed.py seeds (default: its SQLite files, 1× and 10×), as seeded and with every
resource cut to one unit (where the floor binds and a second LP is needed): wall and CPU time.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import statistics
import time
from collections import defaultdict
from collections.abc import Hashable

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix, vstack

from bench.matching_city import ASSUMPTIONS, City, build_city
from bench.matching_quality import category_problems, greedy
from bench.matching_speed import RESULTS
from datasources.columns import utcnow
from datasources.db import create_engine
from datasources.queries import candidates as q
from domain.enums import ResourceCategory
from domain.matching.allocation import Allocation, Problem, allocate
from domain.matching.plan import candidate_problem

RESOURCES = 120  # one unit each: scarcity 0.1 rounds every quantity down to the minimum, 1
DEMANDS = 110  # about 2.3 per district × category cell (16 × 3)
DEMAND_UNITS = (1, 2)
PREVIOUS = "previous rule, floor 1"
FLOOR_OF = {"plan, floor 0.5": 0.5, "plan, floor 1": 1.0, PREVIOUS: 1.0}
Flows = list[tuple[int, int, int]]


def scarce_city(seed: int) -> City:
    return build_city(
        seed, resources=RESOURCES, demands=DEMANDS, providers=60, scarcity=0.1, demand_units=DEMAND_UNITS
    )


def previous_floor_rule(problem: Problem, floor: float) -> Flows:
    """The rule this plan replaced: t* of the LP over each district's whole need, then at least
    floor(f · t* · need) units per district (rounded down), then the best score."""
    count = len(problem.score)
    columns, ones = np.arange(count), np.ones(count)
    groups = {g: i for i, g in enumerate(dict.fromkeys(problem.groups))}
    group_of = np.array([groups[g] for g in problem.groups])
    needs, capacities = np.asarray(problem.needs, float), np.asarray(problem.capacities, float)
    capacity_rows = vstack(
        [
            coo_matrix((ones, (problem.resource_of, columns)), shape=(len(capacities), count)),
            coo_matrix((ones, (problem.demand_of, columns)), shape=(len(needs), count)),
        ]
    )
    by_group = coo_matrix((ones, (group_of[problem.demand_of], columns)), shape=(len(groups), count)).tocsr()
    bounds = np.concatenate([capacities, needs])
    upper = np.minimum(needs[problem.demand_of], capacities[problem.resource_of])
    need = np.bincount(group_of, weights=needs, minlength=len(groups))
    reached = np.flatnonzero(np.bincount(group_of[problem.demand_of], minlength=len(groups)))
    # Stage 1: maximise t with t · need_g <= allocated_g for the districts with a pair.
    stage_one = linprog(
        np.append(np.zeros(count), -1.0),
        A_ub=np.vstack(
            [
                np.hstack([capacity_rows.toarray(), np.zeros((len(bounds), 1))]),
                np.hstack([-by_group[reached].toarray(), need[reached].reshape(-1, 1)]),
            ]
        ),
        b_ub=np.concatenate([bounds, np.zeros(len(reached))]),
        bounds=np.column_stack([np.zeros(count + 1), np.append(upper, 1.0)]),
        method="highs",
    )
    lower = np.zeros(len(groups))
    lower[reached] = np.floor(floor * stage_one.x[-1] * need[reached] + 1e-6)
    while True:
        result = linprog(
            -problem.score,
            A_ub=vstack([capacity_rows, -by_group]).tocsr(),
            b_ub=np.concatenate([bounds, -lower]),
            bounds=np.column_stack([np.zeros(count), upper]),
            method="highs-ds",
        )
        if result.status == 0:
            break
        lower = np.maximum(lower - 1, 0)  # as it did when rounding made stage 2 infeasible
    quantities = np.floor(result.x + 1e-6)
    return [
        (int(problem.demand_of[i]), int(problem.resource_of[i]), int(quantities[i]))
        for i in np.flatnonzero(quantities > 0)
    ]


def _flows(allocation: Allocation) -> Flows:
    return [(f.demand, f.resource, f.quantity) for f in allocation.flows]


def one_seed(seed: int) -> tuple[dict[str, list[float]], dict[str, float]]:
    """Per method: expected successes, worst pooled fill, mean worst fill per category, score given
    up, category plans keeping the guarantee; and the city's shape."""
    city = scarce_city(seed)
    categories = sorted({need.category for need in city.needs})
    expected: dict[str, float] = defaultdict(float)
    score: dict[str, float] = defaultdict(float)
    worst_per_category: dict[str, float] = defaultdict(float)
    kept: dict[str, float] = defaultdict(float)
    allocated: dict[str, dict[Hashable, int]] = defaultdict(lambda: defaultdict(int))
    reachable: dict[Hashable, int] = defaultdict(int)
    best_score = 0.0
    for category in categories:
        needs, offers, full, ours, arrival, nearest = category_problems(city, category)
        pairs = full.pairs
        plain = allocate(ours)
        plans = {"plan, no floor": plain} | {
            name: allocate(ours, f) for name, f in FLOOR_OF.items() if name != PREVIOUS
        }
        methods: dict[str, Flows] = {name: _flows(plan) for name, plan in plans.items()}
        methods[PREVIOUS] = previous_floor_rule(ours, 1.0)
        methods["greedy by arrival"] = greedy(full, pairs, arrival)
        methods["nearest first"] = greedy(full, pairs, nearest)
        fills = {fill.group: fill.reachable_units for fill in allocate(full).fills}
        achievable = plans["plan, floor 1"].achievable_min_fill or 0.0
        for district, units in fills.items():
            reachable[district] += units
        best_score += plain.objective
        scores = {(p.demand, p.resource): p.score for p in pairs}
        for name, flows in methods.items():
            given: dict[Hashable, int] = defaultdict(int)
            for d, r, units in flows:
                given[needs[d].place.district_id] += units
                expected[name] += units * city.success(needs[d], offers[r])
                score[name] += units * scores[d, r]
            for district, units in given.items():
                allocated[name][district] += units
            rates = [given[d] / units for d, units in fills.items() if units]
            worst = min(rates) if rates else 1.0
            worst_per_category[name] += worst / len(categories)
            # Kept: no district below floor × the exact t* (for the previous rule, 1 × t*).
            if name in FLOOR_OF:
                kept[name] += worst >= FLOOR_OF[name] * achievable - 1e-12
    results = {}
    for name in expected:
        pooled = min(allocated[name][d] / units for d, units in reachable.items() if units)
        results[name] = [
            expected[name],
            pooled,
            worst_per_category[name],
            best_score - score[name],
            kept.get(name, float("nan")),
        ]
    return results, shape(city) | {"best score": best_score}


def shape(city: City) -> dict[str, float]:
    """How small the cells are: the share of non-empty district × category cells with 1-3 demands,
    and units of supply per unit of need."""
    cells: dict[tuple[int, str], int] = defaultdict(int)
    for need in city.needs:
        cells[need.place.district_id, need.category] += 1
    small = sum(1 for count in cells.values() if count <= 3) / len(cells)
    supply = sum(offer.remaining for offer in city.offers) / sum(need.remaining for need in city.needs)
    return {"cells": len(cells), "small": small, "supply": supply}


def mean_sd(values: list[float], digits: int = 3) -> str:
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{statistics.mean(values):.{digits}f} ± {sd:.{digits}f}"


def main(seeds: int) -> None:
    print(ASSUMPTIONS)
    started = time.perf_counter()
    runs = [one_seed(seed) for seed in range(1, seeds + 1)]
    elapsed = time.perf_counter() - started
    shapes = [s for _, s in runs]
    low, high = DEMAND_UNITS
    cells = statistics.mean(s["cells"] for s in shapes)
    print(
        f"\nScarce city: {RESOURCES} resources of 1 unit, {DEMANDS} demands of {low}-{high} units; "
        f"supply / need {mean_sd([s['supply'] for s in shapes], 2)}; "
        f"{mean_sd([s['small'] * 100 for s in shapes], 0)} % of the {cells:.0f} non-empty district × "
        f"category cells hold 1-3 demands; best total score {mean_sd([s['best score'] for s in shapes], 2)}; "
        f"{seeds} seeds, mean ± sd ({elapsed:.1f} s)"
    )
    header = (
        "method",
        "expected successes",
        "worst district, pooled",
        "worst per category",
        "score given up",
        "kept",
    )
    print(f"{header[0]:24} {header[1]:>19} {header[2]:>23} {header[3]:>19} {header[4]:>15} {header[5]:>5}")
    for name in runs[0][0]:
        columns = [[run[name][i] for run, _ in runs] for i in range(5)]
        kept = "" if np.isnan(columns[4][0]) else f"{sum(columns[4]):.0f}/{3 * seeds}"
        print(
            f"{name:24} {mean_sd(columns[0], 2):>19} {mean_sd(columns[1]):>23} {mean_sd(columns[2]):>19} "
            f"{mean_sd(columns[3], 2):>15} {kept:>5}"
        )


async def category_problem(url: str) -> Problem:
    """The allocation problem of PROFESSIONAL_SERVICE over a whole seeded city, as the plan reads it."""
    engine = create_engine(url)
    category, now = ResourceCategory.PROFESSIONAL_SERVICE, utcnow()
    try:
        async with engine.connect() as connection:
            needs = await q.fetch_needs(connection, *q.live_need_conditions({category}, ()))
            offers = await q.fetch_offers(
                connection,
                *q.live_offer_conditions({category}, now),
                *q.offers_reaching([need.place for need in needs]),
            )
            blocked = await q.fetch_blocked(
                connection, demand_ids=q.demand_ids_where(*q.live_need_conditions({category}, ()))
            )
    finally:
        await engine.dispose()
    return candidate_problem(needs, offers, now, blocked)


def time_solver(urls: list[str]) -> None:
    for url in urls:
        seeded = asyncio.run(category_problem(url))
        demands, resources, pairs = len(seeded.needs), len(seeded.capacities), len(seeded.score)
        print(f"\n{url}: {demands:,} demands, {resources:,} resources, {pairs:,} pairs")
        one_unit = dataclasses.replace(seeded, capacities=[1] * len(seeded.capacities))
        for supply, problem in (("as seeded", seeded), ("1 unit per resource", one_unit)):
            for floor in (None, 0.5, 1.0):
                started, cpu = time.perf_counter(), time.process_time()
                plan = allocate(problem, floor)
                wall, cpu = time.perf_counter() - started, time.process_time() - cpu
                figures = f"min fill {plan.min_fill:.3f}, price of fairness {plan.price_of_fairness or 0:.2f}"
                print(f"  {supply:20} floor {floor or '-':>4}  {wall:6.2f} s  CPU {cpu:6.2f} s  ({figures})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument(
        "--time", nargs="*", metavar="URL", help="time the solver on seeded databases instead"
    )
    arguments = parser.parse_args()
    if arguments.time is None:
        main(arguments.seeds)
    else:
        default = [
            f"sqlite+aiosqlite:///{RESULTS / name}"
            for name in ("matching-beijing.db", "matching-beijing-x10.db")
        ]
        time_solver(arguments.time or default)
