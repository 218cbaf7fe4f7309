"""The rules of volunteer applications: who acts, and the bound on the hours a completion records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.problems import Rejected, UserErrorCode
from domain.workflows import states
from domain.workflows.applications import (
    applicant,
    own_position_problems,
    require_applicant,
    require_provider,
    service_days,
    service_minutes,
)

NOW = datetime(2026, 12, 4, 12, tzinfo=UTC)
HOUR = timedelta(hours=1)


def test_the_application_path_and_its_dead_ends() -> None:
    status = "APPLIED"
    for action, expected in [("accept", "ACCEPTED"), ("complete", "COMPLETED")]:
        status = states.next_status(states.APPLICATION, status, action)
        assert status == expected
    assert states.allowed_actions(states.APPLICATION, "APPLIED") == ["accept", "decline", "withdraw"]
    assert states.allowed_actions(states.APPLICATION, "ACCEPTED") == ["complete", "withdraw"]
    for status in ("DECLINED", "COMPLETED"):
        assert states.allowed_actions(states.APPLICATION, status) == []
    with pytest.raises(Rejected) as refused:
        states.next_status(states.APPLICATION, "COMPLETED", "withdraw")
    assert refused.value.problems[0].code == UserErrorCode.INVALID_STATE


@pytest.mark.parametrize(
    ("start", "end", "applied", "days"),
    [
        (None, None, NOW - HOUR, 1),  # no window: from the day she applied to now
        (None, None, NOW - 50 * HOUR, 3),
        (NOW - 36 * HOUR, NOW - HOUR, NOW, 2),  # the window, counted in started days
        (NOW - 10 * 24 * HOUR, NOW + 10 * 24 * HOUR, NOW, 10),  # not beyond now
        (NOW + HOUR, NOW + 5 * HOUR, NOW, 1),  # a window still ahead: one day at most
    ],
)
def test_service_days(start: datetime | None, end: datetime | None, applied: datetime, days: int) -> None:
    assert service_days(start, end, applied, NOW) == days


@pytest.mark.parametrize(("hours", "minutes"), [(0.25, 15), (24, 1440), (1 / 60, 1), (23.999, 1440)])
def test_hours_become_minutes(hours: float, minutes: int) -> None:
    assert service_minutes(hours, 1, "hoursServed") == minutes


@pytest.mark.parametrize("hours", [0, -1, 0.008, 24.01, float("inf"), float("nan")])
def test_hours_out_of_range(hours: float) -> None:
    with pytest.raises(Rejected) as refused:
        service_minutes(hours, 1, "hoursServed")
    (problem,) = refused.value.problems
    assert (problem.code, problem.field, problem.params["max"]) == (
        UserErrorCode.OUT_OF_RANGE,
        ("input", "hoursServed"),
        24,
    )


def test_who_acts_on_an_application() -> None:
    assert applicant(("VOLUNTEER", 7)) == 7
    for viewer in (None, ("ORGANIZATION", 7), ("HOME", 1)):
        with pytest.raises(Rejected):
            applicant(viewer)
    require_provider(("ORGANIZATION", 3), ("ORGANIZATION", 3))
    with pytest.raises(Rejected):
        require_provider(("VOLUNTEER", 3), ("ORGANIZATION", 3))
    require_applicant(("VOLUNTEER", 5), 5)
    with pytest.raises(Rejected):
        require_applicant(("VOLUNTEER", 6), 5)
    assert own_position_problems(("VOLUNTEER", 5), ("ORGANIZATION", 5), "opportunityId") == []
    assert [p.key for p in own_position_problems(("VOLUNTEER", 5), ("VOLUNTEER", 5), "f")] == ["same_party"]
