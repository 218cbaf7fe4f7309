"""How good are the suggestions and the allocation plan, against a hidden ground truth?

    .venv/bin/python -m bench.matching_quality [--seeds 5]

For each seed, builds a synthetic city (bench/matching_city.py, which states its assumptions),
then reports, as mean ± sd over the seeds:

- ranking: precision@5 and NDCG@5 of the 5 resources suggested to each demand, for a random
  order of the feasible resources, nearest first, category/tag fit only, ours, and an oracle
  that knows the truth (but, like us, only sees feasible pairs by their labels);
- allocation, with less supply than need: expected successful units, the worst district's fill
  rate and the mean distance, for greedy by arrival, nearest first, ours (the plan maximising the
  total score) and ours with a fairness floor of 1.
Every method sees the same observed data and the same hard filters (the production code's).
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
from collections import defaultdict
from collections.abc import Callable, Sequence

import numpy as np

from bench.matching_city import ASSUMPTIONS, NOW, RELEVANT, City, build_city
from domain.geo import haversine_km
from domain.matching.allocation import Allocation, Pair, Problem, allocate
from domain.matching.model import Need, Offer
from domain.matching.plan import candidate_problem
from domain.matching.pools import OfferPool
from domain.matching.scoring import tag_fit

K = 5
EVALUATED = 300  # demands per city whose suggestions are judged
FAIRNESS_FLOOR = 1.0
SCARCITY = 0.35  # resource quantities scaled down for the allocation: supply below need


def dcg(gains: Sequence[float]) -> float:
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


Ranker = Callable[[Need, list[Offer], np.ndarray, np.ndarray], list[Offer]]


def rank_random(rng: random.Random) -> Ranker:
    def rank(_need: Need, feasible: list[Offer], _scores: np.ndarray, _km: np.ndarray) -> list[Offer]:
        return rng.sample(feasible, min(K, len(feasible)))

    return rank


def rank_nearest(_need: Need, feasible: list[Offer], _scores: np.ndarray, km: np.ndarray) -> list[Offer]:
    order = sorted(range(len(feasible)), key=lambda i: (np.nan_to_num(km[i], nan=1e9), feasible[i].id))
    return [feasible[i] for i in order[:K]]


def rank_category(need: Need, feasible: list[Offer], _scores: np.ndarray, _km: np.ndarray) -> list[Offer]:
    """The category and its tags alone (what most platforms do), ties by id."""
    order = sorted(feasible, key=lambda o: (-tag_fit(need.tags, o.tags)[0], o.id))
    return order[:K]


def rank_ours(_need: Need, feasible: list[Offer], scores: np.ndarray, _km: np.ndarray) -> list[Offer]:
    order = sorted(range(len(feasible)), key=lambda i: (-scores[i], feasible[i].id))
    return [feasible[i] for i in order[:K]]


def rank_oracle(city: City) -> Ranker:
    def rank(need: Need, feasible: list[Offer], _scores: np.ndarray, _km: np.ndarray) -> list[Offer]:
        return sorted(feasible, key=lambda o: (-city.success(need, o), o.id))[:K]

    return rank


def ranking_quality(seed: int) -> dict[str, tuple[float, float]]:
    city = build_city(seed)
    pool = OfferPool(city.offers, NOW)
    rng = random.Random(seed)
    rankers: dict[str, Ranker] = {
        "random feasible": rank_random(rng),
        "nearest first": rank_nearest,
        "category/tag fit only": rank_category,
        "ours": rank_ours,
        "oracle (feasible)": rank_oracle(city),
    }
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    judged = 0
    for need in rng.sample(city.needs, EVALUATED):
        truth = sorted((city.success(need, o) for o in city.offers), reverse=True)
        ideal = dcg(truth[:K])
        if ideal == 0:
            continue  # nothing anywhere could meet it: no ranking can be judged
        judged += 1
        positions, km = pool.feasible(need)
        scores = pool.scores(need, positions, km)
        feasible = [pool.items[i] for i in positions]
        for name, rank in rankers.items():
            chosen = rank(need, feasible, scores, km)
            gains = [city.success(need, o) for o in chosen]
            sums[name][0] += sum(g >= RELEVANT for g in gains) / K
            sums[name][1] += dcg(gains) / ideal
    return {name: (p / judged, n / judged) for name, (p, n) in sums.items()}


# Allocation ---------------------------------------------------------------------------------


def greedy(problem: Problem, pairs: list[Pair], order: list[int]) -> list[tuple[int, int, int]]:
    """Pairs taken one by one in `order` (indexes into `pairs`), as much as fits."""
    left, need = list(problem.capacities), list(problem.needs)
    flows = []
    for index in order:
        pair = pairs[index]
        quantity = min(left[pair.resource], need[pair.demand])
        if quantity > 0:
            left[pair.resource] -= quantity
            need[pair.demand] -= quantity
            flows.append((pair.demand, pair.resource, quantity))
    return flows


def allocation_figures(
    city: City, needs: list[Need], offers: list[Offer], pairs: list[Pair], flows: list[tuple[int, int, int]]
) -> tuple[float, float, float]:
    """Expected successful units, worst district fill rate (districts any pair reaches), mean km."""
    expected = sum(q * city.success(needs[d], offers[r]) for d, r, q in flows)
    needed: dict[int, int] = defaultdict(int)
    given: dict[int, int] = defaultdict(int)
    for need in needs:
        needed[need.place.district_id] += need.remaining
    for d, _, q in flows:
        given[needs[d].place.district_id] += q
    reachable = {needs[p.demand].place.district_id for p in pairs}
    worst = min(given[district] / needed[district] for district in reachable)
    units = sum(q for _, _, q in flows)
    km = sum(q * _km(needs[d], offers[r]) for d, r, q in flows) / units if units else 0.0
    return expected, worst, km


def _km(need: Need, offer: Offer) -> float:
    return haversine_km(need.place.lat, need.place.lon, offer.place.lat, offer.place.lon)  # type: ignore[arg-type]


def _flows(allocation: Allocation) -> list[tuple[int, int, int]]:
    return [(f.demand, f.resource, f.quantity) for f in allocation.flows]


def category_problems(
    city: City, category: str
) -> tuple[list[Need], list[Offer], Problem, Problem, list[int], list[int]]:
    """One category's needs and offers, its problem with every feasible pair (for the baselines)
    and the production problem (capped pairs, for ours), and the baselines' orders of the pairs:
    by the demand's arrival, and nearest first."""
    needs = [n for n in city.needs if n.category == category]
    offers = [o for o in city.offers if o.category == category]
    full = candidate_problem(needs, offers, NOW, per_demand=len(offers))
    ours = candidate_problem(needs, offers, NOW)
    pairs = full.pairs
    arrival = sorted(range(len(pairs)), key=lambda i: (needs[pairs[i].demand].created_at, -pairs[i].score))
    nearest = sorted(range(len(pairs)), key=lambda i: _km(needs[pairs[i].demand], offers[pairs[i].resource]))
    return needs, offers, full, ours, arrival, nearest


def allocation_quality(seed: int) -> dict[str, tuple[float, float, float]]:
    city = build_city(seed, scarcity=SCARCITY)
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    categories = sorted({need.category for need in city.needs})
    for category in categories:
        needs, offers, full, ours, arrival, nearest = category_problems(city, category)
        pairs = full.pairs
        methods = {
            "greedy by arrival": greedy(full, pairs, arrival),
            "nearest first": greedy(full, pairs, nearest),
            "ours (max total score)": _flows(allocate(ours)),
            f"ours + fairness floor {FAIRNESS_FLOOR:g}": _flows(allocate(ours, FAIRNESS_FLOOR)),
        }
        for name, flows in methods.items():
            expected, worst, km = allocation_figures(city, needs, offers, pairs, flows)
            totals[name][0] += expected
            totals[name][1] += worst / len(categories)  # mean over categories of the worst district
            totals[name][2] += km / len(categories)
    return {name: (e, w, k) for name, (e, w, k) in totals.items()}


def mean_sd(values: list[float]) -> str:
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{statistics.mean(values):7.3f} ± {sd:5.3f}"


def main(seeds: int) -> None:
    print(ASSUMPTIONS)
    print(f"\nRanking: {EVALUATED} demands per city, {seeds} seeds (mean ± sd over seeds)")
    runs = [ranking_quality(seed) for seed in range(1, seeds + 1)]
    print(f"{'method':28} {'precision@5':>17} {'NDCG@5':>17}")
    for name in runs[0]:
        precision = [run[name][0] for run in runs]
        ndcg = [run[name][1] for run in runs]
        print(f"{name:28} {mean_sd(precision):>17} {mean_sd(ndcg):>17}")
    print(f"\nAllocation: resource quantities x{SCARCITY:g} (supply below need), 3 categories, {seeds} seeds")
    print("(expected successful units summed over categories; worst-district fill rate and mean km")
    print(" averaged over categories)")
    plans = [allocation_quality(seed) for seed in range(1, seeds + 1)]
    print(f"{'method':28} {'expected successes':>19} {'min district fill':>19} {'mean km':>17}")
    for name in plans[0]:
        columns = [mean_sd([plan[name][i] for plan in plans]) for i in range(3)]
        print(f"{name:28} {columns[0]:>19} {columns[1]:>19} {columns[2]:>17}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    main(parser.parse_args().seeds)
