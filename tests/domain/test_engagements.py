"""Engagements (对接): sides, agreement, and why an offer and a need may not engage now
(domain/workflows/engagements.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from domain.enums import (
    DemandStatus,
    EngagementFlag,
    EngagementInitiator,
    EngagementStatus,
    OrganizationStatus,
    ResourceStatus,
)
from domain.problems import UserErrorCode
from domain.workflows.engagements import (
    agreed_by_both,
    appended,
    commit_problems,
    engagement_flags,
    match_problems,
    need_problems,
    offer_problems,
    other_side,
    pair_problems,
    party_problem,
    position_problems,
    responders,
    side_of,
)
from tests.domain.refusals import keys, where

NOW = datetime(2026, 12, 4, 12, tzinfo=UTC)
HOME, ORG = ("HOME", 1), ("ORGANIZATION", 2)
OFF_OFFER = sorted({*ResourceStatus} - {ResourceStatus.PUBLISHED, ResourceStatus.EXHAUSTED})
NOT_SEEKING = sorted({*DemandStatus} - {DemandStatus.OPEN, DemandStatus.MATCHED})
NOT_ACTIVE = sorted({*OrganizationStatus} - {OrganizationStatus.ACTIVE})


def _resource(**values: Any) -> SimpleNamespace:
    row = {
        "status": "PUBLISHED",
        "category": "VENUE",
        "quantity": 5,
        "quantity_committed": 0,
        "unit": "场",
        "available_until": None,
        "provider_kind": ORG[0],
        "provider_id": ORG[1],
    }
    return SimpleNamespace(**{**row, **values})


def _demand(**values: Any) -> SimpleNamespace:
    row = {
        "status": "OPEN",
        "category": "VENUE",
        "quantity": 4,
        "quantity_matched": 0,
        "unit": "场",
        "requester_kind": HOME[0],
        "requester_id": HOME[1],
    }
    return SimpleNamespace(**{**row, **values})


@pytest.mark.parametrize(
    ("initiated_by", "requester", "provider", "agreed"),
    [
        ("REQUESTER", False, False, False),
        ("REQUESTER", False, True, True),
        ("PROVIDER", True, False, True),
        ("FEDERATION", True, False, False),
        ("FEDERATION", False, True, False),
        ("FEDERATION", True, True, True),
    ],
)
def test_both_sides_must_agree(initiated_by: str, requester: bool, provider: bool, agreed: bool) -> None:
    assert agreed_by_both(initiated_by, requester, provider) is agreed


def test_who_answers_a_proposal() -> None:
    assert responders("REQUESTER") == {"PROVIDER"}
    assert responders("PROVIDER") == {"REQUESTER"}
    assert responders("FEDERATION") == {"REQUESTER", "PROVIDER"}


def test_the_sides_of_an_engagement() -> None:
    assert side_of(HOME, HOME, ORG) == EngagementInitiator.REQUESTER
    assert side_of(ORG, HOME, ORG) == EngagementInitiator.PROVIDER
    assert side_of(("HOME", 9), HOME, ORG) is None
    assert side_of(None, HOME, ORG) is None
    for side in (EngagementInitiator.REQUESTER, EngagementInitiator.PROVIDER):
        assert other_side(side) != side
        assert other_side(other_side(side)) == side


@pytest.mark.parametrize("status", [EngagementStatus.PROPOSED, EngagementStatus.ACCEPTED])
def test_an_engagement_under_way_is_flagged_when_either_party_is_suspended(status: str) -> None:
    suspended = OrganizationStatus.SUSPENDED
    for parties in ((suspended, None), (None, suspended), (suspended, OrganizationStatus.ACTIVE)):
        assert engagement_flags(status, parties) == [EngagementFlag.PARTY_SUSPENDED]
    assert engagement_flags(status, (None, OrganizationStatus.ACTIVE)) == []


@pytest.mark.parametrize(
    "status", [EngagementStatus.COMPLETED, EngagementStatus.DECLINED, EngagementStatus.CANCELLED]
)
def test_a_settled_engagement_carries_no_warning(status: str) -> None:
    assert engagement_flags(status, (OrganizationStatus.SUSPENDED, OrganizationStatus.SUSPENDED)) == []


def test_a_party_is_in_good_standing_when_active_or_without_admission() -> None:
    assert party_problem(None, "resourceId") is None  # homes, social workers, volunteers
    assert party_problem(OrganizationStatus.ACTIVE, "resourceId") is None


@pytest.mark.parametrize("status", NOT_ACTIVE)
def test_an_organization_not_active_may_not_engage(status: str) -> None:
    problem = party_problem(status, "resourceId")
    assert problem is not None
    assert (problem.code, problem.key, problem.field) == (
        UserErrorCode.INVALID_STATE,
        "party_inactive",
        ("input", "resourceId"),
    )
    assert problem.params["status"] == status


@pytest.mark.parametrize("status", [ResourceStatus.PUBLISHED, ResourceStatus.EXHAUSTED])
def test_units_up_to_what_is_left_may_be_committed(status: str) -> None:
    resource = _resource(status=status, quantity=5, quantity_committed=3)
    assert commit_problems(resource, 2, "resourceId", "quantity") == []
    [short] = commit_problems(resource, 3, "resourceId", "quantity")
    assert (short.code, short.key, short.field) == (
        UserErrorCode.LIMIT_REACHED,
        "resource_short",
        ("input", "quantity"),
    )
    assert (short.params["left"], short.params["unit"]) == (2, "场")


def test_an_exhausted_resource_lacks_units_it_is_not_in_the_wrong_state() -> None:
    [problem] = commit_problems(_resource(status="EXHAUSTED", quantity_committed=5), 1, "resourceId")
    assert (problem.code, problem.params["left"]) == (UserErrorCode.LIMIT_REACHED, 0)


@pytest.mark.parametrize("status", OFF_OFFER)
def test_a_resource_off_offer_cannot_be_committed(status: str) -> None:
    [problem] = commit_problems(_resource(status=status), 1, "resourceId", "quantity")
    assert (problem.code, problem.key, problem.field) == (
        UserErrorCode.INVALID_STATE,
        "resource_unavailable",
        ("input", "resourceId"),
    )
    assert problem.params["status"] == status


def test_an_offer_ends_at_the_end_of_its_window() -> None:
    fine = _resource(available_until=NOW + timedelta(seconds=1))
    assert offer_problems(fine, None, NOW, 1, "resourceId", "quantity") == []
    for until in (NOW, NOW - timedelta(days=1)):
        ended = _resource(available_until=until)
        assert where(offer_problems(ended, None, NOW, 1, "resourceId", "quantity")) == [
            (UserErrorCode.INVALID_STATE, ("input", "resourceId"))
        ]
        assert keys(offer_problems(ended, None, NOW, 1, "resourceId", "quantity")) == ["resource_ended"]


def test_an_offer_reports_every_reason_at_once() -> None:
    resource = _resource(quantity=1, quantity_committed=1, available_until=NOW, status="EXHAUSTED")
    problems = offer_problems(resource, OrganizationStatus.SUSPENDED, NOW, 1, "resourceId", "quantity")
    assert keys(problems) == ["resource_short", "resource_ended", "party_inactive"]


@pytest.mark.parametrize("status", [DemandStatus.OPEN, DemandStatus.MATCHED])
def test_a_demand_takes_units_up_to_what_it_still_needs(status: str) -> None:
    demand = _demand(status=status, quantity=4, quantity_matched=1)
    assert match_problems(demand, 3, "demandId", "quantity") == []
    [short] = match_problems(demand, 4, "demandId", "quantity")
    assert (short.code, short.key, short.field) == (
        UserErrorCode.LIMIT_REACHED,
        "demand_short",
        ("input", "quantity"),
    )
    assert (short.params["left"], short.params["unit"]) == (3, "场")


@pytest.mark.parametrize("status", NOT_SEEKING)
def test_a_demand_no_longer_open_takes_no_engagement(status: str) -> None:
    [problem] = match_problems(_demand(status=status), 1, "demandId")
    assert (problem.code, problem.key, problem.field) == (
        UserErrorCode.INVALID_STATE,
        "demand_unavailable",
        ("input", "demandId"),
    )


def test_a_need_also_needs_a_requester_in_good_standing() -> None:
    assert need_problems(_demand(), OrganizationStatus.ACTIVE, 1, "demandId", "quantity") == []
    problems = need_problems(_demand(), OrganizationStatus.SUSPENDED, 5, "demandId", "quantity")
    assert keys(problems) == ["demand_short", "party_inactive"]


def test_a_pair_shares_a_category_and_has_two_parties() -> None:
    assert pair_problems(_demand(), _resource()) == []
    assert keys(pair_problems(_demand(category="FUNDING"), _resource())) == ["category_mismatch"]
    mine = _resource(provider_kind=HOME[0], provider_id=HOME[1])
    assert keys(pair_problems(_demand(), mine)) == ["same_party"]
    both = pair_problems(_demand(category="FUNDING"), mine)
    assert where(both) == [(UserErrorCode.INVALID, ("input", "resourceId"))] * 2


def test_a_volunteer_applies_only_to_a_position_with_a_place_left() -> None:
    position = _resource(category="VOLUNTEER_POSITION", quantity=2, quantity_committed=1)
    assert position_problems(position, None, NOW, "opportunityId") == []
    [not_a_position] = position_problems(_resource(), None, NOW, "opportunityId")
    assert (not_a_position.code, not_a_position.key, not_a_position.field) == (
        UserErrorCode.INVALID,
        "not_a_position",
        ("input", "opportunityId"),
    )
    full = _resource(category="VOLUNTEER_POSITION", quantity=2, quantity_committed=2)
    assert where(position_problems(full, None, NOW, "opportunityId")) == [
        (UserErrorCode.LIMIT_REACHED, ("input", "opportunityId"))
    ]


def test_a_note_gains_each_message_on_its_own_line() -> None:
    assert appended("", "我方可以提供") == "我方可以提供"
    assert appended("我方可以提供", "  时间有变 ") == "我方可以提供\n时间有变"
    assert appended("我方可以提供", None) == "我方可以提供"
    assert appended("我方可以提供", "   ") == "我方可以提供"
