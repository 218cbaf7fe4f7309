"""Match suggestions for many demands, resources or volunteers at once.

Each loader is keyed by (id, how many): all the keys of one wave are answered with a fixed
number of statements (the batch's rows, the other side's pool of the same categories around
them, its providers' records, the engagements that rule pairs out), then ranked in memory
(domain/matching/pools.py). A page of 50 demands with their suggestions costs what one does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from datasources.columns import utcnow
from datasources.loaders.base import _EngineLoader
from datasources.queries.candidates import (
    demands,
    events,
    events_reaching,
    fetch_blocked,
    fetch_needs,
    fetch_offers,
    fetch_openings,
    fetch_seekers,
    fetch_taken,
    live_event_conditions,
    live_need_conditions,
    live_offer_conditions,
    needs_reached_by,
    offers_reaching,
    resources,
    volunteers,
)
from domain.enums import ResourceCategory
from domain.matching.filters import demand_is_live, offer_is_live
from domain.matching.model import Scored
from domain.matching.opportunities import OpeningPool
from domain.matching.pools import NeedPool, OfferPool
from domain.matching.weights import EVENT_REACH_KM


@dataclass(frozen=True)
class SuggestionKey:
    id: int  # the demand, resource or volunteer asking
    first: int  # how many suggestions


@dataclass(frozen=True)
class Suggestion:
    """One suggested counterpart (a resource, demand, position or event) by id, with its score."""

    id: int
    scored: Scored
    kind: str = ""  # for opportunities: POSITION or EVENT


def by_side(pairs: set[tuple[int, int]], side: int) -> dict[int, set[int]]:
    """The other ids paired with each id of `side` (0: demand, 1: resource)."""
    grouped: dict[int, set[int]] = defaultdict(set)
    for pair in pairs:
        grouped[pair[side]].add(pair[1 - side])
    return grouped


def _most_asked(keys: Sequence[SuggestionKey]) -> dict[int, int]:
    most: dict[int, int] = defaultdict(int)
    for key in keys:
        most[key.id] = max(most[key.id], key.first)
    return most


def _rank_each(
    subjects: Sequence[Any],
    candidates: Sequence[Any],
    pool_class: type[NeedPool] | type[OfferPool],
    now: datetime,
    most: dict[int, int],
    excluded: dict[int, set[int]],
) -> dict[int, list[Suggestion]]:
    """The best candidates of each subject's category for each subject (demands or resources)."""
    by_category: dict[str, list[Any]] = defaultdict(list)
    for candidate in candidates:
        by_category[candidate.category].append(candidate)
    pools = {category: pool_class(items, now) for category, items in by_category.items()}
    ranked: dict[int, list[Suggestion]] = {}
    for subject in subjects:
        pool = pools.get(subject.category)
        found = pool.rank(subject, most[subject.id], excluded.get(subject.id, set())) if pool else []
        ranked[subject.id] = [Suggestion(candidate.id, scored) for candidate, scored in found]
    return ranked


class SuggestedResourcesByDemandLoader(_EngineLoader[SuggestionKey, list[Suggestion]]):
    """The best resources for each demand."""

    async def batch_load_fn(self, keys: Sequence[SuggestionKey]) -> list[list[Suggestion]]:
        now = utcnow()
        most = _most_asked(keys)
        async with self.engine.connect() as connection:
            needs = [
                n for n in await fetch_needs(connection, demands.c.id.in_(list(most))) if demand_is_live(n)
            ]
            offers, blocked = [], set()
            if needs:
                offers = await fetch_offers(
                    connection,
                    *live_offer_conditions({n.category for n in needs}, now),
                    *offers_reaching([n.place for n in needs]),
                    *self.visible(resources, "resources"),
                )
                blocked = await fetch_blocked(connection, demand_ids=[n.id for n in needs])
        ranked = _rank_each(needs, offers, OfferPool, now, most, by_side(blocked, 0))
        return [ranked.get(key.id, [])[: key.first] for key in keys]


class SuggestedDemandsByResourceLoader(_EngineLoader[SuggestionKey, list[Suggestion]]):
    """The best demands for each resource."""

    async def batch_load_fn(self, keys: Sequence[SuggestionKey]) -> list[list[Suggestion]]:
        now = utcnow()
        most = _most_asked(keys)
        async with self.engine.connect() as connection:
            asked = await fetch_offers(connection, resources.c.id.in_(list(most)))
            offers = [offer for offer in asked if offer_is_live(offer, now)]
            needs, blocked = [], set()
            if offers:
                needs = await fetch_needs(
                    connection,
                    *live_need_conditions({o.category for o in offers}),
                    *needs_reached_by(offers),
                    *self.visible(demands, "demands"),
                )
                blocked = await fetch_blocked(connection, resource_ids=[o.id for o in offers])
        ranked = _rank_each(offers, needs, NeedPool, now, most, by_side(blocked, 1))
        return [ranked.get(key.id, [])[: key.first] for key in keys]


class SuggestedOpportunitiesByVolunteerLoader(_EngineLoader[SuggestionKey, list[Suggestion]]):
    """The best volunteer positions and events for each volunteer."""

    async def batch_load_fn(self, keys: Sequence[SuggestionKey]) -> list[list[Suggestion]]:
        now = utcnow()
        most = _most_asked(keys)
        async with self.engine.connect() as connection:
            seekers = await fetch_seekers(connection, volunteers.c.id.in_(list(most)))
            places = [seeker.place for seeker in seekers]
            openings, taken = [], set()
            if seekers:
                openings = await fetch_openings(
                    connection,
                    [
                        *live_offer_conditions({ResourceCategory.VOLUNTEER_POSITION}, now),
                        *offers_reaching(places),
                        *self.visible(resources, "resources"),
                    ],
                    [
                        *live_event_conditions(now),
                        *events_reaching(places, EVENT_REACH_KM),
                        *self.visible(events, "events"),
                    ],
                )
                taken = await fetch_taken(connection, list(most))
        pool = OpeningPool(openings, now)
        taken_by: dict[int, set[tuple[str, int]]] = defaultdict(set)
        for volunteer_id, kind, opening_id in taken:
            taken_by[volunteer_id].add((kind, opening_id))
        ranked = {
            seeker.id: [
                Suggestion(opening.id, scored, opening.kind)
                for opening, scored in pool.rank(seeker, most[seeker.id], taken_by[seeker.id])
            ]
            for seeker in seekers
        }
        return [ranked.get(key.id, [])[: key.first] for key in keys]
