"""A synthetic city with a hidden ground truth, for judging matching offline.

The generator has its own seed. It knows things the platform never sees: each provider's true
quality and propensity to accept, each resource's true service (its category label is wrong
for some), and from those the probability that a proposed pair ends in a completed, well-done
engagement. What the scorer sees are labels, tags, places, windows and a sparse, noisy track
record drawn from the hidden quality. `ASSUMPTIONS` states all of it; the benchmarks print it
next to their numbers, because synthetic results show consistency, not real-world validity.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from datasources.seed.districts import district_rows
from datasources.seed.vocabulary import CENTRAL_DISTRICTS
from domain.geo import haversine_km
from domain.matching.filters import serves, windows_overlap
from domain.matching.model import Need, Offer, Party, Place, Track
from domain.matching.scoring import BROADER_GROUPS

NOW = datetime(2026, 11, 28, 8, tzinfo=UTC)
CATEGORIES = ("PROFESSIONAL_SERVICE", "MATERIAL", "VENUE")
# Four services per category, each with its tags and the groups it is for.
SERVICES = {
    "PROFESSIONAL_SERVICE": (
        ("心理 心理咨询 情绪疏导", "WOMEN FAMILIES"),
        ("法律 维权 法律咨询", "WOMEN DOMESTIC_VIOLENCE_SURVIVORS"),
        ("家庭教育 亲子 儿童", "FAMILIES CHILDREN"),
        ("健康 两癌筛查 女性健康", "WOMEN ELDERLY_WOMEN"),
    ),
    "MATERIAL": (
        ("物资 生活用品 帮扶", "FAMILIES SINGLE_MOTHERS"),
        ("物资 图书 阅读", "CHILDREN"),
        ("物资 衣物 御寒", "ELDERLY_WOMEN FAMILIES"),
        ("物资 母婴 婴幼儿", "FAMILIES WOMEN"),
    ),
    "VENUE": (
        ("场地 活动室 会议", "GENERAL"),
        ("母婴室 哺乳 场地", "WOMEN FAMILIES"),
        ("场地 培训 教室", "WOMEN"),
        ("场地 儿童 亲子", "CHILDREN FAMILIES"),
    ),
}
MISLABELLED = 0.10  # share of resources filed under a wrong category (their tags stay true)
INACTIVE = 0.08  # share of providers suspended or exited
CENTRAL_SUPPLY = 0.70  # share of resources in the 6 central districts (of 16)
CENTRAL_NEED = 0.45  # share of demands there
TRAVEL_KM = 6.0  # the hidden affinity halves every ~4 km (e-fold per TRAVEL_KM)
RELEVANT = 0.20  # a pair is "relevant" (for precision) when it succeeds with at least this chance

ASSUMPTIONS = f"""Generator assumptions (synthetic city; consistency, not real-world validity):
- Beijing's 16 district centres; sub-districts scattered 4 km (central) or 12 km (outer) around
  them; {CENTRAL_SUPPLY:.0%} of resources but {CENTRAL_NEED:.0%} of demands in the 6 central districts.
- 3 categories x 4 services; a resource has one true service; {MISLABELLED:.0%} carry a wrong
  category label (tags stay true); demands are labelled correctly and carry 1-3 of their service's tags.
- Providers: hidden quality q ~ Beta(4,2) and acceptance propensity a ~ Beta(4,2), independent;
  {INACTIVE:.0%} are suspended (they accept nothing).
- Observed track record: 0-20 ratings (most providers have few), each round(1 + 4q + N(0, 0.9))
  clipped to 1..5; settled engagements ~ Poisson(1 + ratings/2), completed ~ Binomial(settled, 0.4 + 0.6a).
- Hidden success probability of a pair = a x q x affinity, affinity = service match (same service 1,
  same category 0.35, else 0) x (0.3 + 0.7 exp(-km/{TRAVEL_KM:g})) x group fit (exact 1, broader 0.85,
  general 0.75, other 0.5); 0 if the provider does not serve the place or the windows do not meet.
- "Relevant" for precision@5: success probability >= {RELEVANT}; NDCG@5 gains are the probabilities,
  the ideal over all resources whatever their label."""


@dataclass
class City:
    needs: list[Need]
    offers: list[Offer]
    service: dict[tuple[str, int], tuple[str, int]] = field(
        default_factory=dict
    )  # (side, id) -> true service
    quality: dict[int, float] = field(default_factory=dict)  # provider id -> q
    accepts: dict[int, float] = field(default_factory=dict)  # provider id -> a

    def success(self, need: Need, offer: Offer) -> float:
        """The hidden probability that proposing this pair ends in a completed, good engagement."""
        if not offer.party.active or not serves(offer, need.place) or not windows_overlap(need, offer, NOW):
            return 0.0
        if offer.remaining <= 0:
            return 0.0
        wanted, offered = self.service[("need", need.id)], self.service[("offer", offer.id)]
        match = 1.0 if wanted == offered else (0.35 if wanted[0] == offered[0] else 0.0)
        if match == 0.0:
            return 0.0
        km = haversine_km(need.place.lat, need.place.lon, offer.place.lat, offer.place.lon)  # type: ignore[arg-type]
        near = 0.3 + 0.7 * math.exp(-km / TRAVEL_KM)
        provider = offer.party.id
        return self.accepts[provider] * self.quality[provider] * match * near * _group_fit(need, offer)


def _group_fit(need: Need, offer: Offer) -> float:
    groups = offer.target_groups or {"GENERAL"}
    if need.target_group in groups:
        return 1.0
    if any(need.target_group in BROADER_GROUPS.get(g, ()) for g in groups):
        return 0.85
    return 0.75 if "GENERAL" in groups or need.target_group == "GENERAL" else 0.5


def _places(rng: random.Random) -> tuple[dict[int, list[tuple[str, float, float]]], list[int], list[int]]:
    subdistricts: dict[int, list[tuple[str, float, float]]] = {}
    central, outer = [], []
    for row in district_rows():
        is_central = row["code"] in CENTRAL_DISTRICTS
        (central if is_central else outer).append(row["id"])
        spread = 4.0 if is_central else 12.0
        subdistricts[row["id"]] = [
            (f"{row['name']}{n}街道", *_near(rng, row["lat"], row["lon"], spread))
            for n in range(max(4, row["subdistrict_count"] // 3))
        ]
    return subdistricts, central, outer


def _near(rng: random.Random, lat: float, lon: float, km: float) -> tuple[float, float]:
    distance, bearing = km * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
    return (
        lat + distance * math.cos(bearing) / 111.0,
        lon + distance * math.sin(bearing) / (111.0 * math.cos(math.radians(lat))),
    )


def build_city(
    seed: int,
    *,
    resources: int = 900,
    demands: int = 700,
    providers: int = 300,
    scarcity: float = 1.0,
    demand_units: tuple[int, int] = (1, 6),
) -> City:
    """A city; `scarcity` scales resource quantities (below 1: less supply than need, at least one
    unit each); each demand needs a number of units drawn from `demand_units`."""
    rng = random.Random(seed)
    subdistricts, central, outer = _places(rng)

    def spot(central_share: float) -> Place:
        district = rng.choice(central if rng.random() < central_share else outer)
        name, lat, lon = rng.choice(subdistricts[district])
        return Place(district, name, *_near(rng, lat, lon, 2.0))

    city = City([], [])
    parties = []
    for pk in range(1, providers + 1):
        q, a = rng.betavariate(4, 2), rng.betavariate(4, 2)
        city.quality[pk], city.accepts[pk] = q, a
        count = rng.choice((0, 0, 1, 1, 2, 3, 5, 8, 13, 20))
        ratings = [min(5, max(1, round(1 + 4 * q + rng.gauss(0, 0.9)))) for _ in range(count)]
        settled = _poisson(rng, 1 + count / 2)
        completed = sum(rng.random() < 0.4 + 0.6 * a for _ in range(settled))
        active = rng.random() >= INACTIVE
        if not active:
            city.accepts[pk] = 0.0
        track = Track(count, sum(ratings), completed, settled - completed)
        parties.append(Party("ORGANIZATION", pk, active=active, track=track))
    for pk in range(1, resources + 1):
        category = rng.choice(CATEGORIES)
        index = rng.randrange(4)
        tags, groups = SERVICES[category][index]
        label = (
            category if rng.random() >= MISLABELLED else rng.choice([c for c in CATEGORIES if c != category])
        )
        start = (
            NOW - timedelta(days=rng.uniform(0, 60))
            if rng.random() < 0.9
            else NOW + timedelta(days=rng.uniform(10, 60))
        )
        quantity = max(1, round(rng.randint(2, 10) * scarcity))
        place = spot(CENTRAL_SUPPLY)
        place = Place(place.district_id, None, place.lat, place.lon)  # organizations: no sub-district known
        city.offers.append(
            Offer(
                id=pk,
                category=label,
                status="PUBLISHED",
                party=rng.choice(parties),
                place=place,
                quantity=quantity,
                quantity_committed=0,
                service_district_ids=frozenset(rng.sample(central + outer, rng.randint(1, 2)))
                if rng.random() < 0.2
                else frozenset(),
                service_radius_km=float(rng.randint(3, 30)),
                tags=frozenset(tags.split()),
                target_groups=frozenset(rng.sample(groups.split(), rng.randint(1, len(groups.split())))),
                available_from=start,
                available_until=start + timedelta(days=rng.uniform(40, 300)),
            )
        )
        city.service[("offer", pk)] = (category, index)
    for pk in range(1, demands + 1):
        category = rng.choice(CATEGORIES)
        index = rng.randrange(4)
        tags, groups = SERVICES[category][index]
        created = NOW - timedelta(days=rng.uniform(0, 60))
        city.needs.append(
            Need(
                id=pk,
                category=category,
                status="OPEN",
                party=Party("HOME", 10_000 + pk),
                place=spot(CENTRAL_NEED),
                urgency=rng.choices(("LOW", "MEDIUM", "HIGH", "CRITICAL"), (20, 45, 25, 10))[0],
                target_group=rng.choice(groups.split()),
                quantity=rng.randint(*demand_units),
                quantity_matched=0,
                created_at=created,
                needed_by=created + timedelta(days=rng.uniform(14, 90)),
                tags=frozenset(rng.sample(tags.split(), rng.randint(1, 3))),
            )
        )
        city.service[("need", pk)] = (category, index)
    return city


def _poisson(rng: random.Random, mean: float) -> int:
    threshold, count, product = math.exp(-mean), 0, rng.random()
    while product > threshold:
        count += 1
        product *= rng.random()
    return count
