"""Applying an allocation plan (全局调配方案): whether each proposal sent back may become a
PROPOSED engagement now. The world may have moved since the plan was made, so every proposal
is checked again against the matching hard filters (domain/matching/filters.py, the one
authority on them) and against what its resource and demand have left, counting the proposals
before it in the same plan. Problems sit at ("input", "proposals", index, field).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from domain.enums import EngagementStatus
from domain.matching.filters import rejection
from domain.matching.model import Need, Offer
from domain.problems import Problem, UserErrorCode
from domain.workflows.checks import Checks
from domain.workflows.engagements import UNDER_WAY, check_note

MAX_PROPOSALS = 500
Pair = tuple[int, int]  # (demand id, resource id)

# The hard filter a pair fails (filters.rejection) -> the code, message key and field to report.
REJECTIONS: Mapping[str, tuple[UserErrorCode, str, str]] = {
    "requester_inactive": (UserErrorCode.INVALID_STATE, "plan_requester_inactive", "demandId"),
    "provider_inactive": (UserErrorCode.INVALID_STATE, "plan_provider_inactive", "resourceId"),
    "category": (UserErrorCode.INVALID, "category_mismatch", "resourceId"),
    "demand_closed": (UserErrorCode.INVALID_STATE, "plan_demand_closed", "demandId"),
    "resource_unavailable": (UserErrorCode.INVALID_STATE, "plan_resource_unavailable", "resourceId"),
    "time_window": (UserErrorCode.INVALID, "plan_time_window", "resourceId"),
    "area": (UserErrorCode.INVALID, "plan_area", "resourceId"),
    "declined": (UserErrorCode.INVALID_STATE, "plan_declined", "resourceId"),
    "same_party": (UserErrorCode.INVALID, "same_party", "resourceId"),
}


@dataclass(frozen=True)
class Planned:
    """One proposal of a plan, as the client sent it back: units of a resource for a demand."""

    demand_id: int
    resource_id: int
    quantity: int


def check_plan(checks: Checks, count: int, note: str | None) -> None:
    """The plan's shape: 1 to MAX_PROPOSALS proposals, and an optional note to both sides."""
    if count == 0:
        checks.add(UserErrorCode.REQUIRED, "required", "proposals")
    elif count > MAX_PROPOSALS:
        checks.add(UserErrorCode.LIMIT_REACHED, "too_many", "proposals", max=MAX_PROPOSALS)
    check_note(checks, note)


def plan_problems(
    proposals: Sequence[Planned],
    needs: Mapping[int, Need],
    offers: Mapping[int, Offer],
    engaged: Mapping[Pair, Collection[str]],
    now: datetime,
) -> list[Problem]:
    """Every problem of the plan (empty: all of it may be applied). `needs` and `offers`: the
    demands and resources the viewer may see, by id; `engaged`: the statuses of each pair's
    engagements."""
    problems: list[Problem] = []
    seen: set[Pair] = set()
    given: dict[int, int] = defaultdict(int)  # units of each resource in the proposals so far
    taken: dict[int, int] = defaultdict(int)  # units for each demand in the proposals so far
    for index, planned in enumerate(proposals):
        need, offer = needs.get(planned.demand_id), offers.get(planned.resource_id)
        found = _found(index, need, offer)
        if found:
            problems += found
            continue
        assert need is not None and offer is not None
        pair = (planned.demand_id, planned.resource_id)
        problem = _pair_problem(index, need, offer, pair in seen, engaged.get(pair, ()), now)
        seen.add(pair)
        if problem is None:
            problem = _units_problem(
                index, planned.quantity, offer.remaining - given[offer.id], need.remaining - taken[need.id]
            )
        if problem is not None:
            problems.append(problem)
            continue
        given[offer.id] += planned.quantity
        taken[need.id] += planned.quantity
    return problems


def _found(index: int, need: Need | None, offer: Offer | None) -> list[Problem]:
    """NOT_FOUND for a demand or resource that does not exist or that the viewer may not see."""
    missing = [field for field, row in (("demandId", need), ("resourceId", offer)) if row is None]
    return [_at(index, field, UserErrorCode.NOT_FOUND, "not_found") for field in missing]


def _pair_problem(
    index: int, need: Need, offer: Offer, repeated: bool, statuses: Collection[str], now: datetime
) -> Problem | None:
    if repeated:
        return _at(index, "resourceId", UserErrorCode.DUPLICATE, "plan_pair_repeated")
    if UNDER_WAY & set(statuses):
        return _at(index, "resourceId", UserErrorCode.DUPLICATE, "engagement_exists")
    reason = rejection(need, offer, now, declined=EngagementStatus.DECLINED in statuses)
    if reason is None:
        return None
    code, key, field = REJECTIONS[reason]
    return _at(index, field, code, key)


def _units_problem(index: int, units: int, resource_left: int, demand_left: int) -> Problem | None:
    """More units than the resource has left, or than the demand still needs, after the
    proposals before this one in the plan."""
    if units > resource_left:
        return _at(index, "quantity", UserErrorCode.LIMIT_REACHED, "plan_resource_short", left=resource_left)
    if units > demand_left:
        return _at(index, "quantity", UserErrorCode.LIMIT_REACHED, "plan_demand_short", left=demand_left)
    return None


def _at(index: int, field: str, code: UserErrorCode, key: str, **params: int) -> Problem:
    path = ("proposals", str(index), field)
    return Problem(code, key, ("input", *path), {"field": ".".join(path), **params})
