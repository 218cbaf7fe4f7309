"""Finding and ranking candidates among many: the hard filters and the score as array
operations (numpy) over a pool of offers or needs of one category.

Scoring every feasible pair with the scalar scorer costs ~15 µs a pair: a page of 50 demands
with ~350 feasible resources each would spend a quarter of a second there. The pools compute
the same filters and the same weighted sum over whole arrays, then the few pairs that will be
shown (the best `first` and a margin) are checked and scored again by filters.rejection and
scoring.score_pair, which give the reasons; a test keeps both computations equal. The final
order is by those scalar scores, so the contributions shown always add up to the score shown.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Hashable, Sequence
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, Generic, TypeVar

import numpy as np

from domain.geo import EARTH_RADIUS_KM
from domain.matching import weights as w
from domain.matching.filters import demand_end, demand_is_live, offer_is_live, rejection
from domain.matching.model import Need, Offer, Place, Scored, Track
from domain.matching.scoring import score_pair, target_fit, track_record, waiting

MARGIN = 5  # extra candidates rescored exactly, in case the two computations round apart
T = TypeVar("T")
V = TypeVar("V", bound=Hashable)


def timestamp(value: datetime | None, missing: float) -> float:
    return missing if value is None else value.timestamp()


def haversine_many(
    lat: float, lon: float, phi: np.ndarray, lam: np.ndarray, cos_phi: np.ndarray
) -> np.ndarray:
    """domain.geo.haversine_km from one point to many given in radians, with their cosines
    (NaN where a coordinate is missing): the formula and the operations of the scalar one."""
    phi1 = math.radians(lat)
    dphi, dlambda = phi - phi1, lam - math.radians(lon)
    a = np.sin(dphi / 2) ** 2 + math.cos(phi1) * cos_phi * np.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))


class _Codes(Generic[V]):
    """Small integer codes for values, so comparisons run on arrays (0: none, -1: unknown)."""

    def __init__(self) -> None:
        self.codes: dict[V, int] = {}

    def __call__(self, value: V | None) -> int:
        if value is None:
            return 0
        return self.codes.setdefault(value, len(self.codes) + 1)

    def get(self, value: V | None) -> int:
        return -1 if value is None else self.codes.get(value, -1)


class ItemPool(Generic[T]):
    """Items of one category, with their places, parties and tags as arrays."""

    def __init__(
        self,
        items: Sequence[T],
        place: Callable[[T], Place],
        party: Callable[[T], tuple[str, int]],
        tags: Callable[[T], frozenset[str]],
    ) -> None:
        self.items = list(items)
        places = [place(item) for item in self.items]
        lat = np.array([p.lat for p in places], dtype=np.float64)  # None becomes NaN
        self.phi, self.lam = np.radians(lat), np.radians(np.array([p.lon for p in places], dtype=np.float64))
        self.cos_phi = np.cos(self.phi)
        self.district = np.array([p.district_id for p in places], dtype=np.int64)
        self.subdistricts: _Codes[str] = _Codes()
        self.subdistrict = np.array([self.subdistricts(p.subdistrict) for p in places], dtype=np.int64)
        self.parties: _Codes[tuple[str, int]] = _Codes()
        self.party = np.array([self.parties(party(item)) for item in self.items], dtype=np.int64)
        # Tag sets by code: a few distinct sets (one per service) stand behind many items.
        self.tag_sets: _Codes[frozenset[str]] = _Codes()
        self.tag_set = np.array([self.tag_sets(tags(item)) for item in self.items], dtype=np.int64)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def category(self: ItemPool[Need] | ItemPool[Offer]) -> str | None:
        """The category of the items (a pool of needs or offers holds one)."""
        return self.items[0].category if self.items else None

    def km_from(self, place: Place, positions: np.ndarray) -> np.ndarray:
        """km from `place` to the items at `positions` (NaN where unknown)."""
        if place.lat is None or place.lon is None:
            return np.full(len(positions), np.nan)
        phi, lam, cos_phi = self.phi[positions], self.lam[positions], self.cos_phi[positions]
        return haversine_many(place.lat, place.lon, phi, lam, cos_phi)

    def within_latitude(self, place: Place, km: float) -> np.ndarray:
        """Items whose latitude alone leaves them possibly within `km` of `place` (a great
        circle is never shorter than the difference of latitudes): a cheap first cut."""
        if place.lat is None or not km > 0:
            return np.zeros(len(self), dtype=bool)
        return np.abs(self.phi - math.radians(place.lat)) <= km / EARTH_RADIUS_KM

    def measured(
        self, candidates: np.ndarray, tied: np.ndarray, place: Place, radius: Any
    ) -> tuple[np.ndarray, np.ndarray]:
        """Of the `candidates` (a mask), those tied to `place` (same or served district) or
        within `radius` (per item, or one for all), with their km: distances are computed for
        these only."""
        positions = np.flatnonzero(candidates)
        km = self.km_from(place, positions)
        keep = tied[positions] | within_km(km, radius[positions] if np.ndim(radius) else radius)
        return positions[keep], km[keep]

    def proximity(self, place: Place, positions: np.ndarray, km: np.ndarray) -> np.ndarray:
        """scoring.proximity from `place` to the items at `positions` (`km` their distances)."""
        decay = np.where(np.isnan(km), w.UNKNOWN_DECAY, np.exp(-km / w.DISTANCE_SCALE_KM))
        same_district = self.district[positions] == place.district_id
        same_sub = same_district & (self.subdistrict[positions] == self.subdistricts.get(place.subdistrict))
        bonus = np.where(same_sub, w.SAME_SUBDISTRICT, np.where(same_district, w.SAME_DISTRICT, 0.0))
        return w.DECAY_SHARE * decay + (1 - w.DECAY_SHARE) * bonus

    def shared_tags(self, positions: np.ndarray, tags: frozenset[str]) -> np.ndarray:
        """How many of `tags` each item at `positions` carries."""
        counts = np.zeros(len(self.tag_sets.codes) + 1)
        for tag_set, code in self.tag_sets.codes.items():
            counts[code] = len(tag_set & tags)
        return counts[self.tag_set[positions]]

    def others(self, party: tuple[str, int]) -> np.ndarray:
        """Items that are not `party`'s own."""
        return self.party != self.parties.get(party)


@lru_cache(maxsize=4096)
def _reputation(track: Track) -> float:
    return track_record(track)[0]


def indicator_matrix(sets: Sequence[frozenset[V]], codes: _Codes[V]) -> np.ndarray:
    """One row per set, one column per code (column 0 unused): 1 where the set holds the value."""
    rows, columns = [], []
    for row, values in enumerate(sets):
        for value in values:
            rows.append(row)
            columns.append(codes(value))
    matrix = np.zeros((len(sets), len(codes.codes) + 1), dtype=np.float64)
    matrix[rows, columns] = 1.0
    return matrix


def or_nan(value: float | None) -> float:
    return np.nan if value is None else value


def _fit(shared: np.ndarray, wanted: Any) -> np.ndarray:
    """scoring.tag_fit from counts of shared and wanted tags."""
    wanted = np.asarray(wanted, dtype=np.float64)
    share = np.where(wanted > 0, shared / np.maximum(wanted, 1.0), w.FIT_UNKNOWN_TAGS)
    return w.FIT_BASE + (1 - w.FIT_BASE) * share


def _overlap(start: float, end: Any, available_from: Any, available_until: Any) -> np.ndarray:
    """scoring.time_overlap: the share of [start, end] inside each availability window
    (arrays or scalars, broadcast)."""
    covered = np.minimum(end, available_until) - np.maximum(start, available_from)
    return np.minimum(np.maximum(covered, 0.0) / (end - start), 1.0)


def _window_end(needed_by: datetime | None, now: datetime) -> float:
    """The end of the window time_overlap measures (see scoring.time_overlap), as a timestamp."""
    if needed_by is None:
        return (now + timedelta(days=w.HORIZON_DAYS)).timestamp()
    return max(needed_by, now + timedelta(days=w.MIN_WINDOW_DAYS)).timestamp()


def within_km(km: np.ndarray, radius: Any) -> np.ndarray:
    """km <= radius, false where either is unknown (NaN compares false)."""
    return km <= radius


def _weigh(terms: dict[str, np.ndarray], count: int) -> np.ndarray:
    """The weighted sum, term by term in the order of weights.WEIGHTS (as scoring.scored adds)."""
    total = np.zeros(count)
    for factor, weight in w.WEIGHTS.items():
        total = total + weight * terms[factor]
    return total


def best_positions(scores: np.ndarray, ids: np.ndarray, count: int) -> np.ndarray:
    """Indexes of the `count` best scores, best first, ties by id."""
    if count < len(scores):
        threshold = np.partition(scores, len(scores) - count)[len(scores) - count]
        cut = np.flatnonzero(scores >= threshold)  # every tie at the threshold, then cut by id
    else:
        cut = np.arange(len(scores))
    return cut[np.lexsort((ids[cut], -scores[cut]))][:count]


class OfferPool(ItemPool[Offer]):
    """Offers (resources) of one category, for ranking them for needs."""

    def __init__(self, offers: Sequence[Offer], now: datetime) -> None:
        super().__init__(offers, lambda o: o.place, lambda o: (o.party.kind, o.party.id), lambda o: o.tags)
        self.now = now
        self.ids = np.array([o.id for o in offers], dtype=np.int64)
        self.live = np.array([offer_is_live(o, now) for o in offers], dtype=bool)
        self.radius = np.array([or_nan(o.service_radius_km) for o in offers], dtype=np.float64)
        self.widest = float(np.nanmax(self.radius, initial=0.0))
        self.available_from = np.array([timestamp(o.available_from, -np.inf) for o in offers])
        self.available_until = np.array([timestamp(o.available_until, np.inf) for o in offers])
        self.reputation = np.array([_reputation(o.party.track) for o in offers])
        # Target groups and further districts by set: a few distinct sets stand behind many offers.
        self.target_sets: _Codes[frozenset[str]] = _Codes()
        self.target_set = np.array([self.target_sets(o.target_groups) for o in offers], dtype=np.int64)
        self.districts_served: _Codes[int] = _Codes()
        self.served = indicator_matrix([o.service_district_ids for o in offers], self.districts_served)
        self._targets: dict[str, np.ndarray] = {}
        self._linked: dict[int, np.ndarray] = {}

    def linked(self, district_id: int) -> np.ndarray:
        """Offers that serve `district_id` beyond their own district."""
        if district_id not in self._linked:
            code = self.districts_served.get(district_id)
            self._linked[district_id] = (
                self.served[:, code] > 0 if code > 0 else np.zeros(len(self), dtype=bool)
            )
        return self._linked[district_id]

    def target(self, group: str) -> np.ndarray:
        if group not in self._targets:
            values = np.zeros(len(self.target_sets.codes) + 1)
            for groups, code in self.target_sets.codes.items():
                values[code] = target_fit(group, groups)[0]
            self._targets[group] = values[self.target_set]
        return self._targets[group]

    def feasible(self, need: Need, excluded: Collection[int] = ()) -> tuple[np.ndarray, np.ndarray]:
        """Positions of the offers that pass the hard filters with `need`, and their km."""
        if need.category != self.category or not demand_is_live(need):
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        district = need.place.district_id
        in_time = self.available_from <= timestamp(demand_end(need, self.now), np.inf)
        mask = self.live & in_time & self.others((need.party.kind, need.party.id))
        if excluded:
            mask &= ~np.isin(self.ids, np.fromiter(excluded, dtype=np.int64))
        tied = (self.district == district) | self.linked(district)
        near = tied | self.within_latitude(need.place, self.widest)
        return self.measured(mask & near, tied, need.place, self.radius)

    def scores(self, need: Need, positions: np.ndarray, km: np.ndarray) -> np.ndarray:
        """scoring.score_pair of `need` with the offers at `positions` (`km` their distances)."""
        now = self.now
        terms = {
            "category_fit": _fit(self.shared_tags(positions, need.tags), len(need.tags)),
            "distance": self.proximity(need.place, positions, km),
            "reputation": self.reputation[positions],
            "waiting": np.full(len(positions), waiting(need, now)[0]),
            "target_group": self.target(need.target_group)[positions],
            "time_overlap": _overlap(
                now.timestamp(),
                _window_end(need.needed_by, now),
                self.available_from[positions],
                self.available_until[positions],
            ),
        }
        return _weigh(terms, len(positions))

    def rank(self, need: Need, first: int, excluded: Collection[int] = ()) -> list[tuple[Offer, Scored]]:
        """The best `first` offers for `need`, best first, each scored with its reasons."""
        positions, km = self.feasible(need, excluded)
        scores = self.scores(need, positions, km)
        best = positions[best_positions(scores, self.ids[positions], first + MARGIN)]
        kept = [
            (offer, score_pair(need, offer, self.now))
            for offer in (self.items[i] for i in best)
            if rejection(need, offer, self.now) is None
        ]
        kept.sort(key=lambda pair: (-pair[1].score, pair[0].id))
        return kept[:first]


class NeedPool(ItemPool[Need]):
    """Needs (demands) of one category, for ranking them for offers."""

    def __init__(self, needs: Sequence[Need], now: datetime) -> None:
        super().__init__(needs, lambda n: n.place, lambda n: (n.party.kind, n.party.id), lambda n: n.tags)
        self.now = now
        self.ids = np.array([n.id for n in needs], dtype=np.int64)
        self.live = np.array([demand_is_live(n) for n in needs], dtype=bool)
        self.end = np.array([timestamp(demand_end(n, now), np.inf) for n in needs])
        self.window_end = np.array([_window_end(n.needed_by, now) for n in needs])
        self.tag_counts = np.array([len(n.tags) for n in needs], dtype=np.float64)
        self.waiting = np.array([waiting(n, now)[0] for n in needs])
        self.groups: _Codes[str] = _Codes()
        self.group = np.array([self.groups(n.target_group) for n in needs], dtype=np.int64)

    def feasible(self, offer: Offer, excluded: Collection[int] = ()) -> tuple[np.ndarray, np.ndarray]:
        """Positions of the needs that pass the hard filters with `offer`, and their km."""
        if offer.category != self.category or not offer_is_live(offer, self.now):
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        in_time = timestamp(offer.available_from, -np.inf) <= self.end
        mask = self.live & in_time & self.others((offer.party.kind, offer.party.id))
        if excluded:
            mask &= ~np.isin(self.ids, np.fromiter(excluded, dtype=np.int64))
        served = np.fromiter(offer.service_district_ids, dtype=np.int64)
        tied = (self.district == offer.place.district_id) | np.isin(self.district, served)
        radius = or_nan(offer.service_radius_km)
        near = tied | self.within_latitude(offer.place, radius)
        return self.measured(mask & near, tied, offer.place, radius)

    def scores(self, offer: Offer, positions: np.ndarray, km: np.ndarray) -> np.ndarray:
        """scoring.score_pair of the needs at `positions` with `offer`."""
        by_group = np.zeros(len(self.groups.codes) + 1)
        for group, code in self.groups.codes.items():
            by_group[code] = target_fit(str(group), offer.target_groups)[0]
        terms = {
            "category_fit": _fit(self.shared_tags(positions, offer.tags), self.tag_counts[positions]),
            "distance": self.proximity(offer.place, positions, km),
            "reputation": np.full(len(positions), track_record(offer.party.track)[0]),
            "waiting": self.waiting[positions],
            "target_group": by_group[self.group[positions]],
            "time_overlap": _overlap(
                self.now.timestamp(),
                self.window_end[positions],
                timestamp(offer.available_from, -np.inf),
                timestamp(offer.available_until, np.inf),
            ),
        }
        return _weigh(terms, len(positions))

    def rank(self, offer: Offer, first: int, excluded: Collection[int] = ()) -> list[tuple[Need, Scored]]:
        """The best `first` needs for `offer`, best first, each scored with its reasons."""
        positions, km = self.feasible(offer, excluded)
        scores = self.scores(offer, positions, km)
        best = positions[best_positions(scores, self.ids[positions], first + MARGIN)]
        kept = [
            (need, score_pair(need, offer, self.now))
            for need in (self.items[i] for i in best)
            if rejection(need, offer, self.now) is None
        ]
        kept.sort(key=lambda pair: (-pair[1].score, pair[0].id))
        return kept[:first]
