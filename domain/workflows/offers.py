"""Publishing resources (资源) and demands (需求): the checks both share, and what may change when.

A resource is edited while DRAFT, PUBLISHED or EXHAUSTED, a demand while DRAFT, OPEN or
MATCHED; later statuses are history (INVALID_STATE). Quantities never drop below what
accepted engagements hold, and the status that follows from them is recomputed by
`accounting.py` (an EXHAUSTED resource given more units is PUBLISHED again).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from domain.enums import DemandStatus, ParticipantKind, ResourceStatus
from domain.geo import valid_point
from domain.problems import Problem, Rejected, UserErrorCode
from domain.workflows.checks import Checks
from domain.workflows.states import invalid_state

MAX_TITLE = 200
MAX_DESCRIPTION = 4000
MAX_UNIT = 20
MAX_SUBDISTRICT = 60
MAX_QUANTITY = 100_000
MAX_BENEFICIARIES = 10_000_000
MAX_RADIUS_KM = 500.0
MAX_TAGS = 10
MAX_TAG = 30
MAX_SERVICE_DISTRICTS = 16
MAX_REASON = 400

# Who publishes what: anyone offers resources; homes and organizations publish demands.
PROVIDER_KINDS = frozenset(ParticipantKind)
REQUESTER_KINDS = frozenset({ParticipantKind.HOME, ParticipantKind.ORGANIZATION})
RESOURCE_EDITABLE = frozenset({ResourceStatus.DRAFT, ResourceStatus.PUBLISHED, ResourceStatus.EXHAUSTED})
DEMAND_EDITABLE = frozenset({DemandStatus.DRAFT, DemandStatus.OPEN, DemandStatus.MATCHED})


def check_texts(
    checks: Checks, title: str | None, description: str | None, unit: str | None, *, creating: bool
) -> None:
    """Title (required when creating), description and unit; None means "not given"."""
    if creating or title is not None:
        checks.text("title", title, max_length=MAX_TITLE)
    checks.text("description", description, required=False, max_length=MAX_DESCRIPTION)
    if unit is not None:
        checks.text("unit", unit, max_length=MAX_UNIT)


def check_point(checks: Checks, field: str, lat: float | None, lon: float | None) -> None:
    """A location on Earth (WGS-84 latitude -90..90, longitude -180..180)."""
    if lat is not None and lon is not None and not valid_point(lat, lon):
        checks.add(UserErrorCode.OUT_OF_RANGE, "not_on_earth", field)


def check_tags(checks: Checks, tags: list[str] | None) -> None:
    if tags is None:
        return
    checks.items("tags", tags, max_items=MAX_TAGS)
    cleaned = [tag.strip() for tag in tags]
    if any(not tag or len(tag) > MAX_TAG for tag in cleaned) or len(set(cleaned)) < len(cleaned):
        checks.add(UserErrorCode.INVALID, "invalid", "tags")


def check_moment(checks: Checks, field: str, moment: datetime | None, now: datetime) -> bool:
    """A given moment has a UTC offset and lies in the future; whether it was fine."""
    if moment is None:
        return True
    if moment.tzinfo is None:
        checks.add(UserErrorCode.INVALID, "needs_offset", field)
        return False
    if moment <= now:
        checks.add(UserErrorCode.INVALID, "in_the_past", field)
        return False
    return True


def check_window(
    checks: Checks,
    start: datetime | None,
    end: datetime | None,
    now: datetime,
    *,
    start_given: bool,
    end_given: bool,
) -> bool:
    """An availability window: the end (when given) in the future, after the start. The start
    may lie in the past (available since then). Whether it was fine."""
    naive = [f for f, v, g in (("availableFrom", start, start_given), ("availableUntil", end, end_given))
             if g and v is not None and v.tzinfo is None]  # fmt: skip
    for field in naive:
        checks.add(UserErrorCode.INVALID, "needs_offset", field)
    if naive:
        return False
    fine = check_moment(checks, "availableUntil", end, now) if end_given else True
    if fine and start is not None and end is not None and start >= end:
        checks.add(UserErrorCode.INVALID, "window_order", "availableUntil")
        return False
    return fine


def check_service_districts(checks: Checks, district_ids: Collection[int] | None) -> None:
    if district_ids is not None:
        checks.items("serviceDistrictIds", district_ids, max_items=MAX_SERVICE_DISTRICTS)


def check_quantity(checks: Checks, quantity: int | None, held: int, held_field: str) -> None:
    """Units 1..MAX_QUANTITY, never fewer than accepted engagements hold already."""
    if quantity is None:
        return
    checks.number("quantity", quantity, low=1, high=MAX_QUANTITY)
    if quantity < held:
        checks.add(UserErrorCode.OUT_OF_RANGE, "below_held", "quantity", held=held, what=held_field)


def check_editable(status: str, editable: frozenset[str], action: str) -> None:
    if status not in editable:
        raise invalid_state(status, action)


def under_way_refusal(kind: str, ids: list[int]) -> Rejected:
    """Withdrawing or cancelling while accepted engagements (or applications) hang on it:
    they are the other side's commitments, so they are settled first (INVALID_STATE)."""
    return Rejected(
        Problem(
            UserErrorCode.INVALID_STATE,
            "commitments_under_way",
            None,
            {"what": kind, "ids": ", ".join(f"#{pk}" for pk in ids)},
        )
    )
