"""Quantities of engagements and the statuses they call for (domain/workflows/accounting.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain.enums import DemandStatus, ResourceStatus
from domain.workflows.accounting import (
    QUANTITY_DRIVEN,
    demand_status,
    fulfilment_clock,
    remaining_need,
    resource_status,
    units_left,
)

QUANTITIES = (1, 2, 5)


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


@pytest.mark.parametrize("quantity", QUANTITIES)
def test_a_demand_is_matched_exactly_when_its_last_unit_is_promised(quantity: int) -> None:
    assert demand_status(DemandStatus.OPEN, quantity, quantity - 1, 0) == DemandStatus.OPEN
    assert demand_status(DemandStatus.OPEN, quantity, quantity, 0) == DemandStatus.MATCHED


@pytest.mark.parametrize("quantity", QUANTITIES)
def test_a_demand_is_fulfilled_exactly_when_its_last_unit_is_delivered(quantity: int) -> None:
    assert demand_status(DemandStatus.MATCHED, quantity, quantity, quantity - 1) == DemandStatus.MATCHED
    assert demand_status(DemandStatus.MATCHED, quantity, quantity, quantity) == DemandStatus.FULFILLED


def test_raising_a_demands_quantity_reopens_it() -> None:
    """Quantities move a demand down as well as up: 3 promised and delivered of 3, then 4 asked."""
    assert demand_status(DemandStatus.FULFILLED, 3, 3, 3) == DemandStatus.FULFILLED
    assert demand_status(DemandStatus.FULFILLED, 4, 3, 3) == DemandStatus.OPEN
    assert demand_status(DemandStatus.FULFILLED, 4, 4, 3) == DemandStatus.MATCHED


def test_only_the_quantities_decide_among_the_quantity_driven_statuses() -> None:
    for quantity in QUANTITIES:
        for matched in range(quantity + 1):
            for fulfilled in range(matched + 1):
                results = {demand_status(s, quantity, matched, fulfilled) for s in QUANTITY_DRIVEN}
                assert len(results) == 1, (quantity, matched, fulfilled)
                assert results <= QUANTITY_DRIVEN


@pytest.mark.parametrize("status", sorted(set(DemandStatus) - QUANTITY_DRIVEN))
def test_statuses_people_chose_are_kept_whatever_the_quantities(status: str) -> None:
    for matched, fulfilled in ((0, 0), (2, 0), (2, 2)):
        assert demand_status(status, 2, matched, fulfilled) == status


def test_resource_is_exhausted_when_nothing_is_left_and_back_when_units_return() -> None:
    assert resource_status("PUBLISHED", 3, 3) == "EXHAUSTED"
    assert resource_status("EXHAUSTED", 3, 2) == "PUBLISHED"
    assert resource_status("WITHDRAWN", 3, 3) == "WITHDRAWN"
    assert remaining_need(5, 7) == 0
    assert remaining_need(5, 2) == 3


@pytest.mark.parametrize("quantity", QUANTITIES)
def test_a_resource_is_exhausted_exactly_when_its_last_unit_is_committed(quantity: int) -> None:
    assert resource_status(ResourceStatus.PUBLISHED, quantity, quantity - 1) == ResourceStatus.PUBLISHED
    assert resource_status(ResourceStatus.PUBLISHED, quantity, quantity) == ResourceStatus.EXHAUSTED
    assert resource_status(ResourceStatus.EXHAUSTED, quantity, quantity) == ResourceStatus.EXHAUSTED
    # More units given to an exhausted resource publish it again.
    assert resource_status(ResourceStatus.EXHAUSTED, quantity + 1, quantity) == ResourceStatus.PUBLISHED


@pytest.mark.parametrize("status", [ResourceStatus.DRAFT, ResourceStatus.WITHDRAWN, ResourceStatus.EXPIRED])
def test_a_resource_off_offer_keeps_its_status(status: str) -> None:
    for committed in (0, 2, 3):
        assert resource_status(status, 3, committed) == status


def test_units_left_count_down_to_zero_and_no_further() -> None:
    assert [units_left(3, taken) for taken in range(5)] == [3, 2, 1, 0, 0]
    assert [remaining_need(2, matched) for matched in range(4)] == [2, 1, 0, 0]


def test_the_fulfilment_clock_starts_on_fulfilment_and_clears_when_more_is_needed() -> None:
    now = datetime(2026, 6, 1, tzinfo=UTC)
    assert fulfilment_clock("MATCHED", "FULFILLED", now) == {"fulfilled_at": now}
    assert fulfilment_clock("FULFILLED", "OPEN", now) == {"fulfilled_at": None}  # quantity raised
    assert fulfilment_clock("FULFILLED", "FULFILLED", now) == {}
    assert fulfilment_clock("OPEN", "MATCHED", now) == {}
