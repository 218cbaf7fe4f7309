"""Every weight and constant of the match score, in one place.

A score is a weighted sum of terms, each term a value in [0, 1]; the weights of one kind of
match add up to 1, so the score is in [0, 1] too and each term's contribution is
`weight * value`. Change a number here and nothing else: the scorer, the explanations,
the benchmarks (`bench/matching_quality.py`) and docs/matching.md all read these.

Why these weights (demand ↔ resource):
- category_fit 0.25 and distance 0.25: whether the offer is about the right thing and can
  reach the people who need it decides whether a match is useful at all. The category itself
  is a hard filter, so this term measures the tags within it: a resource labelled with the
  right category but about something else (mislabelled, or a different service of the same
  category: winter clothes for a demand of children's books) scores low here.
- reputation 0.15: a good match that is never carried out helps nobody; the provider's
  Bayesian rating blended with how often it completes what it accepts predicts that.
- waiting 0.15: a demand that has waited long for its urgency goes first. It is constant for
  the suggestions of one demand, but orders the demands a resource is shown and drives the
  global allocation toward the demands that have waited longest.
- target_group 0.10 and time_overlap 0.10: refinements; both are mostly satisfied once the
  hard filters have passed (the windows overlap; most offers name broad groups).
"""

from __future__ import annotations

from types import MappingProxyType

# Demand ↔ resource (Demand.suggestedResources, Resource.suggestedDemands, allocationPlan).
WEIGHTS = MappingProxyType(
    {
        "category_fit": 0.25,
        "distance": 0.25,
        "reputation": 0.15,
        "waiting": 0.15,
        "target_group": 0.10,
        "time_overlap": 0.10,
    }
)

# Volunteer ↔ opportunity (Volunteer.suggestedOpportunities, Query.opportunities): what she
# can do counts most, then whether she can get there and is free when it happens.
OPPORTUNITY_WEIGHTS = MappingProxyType(
    {
        "skills": 0.35,
        "distance": 0.25,
        "availability": 0.20,
        "reputation": 0.10,
        "timing": 0.10,
    }
)

# category_fit: a same-category offer is worth FIT_BASE before its tags are compared; the
# rest is the share of the demand's tags the offer carries. Without tags to compare, the
# tag part counts half.
FIT_BASE = 0.3
FIT_UNKNOWN_TAGS = 0.5

# distance: DECAY_SHARE of the value decays with the km (e-fold every DISTANCE_SCALE_KM);
# the rest rewards administrative ties: the same sub-district (街道) counts fully, the same
# district half. Without coordinates on both sides the decay part is UNKNOWN_DECAY.
DISTANCE_SCALE_KM = 5.0
DECAY_SHARE = 0.7
SAME_SUBDISTRICT = 1.0
SAME_DISTRICT = 0.5
UNKNOWN_DECAY = 0.25

# time_overlap: the demand's window is [now, needed_by] (at least MIN_WINDOW_DAYS; without a
# date, HORIZON_DAYS); the value is the share of it the resource's availability covers.
MIN_WINDOW_DAYS = 1.0
HORIZON_DAYS = 90.0

# reputation: REPUTATION_SHARE of the Bayesian score (1..5 mapped onto 0..1), the rest the
# completion rate, itself smoothed toward COMPLETION_PRIOR as if PRIOR_SETTLED engagements
# had been settled at that rate (so one cancellation does not sink a newcomer).
REPUTATION_SHARE = 0.7
COMPLETION_PRIOR = 0.8
PRIOR_SETTLED = 3

# waiting: urgency sets a starting value, and the value grows toward 1 as the demand waits,
# e-fold per PATIENCE_DAYS for its urgency.
URGENCY_BASE = MappingProxyType({"LOW": 0.1, "MEDIUM": 0.25, "HIGH": 0.45, "CRITICAL": 0.7})
PATIENCE_DAYS = MappingProxyType({"LOW": 60.0, "MEDIUM": 30.0, "HIGH": 10.0, "CRITICAL": 3.0})

# target_group: exact group 1; an offer for a broader group that contains the demand's
# (WOMEN contains SINGLE_MOTHERS) BROADER; GENERAL on either side GENERAL; otherwise 0.
TARGET_BROADER = 0.7
TARGET_GENERAL = 0.5

# Opportunities: skills and availability the opening does not state count NEUTRAL; timing
# decays e-fold every TIMING_SCALE_DAYS until the opportunity starts; an event is within
# reach of a volunteer in its own district or within EVENT_REACH_KM.
NEUTRAL = 0.5
TIMING_SCALE_DAYS = 30.0
EVENT_REACH_KM = 20.0


def _check(weights: MappingProxyType) -> None:
    total = sum(weights.values())
    if abs(total - 1.0) > 1e-9 or min(weights.values()) < 0:
        raise ValueError(f"weights must be non-negative and add up to 1, got {total}")


_check(WEIGHTS)
_check(OPPORTUNITY_WEIGHTS)
