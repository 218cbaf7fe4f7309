"""The one definition of each resource category's own fields (domain/workflows/categories.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.enums import ResourceCategory
from domain.problems import Rejected
from domain.workflows.categories import DETAIL_INPUTS, REQUIRED, SHAPERS, Window, check_details, schedule_fits
from domain.workflows.checks import Checks

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
WINDOW = Window(None, NOW + timedelta(days=30), NOW)


def test_every_category_has_an_input_required_fields_and_a_shape() -> None:
    assert set(DETAIL_INPUTS) == set(REQUIRED) == set(SHAPERS) == set(ResourceCategory)
    assert all(REQUIRED[category] for category in ResourceCategory)


def test_a_position_stores_its_shifts_as_weekly_slots_and_a_schedule() -> None:
    saturday = datetime(2026, 6, 6, 1, 0, tzinfo=UTC)  # 09:00 in Beijing
    values = {
        "skills": ["摄影"],
        "shifts": [{"starts_at": saturday, "ends_at": saturday + timedelta(hours=3)}],
    }
    checks = Checks()
    stored = check_details(checks, ResourceCategory.VOLUNTEER_POSITION, values, WINDOW)
    checks.done()
    assert stored.details["shifts"] == ["WEEKEND_DAYTIME"]
    assert stored.details["schedule"] == [
        {"startsAt": saturday.isoformat(), "endsAt": (saturday + timedelta(hours=3)).isoformat()}
    ]
    assert schedule_fits(stored.details, WINDOW)
    assert not schedule_fits(stored.details, Window(None, saturday, NOW))


def test_funding_is_stored_in_fen_and_refuses_fractions_of_a_fen() -> None:
    checks = Checks()
    stored = check_details(checks, ResourceCategory.FUNDING, {"amount": "1234.56"}, WINDOW)
    assert stored.amount_fen == 123456
    check_details(checks, ResourceCategory.FUNDING, {"amount": "10.005"}, WINDOW)
    with pytest.raises(Rejected) as refused:
        checks.done()
    assert [(p.code, p.field) for p in refused.value.problems] == [
        ("INVALID", ("input", "funding", "amount"))
    ]
