"""What each of the seven resource categories (七大类资源) must say, and how it is stored.

The one definition of a category's own fields: `REQUIRED` names them, `check_details`
checks one category's input and returns what is stored (the `details` JSON, and the
`amount_fen` / `address` columns). Inputs arrive as plain mappings with snake_case keys
(the GraphQL input objects as dicts); problems name the graph's camelCase input fields,
nested under the category's input (`venue.capacity`, `material.items.0.quantity`).

    FUNDING              funding {amount, disbursement?}               资金
    PLANNING             planning {format, deliverables}               策划
    PROJECT              project {durationMonths, goal?}               项目
    VENUE                venue {capacity, address, facilities?}        场地
    MATERIAL             material {items [{name, quantity, unit}], delivery?, pickupAddress?}  物资
    PROFESSIONAL_SERVICE professionalService {format, sessionMinutes?} 专业服务
    VOLUNTEER_POSITION   volunteerPosition {skills, shifts [{startsAt, endsAt}]}  志愿岗位
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from domain.enums import ResourceCategory
from domain.matching.vocabulary import SKILLS, SLOTS, slot_of
from domain.problems import UserErrorCode
from domain.workflows.checks import Checks

C = ResourceCategory
# The input object that carries each category's own fields.
DETAIL_INPUTS: dict[str, str] = {
    C.FUNDING: "funding",
    C.PLANNING: "planning",
    C.PROJECT: "project",
    C.VENUE: "venue",
    C.MATERIAL: "material",
    C.PROFESSIONAL_SERVICE: "professionalService",
    C.VOLUNTEER_POSITION: "volunteerPosition",
}
# Which of those fields must be given (graph names).
REQUIRED: dict[str, tuple[str, ...]] = {
    C.FUNDING: ("amount",),
    C.PLANNING: ("format", "deliverables"),
    C.PROJECT: ("durationMonths",),
    C.VENUE: ("capacity", "address"),
    C.MATERIAL: ("items",),
    C.PROFESSIONAL_SERVICE: ("format",),
    C.VOLUNTEER_POSITION: ("skills", "shifts"),
}
# A category's own fields as given: a plain mapping with snake_case keys (nested inputs too).
Details = Mapping[str, Any]
# How a service is delivered, stored in the words the seed and the importer use.
FORMATS = {"OFFLINE": "线下", "ONLINE": "线上", "HYBRID": "线上线下结合"}

MAX_AMOUNT = Decimal(1_000_000_000)  # CNY
MAX_CAPACITY = 10_000
MAX_DURATION_MONTHS = 60
MAX_SESSION_MINUTES = 480
MAX_LIST = 20  # items, deliverables, facilities, skills, shifts
MAX_QUANTITY = 1_000_000
MAX_WORD = 60  # a deliverable, a facility, an item's name
MAX_TEXT = 300  # an address, a goal, a delivery note


@dataclass
class Stored:
    """What a category's input becomes: the `details` JSON and the columns it sets."""

    details: dict[str, Any] = field(default_factory=dict)
    amount_fen: int | None = None
    address: str | None = None


@dataclass(frozen=True)
class Window:
    """A resource's availability window (either end may be open) and the present moment."""

    start: datetime | None
    end: datetime | None
    now: datetime


def chosen_input(
    checks: Checks, category: str, given: Mapping[str, Details | None], *, required: bool
) -> Details | None:
    """The one detail input matching `category`; any other one given is INVALID at its own
    path, the matching one missing is REQUIRED (when `required`)."""
    expected = DETAIL_INPUTS[category]
    for name, value in given.items():
        if value is not None and name != expected:
            checks.add(UserErrorCode.INVALID, "details_mismatch", name, category=category, expected=expected)
    chosen = given.get(expected)
    if chosen is None and required:
        checks.add(UserErrorCode.REQUIRED, "details_required", expected, category=category)
    return chosen


def check_details(checks: Checks, category: str, values: Details, window: Window) -> Stored:
    """Check one category's fields (each problem collected) and shape them for storage."""
    prefix = DETAIL_INPUTS[category]
    at = _At(checks, prefix)
    for name in REQUIRED[category]:
        at.required(name, values.get(_snake(name)))
    return SHAPERS[category](at, values, window)


class _At:
    """Checks under one category's input: `field` names are relative to it."""

    def __init__(self, checks: Checks, prefix: str) -> None:
        self.checks, self.prefix = checks, prefix

    def path(self, name: str) -> str:
        return f"{self.prefix}.{name}"

    def add(self, code: UserErrorCode, key: str, name: str, **params: Any) -> None:
        self.checks.add(code, key, self.path(name), **params)

    def required(self, name: str, value: Any) -> None:
        empty = value.strip() == "" if isinstance(value, str) else value == []
        if value is None or empty:
            self.add(UserErrorCode.REQUIRED, "required", name)

    def text(self, name: str, value: str | None, max_length: int = MAX_TEXT) -> str | None:
        if value is None or not value.strip():
            return None
        if len(value) > max_length:
            self.add(UserErrorCode.TOO_LONG, "too_long", name, max=max_length)
        return value.strip()

    def number(self, name: str, value: int | None, low: int, high: int) -> int | None:
        if value is not None and not low <= value <= high:
            self.add(UserErrorCode.OUT_OF_RANGE, "out_of_range", name, min=low, max=high)
        return value

    def words(
        self, name: str, values: list[str] | None, vocabulary: tuple[str, ...] | None = None
    ) -> list[str]:
        return check_words(self.checks, self.path(name), values, vocabulary)


def check_words(
    checks: Checks, field: str, values: list[str] | None, vocabulary: tuple[str, ...] | None = None
) -> list[str]:
    """A short list of short words, each given once (and known, with a vocabulary): a position's
    skills, a volunteer's (the importer holds her to the same words)."""
    values = values or []
    if len(values) > MAX_LIST:
        checks.add(UserErrorCode.OUT_OF_RANGE, "too_many", field, max=MAX_LIST)
    cleaned = [value.strip() for value in values]
    if any(not value or len(value) > MAX_WORD for value in cleaned) or len(set(cleaned)) < len(cleaned):
        checks.add(UserErrorCode.INVALID, "invalid", field)
    unknown = [value for value in cleaned if vocabulary is not None and value and value not in vocabulary]
    if unknown:
        checks.add(UserErrorCode.INVALID, "unknown_skills", field, unknown="、".join(unknown))
    return cleaned


def _funding(at: _At, values: Mapping[str, Any], window: Window) -> Stored:
    stored = Stored(details=_present(disbursement=at.text("disbursement", values.get("disbursement"))))
    stored.amount_fen = amount_fen(at.checks, at.path("amount"), values.get("amount"))
    return stored


def amount_fen(checks: Checks, field: str, amount: Decimal | None) -> int | None:
    """An amount of money in CNY (0.01 to MAX_AMOUNT, whole fen) as integer fen."""
    if amount is None:
        return None
    amount = Decimal(amount)
    if not Decimal("0.01") <= amount <= MAX_AMOUNT:
        checks.add(UserErrorCode.OUT_OF_RANGE, "out_of_range", field, min="0.01", max=MAX_AMOUNT)
    elif amount != amount.quantize(Decimal("0.01")):
        checks.add(UserErrorCode.INVALID, "cents", field)
    else:
        return int(amount * 100)
    return None


def _planning(at: _At, values: Mapping[str, Any], window: Window) -> Stored:
    return Stored(
        details=_present(
            format=_format(values.get("format")),
            deliverables=at.words("deliverables", values.get("deliverables")) or None,
        )
    )


def _project(at: _At, values: Mapping[str, Any], window: Window) -> Stored:
    months = at.number("durationMonths", values.get("duration_months"), 1, MAX_DURATION_MONTHS)
    return Stored(details=_present(durationMonths=months, goal=at.text("goal", values.get("goal"))))


def _venue(at: _At, values: Mapping[str, Any], window: Window) -> Stored:
    capacity = at.number("capacity", values.get("capacity"), 1, MAX_CAPACITY)
    facilities = at.words("facilities", values.get("facilities"))
    return Stored(
        details=_present(capacity=capacity, facilities=facilities or None),
        address=at.text("address", values.get("address")),
    )


def _material(at: _At, values: Mapping[str, Any], window: Window) -> Stored:
    items = values.get("items") or []
    if len(items) > MAX_LIST:
        at.add(UserErrorCode.OUT_OF_RANGE, "too_many", "items", max=MAX_LIST)
    shaped = []
    for index, item in enumerate(items):
        name, unit = (item.get(key) or "" for key in ("name", "unit"))
        for key, text, limit in (("name", name, MAX_WORD), ("unit", unit, 20)):
            if not text.strip():
                at.add(UserErrorCode.REQUIRED, "required", f"items.{index}.{key}")
            elif len(text) > limit:
                at.add(UserErrorCode.TOO_LONG, "too_long", f"items.{index}.{key}", max=limit)
        quantity = item.get("quantity")
        if quantity is None:
            at.add(UserErrorCode.REQUIRED, "required", f"items.{index}.quantity")
        else:
            at.number(f"items.{index}.quantity", quantity, 1, MAX_QUANTITY)
        shaped.append({"name": name.strip(), "quantity": quantity, "unit": unit.strip()})
    return Stored(
        details=_present(items=shaped or None, delivery=at.text("delivery", values.get("delivery"))),
        address=at.text("pickupAddress", values.get("pickup_address")),
    )


def _professional_service(at: _At, values: Mapping[str, Any], window: Window) -> Stored:
    minutes = at.number("sessionMinutes", values.get("session_minutes"), 10, MAX_SESSION_MINUTES)
    return Stored(details=_present(format=_format(values.get("format")), sessionMinutes=minutes))


def _volunteer_position(at: _At, values: Mapping[str, Any], window: Window) -> Stored:
    skills = at.words("skills", values.get("skills"), SKILLS)
    shifts = values.get("shifts") or []
    if len(shifts) > MAX_LIST:
        at.add(UserErrorCode.OUT_OF_RANGE, "too_many", "shifts", max=MAX_LIST)
    schedule = []
    for index, shift in enumerate(shifts):
        starts, ends = shift.get("starts_at"), shift.get("ends_at")
        if _shift_problem(at, f"shifts.{index}", starts, ends, window):
            continue
        schedule.append({"startsAt": starts.isoformat(), "endsAt": ends.isoformat(), "slot": slot_of(starts)})
    schedule.sort(key=lambda shift: shift["startsAt"])
    slots = sorted({shift.pop("slot") for shift in schedule})
    return Stored(details=_present(skills=skills or None, shifts=slots or None, schedule=schedule or None))


def _shift_problem(
    at: _At, name: str, starts: datetime | None, ends: datetime | None, window: Window
) -> bool:
    """Whether a shift is wrong: needs both ends with an offset, in the future, in order, and
    within the resource's window."""
    if starts is None or ends is None:
        at.add(UserErrorCode.REQUIRED, "required", f"{name}.{'startsAt' if starts is None else 'endsAt'}")
        return True
    if starts.tzinfo is None or ends.tzinfo is None:
        at.add(UserErrorCode.INVALID, "needs_offset", name)
        return True
    problem = True
    if starts <= window.now:
        at.add(UserErrorCode.INVALID, "in_the_past", f"{name}.startsAt")
    elif starts >= ends:
        at.add(UserErrorCode.INVALID, "window_order", name)
    elif (window.start is not None and starts < window.start) or (
        window.end is not None and ends > window.end
    ):
        at.add(UserErrorCode.INVALID, "shift_outside_window", name)
    else:
        problem = False
    return problem


def check_stored_details(checks: Checks, category: str, details: Mapping[str, Any], window: Window) -> None:
    """A category's `details` as stored (what the importer reads and the exporter writes): skills
    from the vocabulary wherever they are given; a position's skills and weekly shifts (slot
    names) required, and its dated schedule, if any, held to the rules its shifts were published
    under (both ends with an offset, in order, within the window) and named by its shifts."""
    at = _At(checks, "details")
    if category == C.VOLUNTEER_POSITION:
        at.required("skills", details.get("skills"))
    if "skills" in details or category == C.VOLUNTEER_POSITION:
        at.words("skills", _strings(at, "skills", details.get("skills")), SKILLS)
    if category != C.VOLUNTEER_POSITION:
        return
    at.required("shifts", details.get("shifts"))
    shifts = _strings(at, "shifts", details.get("shifts"))
    if any(shift not in SLOTS for shift in shifts) or len(set(shifts)) < len(shifts):
        at.add(UserErrorCode.INVALID, "unknown_shifts", "shifts", known=", ".join(SLOTS))
    schedule = details.get("schedule") or []
    if not isinstance(schedule, list):
        at.add(UserErrorCode.INVALID, "invalid", "schedule")
        return
    for index, shift in enumerate(schedule):
        name = f"schedule.{index}"
        starts, ends = (_moment(shift, key) for key in ("startsAt", "endsAt"))
        if starts is None or ends is None:
            at.add(UserErrorCode.INVALID, "invalid", name)
        elif not _shift_problem(at, name, starts, ends, window) and slot_of(starts) not in shifts:
            at.add(UserErrorCode.INVALID, "schedule_slots", name, slot=slot_of(starts))


def _strings(at: _At, name: str, values: Any) -> list[str]:
    """A stored list of words; anything else is INVALID (and taken as empty)."""
    if values is None:
        return []
    if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
        at.add(UserErrorCode.INVALID, "invalid", name)
        return []
    return values


def _moment(shift: Any, key: str) -> datetime | None:
    """One end of a stored shift (ISO 8601); None if missing or not a time."""
    value = shift.get(key) if isinstance(shift, dict) else None
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def schedule_fits(details: Mapping[str, Any], window: Window) -> bool:
    """Whether a stored volunteer position's shifts still lie within a (changed) window."""
    for shift in details.get("schedule") or ():
        starts, ends = datetime.fromisoformat(shift["startsAt"]), datetime.fromisoformat(shift["endsAt"])
        if (window.start is not None and starts < window.start) or (
            window.end is not None and ends > window.end
        ):
            return False
    return True


SHAPERS: dict[str, Callable[[_At, Mapping[str, Any], Window], Stored]] = {
    C.FUNDING: _funding,
    C.PLANNING: _planning,
    C.PROJECT: _project,
    C.VENUE: _venue,
    C.MATERIAL: _material,
    C.PROFESSIONAL_SERVICE: _professional_service,
    C.VOLUNTEER_POSITION: _volunteer_position,
}


def _format(value: Any) -> str | None:
    return None if value is None else FORMATS[str(getattr(value, "value", value))]


def _present(**values: Any) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}


def _snake(name: str) -> str:
    return "".join(f"_{char.lower()}" if char.isupper() else char for char in name)
