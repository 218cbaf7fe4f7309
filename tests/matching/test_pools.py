"""The array computations (pools.py) agree with the scalar rules: the same pairs pass the hard
filters, with the same scores, on thousands of random pairs."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from domain.matching.filters import rejection
from domain.matching.model import Need, Offer, Party, Place, Track
from domain.matching.opportunities import (
    EVENT,
    POSITION,
    Opening,
    OpeningPool,
    Seeker,
    opening_rejection,
    score_opening,
)
from domain.matching.pools import NeedPool, OfferPool
from domain.matching.scoring import score_pair
from domain.matching.vocabulary import SKILLS, SLOTS

NOW = datetime(2026, 11, 28, 8, tzinfo=UTC)
TAGS = ("心理", "心理咨询", "法律", "维权", "儿童", "亲子", "物资")
GROUPS = ("WOMEN", "CHILDREN", "FAMILIES", "SINGLE_MOTHERS", "ELDERLY_WOMEN", "GENERAL")
STATUSES = ("OPEN", "OPEN", "OPEN", "MATCHED", "FULFILLED")


def maybe(rng: random.Random, value, chance: float = 0.15):  # type: ignore[no-untyped-def]
    return None if rng.random() < chance else value


def place(rng: random.Random) -> Place:
    district = rng.randint(1, 4)
    located = rng.random() > 0.1
    return Place(
        district,
        maybe(rng, f"街道{rng.randint(1, 3)}", 0.4),
        39.9 + rng.uniform(-0.2, 0.2) if located else None,
        116.4 + rng.uniform(-0.2, 0.2) if located else None,
    )


def party(rng: random.Random, kind: str | None = None) -> Party:
    return Party(
        kind or rng.choice(("HOME", "ORGANIZATION")),
        rng.randint(1, 15),
        active=rng.random() > 0.1,
        track=Track(rng.randint(0, 30), 0, rng.randint(0, 10), rng.randint(0, 3)),
    )


def random_need(rng: random.Random, pk: int) -> Need:
    quantity = rng.randint(1, 5)
    p = party(rng)
    p.track = Track()
    return Need(
        id=pk,
        category="PROFESSIONAL_SERVICE",
        status=rng.choice(STATUSES),
        party=p,
        place=place(rng),
        urgency=rng.choice(("LOW", "MEDIUM", "HIGH", "CRITICAL")),
        target_group=rng.choice(GROUPS),
        quantity=quantity,
        quantity_matched=rng.randint(0, quantity),
        created_at=NOW - timedelta(days=rng.uniform(0, 100)),
        needed_by=maybe(rng, NOW + timedelta(days=rng.uniform(-10, 90))),
        tags=frozenset(rng.sample(TAGS, rng.randint(0, 3))),
    )


def random_offer(rng: random.Random, pk: int) -> Offer:
    quantity = rng.randint(1, 5)
    track = Track(rng.randint(0, 30), 0, rng.randint(0, 10), rng.randint(0, 3))
    track = Track(
        track.rating_count, track.rating_count * rng.randint(1, 5), track.completed, track.cancelled
    )
    p = party(rng)
    p.track = track
    start = NOW + timedelta(days=rng.uniform(-60, 60))
    return Offer(
        id=pk,
        category="PROFESSIONAL_SERVICE",
        status=rng.choice(("PUBLISHED", "PUBLISHED", "PUBLISHED", "DRAFT")),
        party=p,
        place=place(rng),
        quantity=quantity,
        quantity_committed=rng.randint(0, quantity),
        service_district_ids=frozenset(rng.sample(range(1, 5), rng.randint(0, 2))),
        service_radius_km=maybe(rng, rng.uniform(1, 25), 0.2),
        tags=frozenset(rng.sample(TAGS, rng.randint(0, 3))),
        target_groups=frozenset(rng.sample(GROUPS, rng.randint(0, 2))),
        available_from=maybe(rng, start),
        available_until=maybe(rng, start + timedelta(days=rng.uniform(1, 200))),
    )


@pytest.mark.parametrize("seed", range(3))
def test_offer_pools_filter_and_score_as_the_scalar_rules_do(seed: int) -> None:
    rng = random.Random(seed)
    offers = [random_offer(rng, pk) for pk in range(1, 301)]
    pool = OfferPool(offers, NOW)
    checked = 0
    for pk in range(1, 41):
        need = random_need(rng, pk)
        excluded = set(rng.sample(range(1, 301), 5))
        positions, km = pool.feasible(need, excluded)
        expected = {o.id for o in offers if o.id not in excluded and rejection(need, o, NOW) is None}
        assert {offers[i].id for i in positions} == expected
        scores = pool.scores(need, positions, km)
        for i, score in zip(positions, scores, strict=True):
            assert score == pytest.approx(score_pair(need, offers[i], NOW).score, abs=1e-9)
            checked += 1
    assert checked > 100  # enough feasible pairs to mean something


@pytest.mark.parametrize("seed", range(3))
def test_need_pools_filter_and_score_as_the_scalar_rules_do(seed: int) -> None:
    rng = random.Random(seed)
    needs = [random_need(rng, pk) for pk in range(1, 301)]
    pool = NeedPool(needs, NOW)
    checked = 0
    for pk in range(1, 41):
        offer = random_offer(rng, pk)
        excluded = set(rng.sample(range(1, 301), 5))
        positions, km = pool.feasible(offer, excluded)
        expected = {n.id for n in needs if n.id not in excluded and rejection(n, offer, NOW) is None}
        assert {needs[i].id for i in positions} == expected
        for i, score in zip(positions, pool.scores(offer, positions, km), strict=True):
            assert score == pytest.approx(score_pair(needs[i], offer, NOW).score, abs=1e-9)
            checked += 1
    assert checked > 100


def test_rank_returns_the_best_in_order_with_reasons_that_add_up() -> None:
    rng = random.Random(7)
    offers = [random_offer(rng, pk) for pk in range(1, 401)]
    pool = OfferPool(offers, NOW)
    need = random_need(rng, 1)
    need.status, need.quantity_matched, need.party.active = "OPEN", 0, True
    ranked = pool.rank(need, 10)
    everything = sorted(
        (score_pair(need, o, NOW).score for o in offers if rejection(need, o, NOW) is None), reverse=True
    )
    assert [s.score for _, s in ranked] == pytest.approx(everything[:10], abs=1e-12)
    for _, scored in ranked:
        assert sum(r.contribution for r in scored.reasons) == pytest.approx(scored.score, abs=1e-12)


def random_opening(rng: random.Random, pk: int) -> Opening:
    kind = rng.choice((POSITION, EVENT))
    start = NOW + timedelta(days=rng.uniform(-30, 40))
    return Opening(
        kind=kind,
        id=pk,
        party=party(rng, "ORGANIZATION"),
        place=place(rng),
        open=rng.random() > 0.1,
        skills=frozenset(rng.sample(SKILLS, rng.randint(0, 3))),
        slots=frozenset(rng.sample(SLOTS, rng.randint(0, 2))),
        starts_at=start,
        ends_at=maybe(rng, start + timedelta(days=rng.uniform(0.1, 100))),
        spots_left=maybe(rng, rng.randint(0, 5)),
        service_district_ids=frozenset(rng.sample(range(1, 5), rng.randint(0, 1)))
        if kind == POSITION
        else frozenset(),
        service_radius_km=rng.uniform(2, 20) if kind == POSITION else None,
    )


def test_opening_pools_filter_and_score_as_the_scalar_rules_do() -> None:
    rng = random.Random(3)
    openings = [random_opening(rng, pk) for pk in range(1, 301)]
    pool = OpeningPool(openings, NOW)
    checked = 0
    for pk in range(1, 31):
        seeker = Seeker(pk, place(rng), frozenset(rng.sample(SKILLS, 2)), frozenset(rng.sample(SLOTS, 2)))
        taken = {(o.kind, o.id) for o in rng.sample(openings, 5)}
        positions, km = pool.feasible(seeker, taken)
        expected = {
            o.key for o in openings if opening_rejection(seeker, o, NOW, taken=o.key in taken) is None
        }
        assert {pool.items[i].key for i in positions} == expected
        for i, score in zip(positions, pool.scores(seeker, positions, km), strict=True):
            assert score == pytest.approx(score_opening(seeker, pool.items[i], NOW).score, abs=1e-9)
            checked += 1
    assert checked > 100
    assert np.all(np.diff([s for _, s in pool.ordered(seeker, anywhere=True)]) <= 0)
