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


def test_every_message_key_has_both_languages() -> None:
    from domain.messages import LOCALES, MESSAGES

    assert all(set(LOCALES) <= set(templates) for templates in MESSAGES.values())
