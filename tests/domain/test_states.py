"""The workflows' state machines: every legal move, and refusal of everything else."""

from __future__ import annotations

import pytest

from domain.enums import (
    ComplaintStatus,
    DemandStatus,
    EngagementStatus,
    OrganizationStatus,
    ResourceStatus,
)
from domain.problems import Rejected, UserErrorCode
from domain.workflows import states
from domain.workflows.accounting import demand_status, remaining_need, resource_status

MACHINES = {
    "organization": (states.ORGANIZATION, OrganizationStatus),
    "resource": (states.RESOURCE, ResourceStatus),
    "demand": (states.DEMAND, DemandStatus),
    "engagement": (states.ENGAGEMENT, EngagementStatus),
    "complaint": (states.COMPLAINT, ComplaintStatus),
}


def test_organization_admission_and_exit_path() -> None:
    status = OrganizationStatus.PENDING
    for action, expected in [
        ("approve", "ACTIVE"),
        ("suspend", "SUSPENDED"),
        ("reinstate", "ACTIVE"),
        ("exit", "EXITED"),
    ]:
        status = states.next_status(states.ORGANIZATION, status, action)
        assert status == expected


@pytest.mark.parametrize("name", MACHINES)
def test_every_move_not_in_a_machine_is_invalid_state(name) -> None:
    machine, statuses = MACHINES[name]
    actions = {action for (_, action) in machine}
    for status in statuses:
        for action in actions:
            if (status, action) in machine:
                continue
            with pytest.raises(Rejected) as raised:
                states.next_status(machine, status, action)
            [problem] = raised.value.problems
            assert problem.code == UserErrorCode.INVALID_STATE
            assert problem.params["status"] == status


def test_terminal_statuses_allow_nothing() -> None:
    assert states.allowed_actions(states.ENGAGEMENT, EngagementStatus.COMPLETED) == []
    assert states.allowed_actions(states.ORGANIZATION, OrganizationStatus.EXITED) == []
    assert states.allowed_actions(states.ENGAGEMENT, EngagementStatus.PROPOSED) == [
        "accept",
        "cancel",
        "decline",
    ]


@pytest.mark.parametrize(
    ("current", "matched", "fulfilled", "expected"),
    [
        ("OPEN", 0, 0, "OPEN"),
        ("OPEN", 3, 0, "OPEN"),
        ("OPEN", 5, 0, "MATCHED"),
        ("MATCHED", 5, 5, "FULFILLED"),
        ("MATCHED", 4, 0, "OPEN"),  # an accepted engagement was cancelled
        ("CANCELLED", 5, 5, "CANCELLED"),
        ("DRAFT", 5, 0, "DRAFT"),
    ],
)
def test_demand_status_follows_its_quantities(current, matched, fulfilled, expected) -> None:
    assert demand_status(current, 5, matched, fulfilled) == expected


def test_resource_is_exhausted_when_nothing_is_left_and_back_when_units_return() -> None:
    assert resource_status("PUBLISHED", 3, 3) == "EXHAUSTED"
    assert resource_status("EXHAUSTED", 3, 2) == "PUBLISHED"
    assert resource_status("WITHDRAWN", 3, 3) == "WITHDRAWN"
    assert remaining_need(5, 7) == 0
    assert remaining_need(5, 2) == 3


def test_every_message_key_has_both_languages() -> None:
    from domain.messages import LOCALES, MESSAGES

    assert all(set(LOCALES) <= set(templates) for templates in MESSAGES.values())


def test_checks_collect_every_problem_before_refusing() -> None:
    from datetime import UTC, datetime

    from domain.workflows.checks import Checks

    checks = Checks()
    checks.text("title", " ")
    checks.text("description", "x" * 5000, max_length=4000)
    checks.number("quantity", 0, low=1, high=100)
    checks.window("availableFrom", datetime(2026, 2, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC))
    with pytest.raises(Rejected) as raised:
        checks.done()
    assert [(p.code, p.field) for p in raised.value.problems] == [
        (UserErrorCode.REQUIRED, ("input", "title")),
        (UserErrorCode.TOO_LONG, ("input", "description")),
        (UserErrorCode.OUT_OF_RANGE, ("input", "quantity")),
        (UserErrorCode.INVALID, ("input", "availableFrom")),
    ]
