"""Quantities of engagements: what a resource has left, where a demand stands.

A resource's `quantity_committed` counts the units of its ACCEPTED and COMPLETED
engagements (for a volunteer position, also one place per ACCEPTED or COMPLETED application);
it never exceeds `quantity` (the database enforces this with a conditional update, see
datasources/commands/quantities.py). A demand's `quantity_matched` counts the units of its
ACCEPTED and COMPLETED engagements, `quantity_fulfilled` those of its COMPLETED ones only,
so fulfilled <= matched; together they decide its status.
"""

from __future__ import annotations

from datetime import datetime

from domain.enums import DemandStatus, ResourceStatus

# Statuses a demand's quantities may move it between (others are chosen by people).
QUANTITY_DRIVEN = frozenset({DemandStatus.OPEN, DemandStatus.MATCHED, DemandStatus.FULFILLED})


def demand_status(current: str, quantity: int, matched: int, fulfilled: int) -> str:
    """The status a demand's quantities call for; drafts, cancelled and closed stay as they are."""
    if current not in QUANTITY_DRIVEN:
        return current
    if fulfilled >= quantity:
        return DemandStatus.FULFILLED
    if matched >= quantity:
        return DemandStatus.MATCHED
    return DemandStatus.OPEN


def fulfilment_clock(before: str, after: str, now: datetime) -> dict[str, datetime | None]:
    """A demand's `fulfilled_at` as its status moves: set on becoming FULFILLED, cleared when
    it needs more again (its quantity raised); unchanged otherwise."""
    if after == DemandStatus.FULFILLED and before != DemandStatus.FULFILLED:
        return {"fulfilled_at": now}
    if before == DemandStatus.FULFILLED and after != DemandStatus.FULFILLED:
        return {"fulfilled_at": None}
    return {}


def resource_status(current: str, quantity: int, committed: int) -> str:
    """PUBLISHED while units are left, EXHAUSTED when none are; other statuses stay."""
    if current == ResourceStatus.PUBLISHED and committed >= quantity:
        return ResourceStatus.EXHAUSTED
    if current == ResourceStatus.EXHAUSTED and committed < quantity:
        return ResourceStatus.PUBLISHED
    return current


def units_left(quantity: int, taken: int) -> int:
    """Units of `quantity` not taken yet (committed, or matched); never negative."""
    return max(quantity - taken, 0)


def remaining_need(quantity: int, matched: int) -> int:
    """Units of a demand no accepted engagement covers yet."""
    return units_left(quantity, matched)
