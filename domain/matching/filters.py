"""Hard filters: a pair that fails one is never suggested nor allocated.

`rejection(...)` names the first rule a pair breaks, or None when it may be matched. The
database retrieval (datasources/queries/candidates.py: indexes and a generous box) and the
array computations (pools.py) apply the same rules to many candidates at once; these
functions are the authority: every pair shown is checked here again.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from domain.enums import DemandStatus, ResourceStatus
from domain.geo import haversine_km
from domain.matching.model import Need, Offer, Place

LIVE_DEMAND_STATUSES = frozenset({DemandStatus.OPEN, DemandStatus.MATCHED})


def demand_is_live(need: Need) -> bool:
    """Still looking: open (or matched but with need left) and published by an active party."""
    return need.status in LIVE_DEMAND_STATUSES and need.remaining > 0 and need.party.active


def offer_is_live(offer: Offer, now: datetime) -> bool:
    """Still on offer: published, units left, not past its window, from an active provider."""
    return (
        offer.status == ResourceStatus.PUBLISHED
        and offer.remaining > 0
        and offer.party.active
        and (offer.available_until is None or offer.available_until > now)
    )


def demand_end(need: Need, now: datetime) -> datetime | None:
    """The end of the window a demand can still be met in: its date, or now if overdue (an
    overdue demand still wants help, as soon as possible); None when it has no date."""
    return None if need.needed_by is None else max(need.needed_by, now)


def windows_overlap(need: Need, offer: Offer, now: datetime) -> bool:
    """The resource is available at some moment in [now, the demand's end]."""
    end = demand_end(need, now)
    starts_in_time = offer.available_from is None or end is None or offer.available_from <= end
    still_open = offer.available_until is None or offer.available_until > now
    return starts_in_time and still_open


def distance_km(a: Place, b: Place) -> float | None:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def within_area(origin: Place, districts: frozenset[int], radius_km: float | None, place: Place) -> bool:
    """`place` is in the origin's district, one of `districts`, or within `radius_km` of it."""
    if place.district_id == origin.district_id or place.district_id in districts:
        return True
    if radius_km is None:
        return False
    km = distance_km(origin, place)
    return km is not None and km <= radius_km


def serves(offer: Offer, place: Place) -> bool:
    """The resource reaches `place`: its own district, a district it serves, or within its radius."""
    return within_area(offer.place, offer.service_district_ids, offer.service_radius_km, place)


def same_party(need: Need, offer: Offer) -> bool:
    return (need.party.kind, need.party.id) == (offer.party.kind, offer.party.id)


def rejection(need: Need, offer: Offer, now: datetime, *, declined: bool = False) -> str | None:
    """The first hard filter the pair fails, or None. `declined`: one side already declined
    an engagement between them."""
    if not need.party.active:
        return "requester_inactive"
    if not offer.party.active:
        return "provider_inactive"
    if need.category != offer.category:
        return "category"
    if need.status not in LIVE_DEMAND_STATUSES or need.remaining <= 0:
        return "demand_closed"
    if offer.status != ResourceStatus.PUBLISHED or offer.remaining <= 0:
        return "resource_unavailable"
    if not windows_overlap(need, offer, now):
        return "time_window"
    if not serves(offer, need.place):
        return "area"
    if declined:
        return "declined"
    if same_party(need, offer):
        return "same_party"
    return None


def days_between(start: datetime, end: datetime) -> float:
    return (end - start) / timedelta(days=1)
