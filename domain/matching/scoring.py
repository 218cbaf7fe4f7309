"""The score of a demand ↔ resource pair: a weighted sum of explainable terms.

Each term returns (value in [0, 1], facts); `score_pair` weighs them with weights.WEIGHTS.
The facts are what explain.py turns into a sentence ("同一街道, 1.2 公里").
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from domain.enums import TargetGroup
from domain.matching import weights as w
from domain.matching.filters import days_between, distance_km
from domain.matching.model import Need, Offer, Place, Scored, Track, scored

Term = tuple[float, dict[str, Any]]

# Groups an offer for a broader group also serves.
BROADER_GROUPS: dict[str, frozenset[str]] = {
    TargetGroup.WOMEN: frozenset(
        {
            TargetGroup.ELDERLY_WOMEN,
            TargetGroup.SINGLE_MOTHERS,
            TargetGroup.RURAL_WOMEN,
            TargetGroup.WOMEN_WITH_DISABILITIES,
            TargetGroup.DOMESTIC_VIOLENCE_SURVIVORS,
        }
    ),
    TargetGroup.FAMILIES: frozenset({TargetGroup.CHILDREN, TargetGroup.SINGLE_MOTHERS}),
}


def tag_fit(wanted: frozenset[str], offered: frozenset[str]) -> Term:
    """FIT_BASE for the category, plus the share of the wanted tags on offer."""
    shared = wanted & offered
    share = len(shared) / len(wanted) if wanted else w.FIT_UNKNOWN_TAGS
    value = w.FIT_BASE + (1 - w.FIT_BASE) * share
    return value, {"shared": sorted(shared), "wanted": len(wanted)}


def proximity(a: Place, b: Place) -> Term:
    """Decay with the km, plus the administrative tie (same sub-district > same district)."""
    km = distance_km(a, b)
    decay = w.UNKNOWN_DECAY if km is None else math.exp(-km / w.DISTANCE_SCALE_KM)
    tie = None
    if a.district_id == b.district_id:
        tie = "subdistrict" if a.subdistrict is not None and a.subdistrict == b.subdistrict else "district"
    bonus = {"subdistrict": w.SAME_SUBDISTRICT, "district": w.SAME_DISTRICT, None: 0.0}[tie]
    value = w.DECAY_SHARE * decay + (1 - w.DECAY_SHARE) * bonus
    return value, {"km": km, "tie": tie}


def time_overlap(need: Need, offer: Offer, now: datetime) -> Term:
    """The share of the demand's window [now, needed_by] in which the resource is available."""
    if need.needed_by is None:
        end = now + timedelta(days=w.HORIZON_DAYS)
    else:
        end = max(need.needed_by, now + timedelta(days=w.MIN_WINDOW_DAYS))
    start = now
    covered_from = start if offer.available_from is None else max(start, offer.available_from)
    covered_to = end if offer.available_until is None else min(end, offer.available_until)
    share = max(days_between(covered_from, covered_to), 0.0) / days_between(start, end)
    return min(share, 1.0), {"share": min(share, 1.0), "needed_by": need.needed_by}


def completion_rate(track: Track) -> float:
    """Completed / settled, smoothed toward the prior so a newcomer is not judged on one case."""
    settled = track.completed + track.cancelled
    return (track.completed + w.COMPLETION_PRIOR * w.PRIOR_SETTLED) / (settled + w.PRIOR_SETTLED)


def track_record(track: Track) -> Term:
    rating = (track.bayesian - 1.0) / 4.0
    value = w.REPUTATION_SHARE * rating + (1 - w.REPUTATION_SHARE) * completion_rate(track)
    settled = track.completed + track.cancelled
    return value, {
        "average": track.average,
        "count": track.rating_count,
        "completion": track.completed / settled if settled else None,
    }


def waiting(need: Need, now: datetime) -> Term:
    """Urgency's starting value, growing toward 1 the longer the demand waits."""
    days = max(days_between(need.created_at, now), 0.0)
    base = w.URGENCY_BASE.get(need.urgency, w.URGENCY_BASE["MEDIUM"])
    patience = w.PATIENCE_DAYS.get(need.urgency, w.PATIENCE_DAYS["MEDIUM"])
    value = base + (1 - base) * (1 - math.exp(-days / patience))
    return value, {"urgency": need.urgency, "days": days}


def target_fit(group: str, offered: Iterable[str]) -> Term:
    groups = frozenset(offered) or frozenset({TargetGroup.GENERAL})
    if group in groups:
        relation, value = "exact", 1.0
    elif any(group in BROADER_GROUPS.get(g, ()) for g in groups):
        relation, value = "broader", w.TARGET_BROADER
    elif group == TargetGroup.GENERAL or TargetGroup.GENERAL in groups:
        relation, value = "general", w.TARGET_GENERAL
    else:
        relation, value = "none", 0.0
    return value, {"relation": relation, "group": group}


def score_pair(need: Need, offer: Offer, now: datetime) -> Scored:
    """The score of a pair that passed the hard filters, with its reasons."""
    terms = [
        ("category_fit", *tag_fit(need.tags, offer.tags)),
        ("distance", *proximity(need.place, offer.place)),
        ("reputation", *track_record(offer.party.track)),
        ("waiting", *waiting(need, now)),
        ("target_group", *target_fit(need.target_group, offer.target_groups)),
        ("time_overlap", *time_overlap(need, offer, now)),
    ]
    return scored(w.WEIGHTS, terms)
