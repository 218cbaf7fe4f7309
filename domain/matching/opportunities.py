"""Volunteers and opportunities: open volunteer positions (resources of that category) and
published events, filtered by hard rules and scored by skills, distance, free time, the
organizer's reputation and how soon they start.

`score_opening` is the scalar scorer (with reasons); `OpeningPool` computes the same filters
and scores over arrays for many openings at once (see pools.py for why both).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from domain.matching import weights as w
from domain.matching.filters import days_between, within_area
from domain.matching.model import Party, Place, Scored, scored
from domain.matching.pools import MARGIN, ItemPool, best_positions, or_nan
from domain.matching.scoring import Term, proximity, track_record
from domain.matching.vocabulary import SLOTS

POSITION, EVENT = "POSITION", "EVENT"


@dataclass(slots=True)
class Seeker:
    """The volunteer looking for something to do (her location stays on the server)."""

    id: int
    place: Place
    skills: frozenset[str] = frozenset()
    slots: frozenset[str] = frozenset()


@dataclass(slots=True)
class Opening:
    """A volunteer position or an event, as far as matching is concerned.

    `starts_at`/`ends_at`: a position's availability window, an event's start and end;
    `slots`: a position's shifts, or the weekly slot an event starts in; `spots_left`:
    None when unlimited; `open`: published and still taking people (status, registration
    deadline), worked out by whoever builds it."""

    kind: str
    id: int
    party: Party
    place: Place
    open: bool
    skills: frozenset[str] = frozenset()
    slots: frozenset[str] = frozenset()
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    spots_left: int | None = None
    service_district_ids: frozenset[int] = frozenset()
    service_radius_km: float | None = None

    @property
    def key(self) -> tuple[str, int]:
        return self.kind, self.id

    @property
    def reach_km(self) -> float | None:
        """How far from it a volunteer may live: a position's radius, EVENT_REACH_KM for events."""
        return self.service_radius_km if self.kind == POSITION else w.EVENT_REACH_KM


def opening_is_open(opening: Opening, now: datetime) -> bool:
    """Taking people now: open, from an active organizer, not over, with a place left."""
    return (
        opening.open
        and opening.party.active
        and (opening.ends_at is None or opening.ends_at > now)
        and (opening.spots_left is None or opening.spots_left > 0)
    )


def reaches(opening: Opening, place: Place) -> bool:
    """A position reaches the places it serves; an event, its district and EVENT_REACH_KM around."""
    return within_area(opening.place, opening.service_district_ids, opening.reach_km, place)


def opening_rejection(seeker: Seeker, opening: Opening, now: datetime, *, taken: bool = False) -> str | None:
    """The first hard filter failed, or None. `taken`: she already applied or registered."""
    if not opening.party.active:
        return "provider_inactive"
    if not opening_is_open(opening, now):
        return "closed"
    if taken:
        return "taken"
    if (opening.party.kind, opening.party.id) == ("VOLUNTEER", seeker.id):
        return "same_party"
    if not reaches(opening, seeker.place):
        return "area"
    return None


def skill_fit(seeker: Seeker, opening: Opening) -> Term:
    """The share of the skills the opening asks for that she has."""
    if not opening.skills:
        return w.NEUTRAL, {"shared": [], "wanted": 0}
    shared = opening.skills & seeker.skills
    return len(shared) / len(opening.skills), {"shared": sorted(shared), "wanted": len(opening.skills)}


def free_time(seeker: Seeker, opening: Opening) -> Term:
    """Whether it falls in her usual free time (weekly slots)."""
    if not opening.slots or not seeker.slots:
        return w.NEUTRAL, {"fit": "unknown", "slots": []}
    shared = sorted(opening.slots & seeker.slots, key=SLOTS.index)
    if shared:
        return 1.0, {"fit": "yes", "slots": shared}
    return 0.0, {"fit": "no", "slots": []}


def days_until(opening: Opening, now: datetime) -> float:
    return 0.0 if opening.starts_at is None else max(days_between(now, opening.starts_at), 0.0)


def timing(opening: Opening, now: datetime) -> Term:
    """Sooner is better: e-fold every TIMING_SCALE_DAYS until it starts."""
    days = days_until(opening, now)
    return math.exp(-days / w.TIMING_SCALE_DAYS), {"days": days}


def score_opening(seeker: Seeker, opening: Opening, now: datetime) -> Scored:
    terms = [
        ("skills", *skill_fit(seeker, opening)),
        ("distance", *proximity(seeker.place, opening.place)),
        ("availability", *free_time(seeker, opening)),
        ("reputation", *track_record(opening.party.track)),
        ("timing", *timing(opening, now)),
    ]
    return scored(w.OPPORTUNITY_WEIGHTS, terms)


def _key(opening: Opening) -> tuple[str, int]:
    return opening.key


def _place(opening: Opening) -> Place:
    return opening.place


def _party(opening: Opening) -> tuple[str, int]:
    return opening.party.kind, opening.party.id


def _skills(opening: Opening) -> frozenset[str]:
    return opening.skills


class OpeningPool(ItemPool[Opening]):
    """Positions and events, for ranking them for volunteers."""

    def __init__(self, openings: Sequence[Opening], now: datetime) -> None:
        super().__init__(
            openings, lambda o: o.place, lambda o: (o.party.kind, o.party.id), lambda o: o.skills
        )
        self.now = now
        self.keys = {opening.key: index for index, opening in enumerate(self.items)}
        self.ids = np.arange(len(self.items), dtype=np.int64)  # positions double as tie-breaking ids
        self.open = np.array([opening_is_open(o, now) for o in self.items], dtype=bool)
        self.reach = np.array([or_nan(o.reach_km) for o in self.items], dtype=np.float64)
        self.skill_counts = np.array([len(o.skills) for o in self.items], dtype=np.float64)
        self.slot_rows = np.array([[slot in o.slots for slot in SLOTS] for o in self.items], dtype=np.float64)
        self.slot_rows = self.slot_rows.reshape(len(self.items), len(SLOTS))
        self.reputation = np.array([track_record(o.party.track)[0] for o in self.items])
        self.timing = np.array([timing(o, now)[0] for o in self.items])
        self._linked: dict[int, np.ndarray] = {}

    def linked(self, district_id: int) -> np.ndarray:
        if district_id not in self._linked:
            self._linked[district_id] = np.array(
                [district_id in o.service_district_ids for o in self.items], dtype=bool
            )
        return self._linked[district_id]

    def feasible(
        self, seeker: Seeker, excluded: Collection[tuple[str, int]] = (), *, anywhere: bool = False
    ) -> tuple[np.ndarray, np.ndarray]:
        """Positions of the openings that pass the hard filters for her, and their km.
        `anywhere`: skip the area rule (she chose where to look)."""
        mask = self.open & self.others(("VOLUNTEER", seeker.id))
        for key in excluded:
            if key in self.keys:
                mask[self.keys[key]] = False
        if anywhere:
            positions = np.flatnonzero(mask)
            return positions, self.km_from(seeker.place, positions)
        district = seeker.place.district_id
        tied = (self.district == district) | self.linked(district)
        near = tied | self.within_latitude(seeker.place, np.nanmax(self.reach, initial=0.0))
        return self.measured(mask & near, tied, seeker.place, self.reach)

    def scores(self, seeker: Seeker, positions: np.ndarray, km: np.ndarray) -> np.ndarray:
        """score_opening of her with the openings at `positions`."""
        counts = self.skill_counts[positions]
        shared = self.shared_tags(positions, seeker.skills)
        slot_vector = np.array([slot in seeker.slots for slot in SLOTS], dtype=np.float64)
        slot_hits = self.slot_rows[positions] @ slot_vector
        stated = (self.slot_rows[positions].sum(axis=1) > 0) & bool(seeker.slots)
        terms = {
            "skills": np.where(counts > 0, shared / np.maximum(counts, 1.0), w.NEUTRAL),
            "distance": self.proximity(seeker.place, positions, km),
            "availability": np.where(stated, (slot_hits > 0).astype(np.float64), w.NEUTRAL),
            "reputation": self.reputation[positions],
            "timing": self.timing[positions],
        }
        total = np.zeros(len(positions))
        for factor, weight in w.OPPORTUNITY_WEIGHTS.items():
            total = total + weight * terms[factor]
        return total

    def ordered(
        self, seeker: Seeker, excluded: Collection[tuple[str, int]] = (), *, anywhere: bool = False
    ) -> list[tuple[Opening, float]]:
        """Every opening that passes for her, best first (ties by kind and id), with its score."""
        positions, km = self.feasible(seeker, excluded, anywhere=anywhere)
        scores = self.scores(seeker, positions, km)
        best = best_positions(scores, self.ids[positions], len(positions))
        return [(self.items[positions[i]], float(scores[i])) for i in best]

    def rank(
        self, seeker: Seeker, first: int, excluded: Collection[tuple[str, int]] = ()
    ) -> list[tuple[Opening, Scored]]:
        """The best `first` openings for her, best first, each scored with its reasons."""
        positions, km = self.feasible(seeker, excluded)
        scores = self.scores(seeker, positions, km)
        best = positions[best_positions(scores, self.ids[positions], first + MARGIN)]
        kept = [(self.items[i], score_opening(seeker, self.items[i], self.now)) for i in best]
        kept.sort(key=lambda pair: (-pair[1].score, pair[0].kind, pair[0].id))
        return kept[:first]
