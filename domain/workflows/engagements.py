"""Engagements (对接) and applications: who is which side, and whether an offer and a need may engage.

The rules take rows (anything with the columns as attributes) and return problems; the
commands read the rows, and the database re-checks quantities and statuses when they write.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.enums import (
    DemandStatus,
    EngagementFlag,
    EngagementInitiator,
    EngagementStatus,
    OrganizationStatus,
    ParticipantKind,
    ResourceCategory,
    ResourceStatus,
)
from domain.problems import Problem, UserErrorCode
from domain.workflows.accounting import remaining_need, units_left
from domain.workflows.checks import Checks
from domain.workflows.joining import VerificationStatus

Ref = tuple[str, int]  # a participant: (kind, id)
MAX_UNITS = 100_000  # the units of one engagement
MAX_NOTE = 1000  # a proposal's message (an allocation plan's, to both sides)
MAX_REPLY = 400  # a reply or a reason: together they fit the note's 2000 characters

# A resource in these statuses is on offer; EXHAUSTED only lacks units (LIMIT_REACHED, not a state).
OFFERING = frozenset({ResourceStatus.PUBLISHED, ResourceStatus.EXHAUSTED})
# A demand in these statuses still takes engagements.
SEEKING = frozenset({DemandStatus.OPEN, DemandStatus.MATCHED})
UNDER_WAY = frozenset({EngagementStatus.PROPOSED, EngagementStatus.ACCEPTED})


def check_units(checks: Checks, quantity: int, field: str = "quantity") -> None:
    """The units of one engagement: 1 to MAX_UNITS."""
    checks.number(field, quantity, low=1, high=MAX_UNITS)


def check_note(checks: Checks, note: str | None) -> None:
    """A proposal's optional message to the other side (or a plan's, to both)."""
    checks.text("note", note, required=False, max_length=MAX_NOTE)


def check_reply(checks: Checks, field: str, text: str | None, *, required: bool) -> None:
    """A reply to a proposal (optional) or the reason of a cancellation (required), added to the note."""
    checks.text(field, text, required=required, max_length=MAX_REPLY)


def engagement_flags(status: str, party_statuses: tuple[str | None, str | None]) -> list[EngagementFlag]:
    """Warnings on an engagement under way: a party (its organizations' admission statuses;
    None for the other kinds) no longer in good standing."""
    if status in UNDER_WAY and OrganizationStatus.SUSPENDED in party_statuses:
        return [EngagementFlag.PARTY_SUSPENDED]
    return []


def side_of(viewer: Ref | None, requester: Ref, provider: Ref) -> EngagementInitiator | None:
    """Which side of an engagement the viewer acts for, if either."""
    if viewer == requester:
        return EngagementInitiator.REQUESTER
    if viewer == provider:
        return EngagementInitiator.PROVIDER
    return None


def other_side(side: str) -> EngagementInitiator:
    """The side that answers a proposal made by `side`."""
    if side == EngagementInitiator.REQUESTER:
        return EngagementInitiator.PROVIDER
    return EngagementInitiator.REQUESTER


def responders(initiated_by: str) -> frozenset[EngagementInitiator]:
    """The sides that answer a proposal: the other side; both sides of one the federation made."""
    if initiated_by == EngagementInitiator.FEDERATION:
        return frozenset({EngagementInitiator.REQUESTER, EngagementInitiator.PROVIDER})
    return frozenset({other_side(initiated_by)})


def agreed_by_both(initiated_by: str, requester_accepted: bool, provider_accepted: bool) -> bool:
    """Both sides have agreed: a proposer by proposing (the federation is no side), the others
    by accepting. Only then is an engagement ACCEPTED and its units committed."""
    requester = requester_accepted or initiated_by == EngagementInitiator.REQUESTER
    provider = provider_accepted or initiated_by == EngagementInitiator.PROVIDER
    return requester and provider


def standing(kind: str, party: Any) -> str | None:
    """The status a participant's good standing turns on, for `party_problem`: an organization's
    admission status, a social worker's verification status unless VERIFIED, else None."""
    if kind == ParticipantKind.ORGANIZATION:
        return party.status
    if kind == ParticipantKind.SOCIAL_WORKER and party.verification_status != VerificationStatus.VERIFIED:
        return party.verification_status
    return None


def party_problem(organization_status: str | None, field: str | None) -> Problem | None:
    """A participant must be in good standing: organizations ACTIVE, social workers VERIFIED (the
    status given is None for the others, and for a verified social worker)."""
    if organization_status is None or organization_status == OrganizationStatus.ACTIVE:
        return None
    return _problem(UserErrorCode.INVALID_STATE, "party_inactive", field, status=organization_status)


def offer_problems(
    resource: Any,
    provider_status: str | None,
    now: datetime,
    units: int,
    field: str | None,
    units_field: str | None,
) -> list[Problem]:
    """Why `units` of a resource cannot be engaged now: not on offer or past its window, fewer
    left, or its provider not in good standing."""
    problems = commit_problems(resource, units, field, units_field)
    if (
        resource.status in OFFERING
        and resource.available_until is not None
        and resource.available_until <= now
    ):
        problems.append(_problem(UserErrorCode.INVALID_STATE, "resource_ended", field))
    return _with(problems, party_problem(provider_status, field))


def need_problems(
    demand: Any, requester_status: str | None, units: int, field: str | None, units_field: str | None
) -> list[Problem]:
    """Why `units` cannot go to a demand now: not open, needs fewer, requester not in good standing."""
    return _with(match_problems(demand, units, field, units_field), party_problem(requester_status, field))


def commit_problems(
    resource: Any, units: int, field: str | None, units_field: str | None = None
) -> list[Problem]:
    """Why `units` of a resource cannot be committed: not on offer, or fewer left (LIMIT_REACHED)."""
    if resource.status not in OFFERING:
        return [_problem(UserErrorCode.INVALID_STATE, "resource_unavailable", field, status=resource.status)]
    left = units_left(resource.quantity, resource.quantity_committed)
    if units > left:
        return [
            _problem(
                UserErrorCode.LIMIT_REACHED, "resource_short", units_field, left=left, unit=resource.unit
            )
        ]
    return []


def match_problems(
    demand: Any, units: int, field: str | None, units_field: str | None = None
) -> list[Problem]:
    """Why `units` cannot be matched to a demand: not open, or it needs fewer (LIMIT_REACHED)."""
    if demand.status not in SEEKING:
        return [_problem(UserErrorCode.INVALID_STATE, "demand_unavailable", field, status=demand.status)]
    need = remaining_need(demand.quantity, demand.quantity_matched)
    if units > need:
        return [
            _problem(UserErrorCode.LIMIT_REACHED, "demand_short", units_field, left=need, unit=demand.unit)
        ]
    return []


def pair_problems(demand: Any, resource: Any) -> list[Problem]:
    """A demand and a resource only engage within one category, between two participants."""
    problems = []
    if demand.category != resource.category:
        problems.append(_problem(UserErrorCode.INVALID, "category_mismatch", "resourceId"))
    if (demand.requester_kind, demand.requester_id) == (resource.provider_kind, resource.provider_id):
        problems.append(_problem(UserErrorCode.INVALID, "same_party", "resourceId"))
    return problems


def position_problems(resource: Any, provider_status: str | None, now: datetime, field: str) -> list[Problem]:
    """Why a volunteer cannot apply to a resource: not a position, not on offer, no place left."""
    if resource.category != ResourceCategory.VOLUNTEER_POSITION:
        return [_problem(UserErrorCode.INVALID, "not_a_position", field)]
    return offer_problems(resource, provider_status, now, 1, field, field)


def _problem(code: UserErrorCode, key: str, field: str | None, **params: Any) -> Problem:
    return Problem(code, key, ("input", field) if field else None, {"field": field, **params})


def _with(problems: list[Problem], extra: Problem | None) -> list[Problem]:
    return problems if extra is None else [*problems, extra]


def appended(note: str, addition: str | None) -> str:
    """An engagement's note with one more message (a reply, a reason) on its own line."""
    return "\n".join(part for part in (note, (addition or "").strip()) if part)
