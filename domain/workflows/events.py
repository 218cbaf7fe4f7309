"""Events (服务发布): what a published event must say, and when one can be registered for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.enums import EventStatus, ParticipantKind, ParticipantRef
from domain.problems import Problem, Rejected, UserErrorCode
from domain.workflows.acting import acting_party
from domain.workflows.checks import Checks
from domain.workflows.states import invalid_state

MAX_TITLE_LENGTH = 200
MAX_DESCRIPTION_LENGTH = 4000
MAX_ADDRESS_LENGTH = 300
MAX_CAPACITY = 100_000
MAX_SKILLS = 20
MAX_SKILL_LENGTH = 40
# Who may organize events: homes and (ACTIVE) organizations.
ORGANIZER_KINDS = frozenset({ParticipantKind.HOME, ParticipantKind.ORGANIZATION})


@dataclass(frozen=True)
class EventInput:
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    registration_deadline: datetime | None
    capacity: int | None
    address: str | None
    skills: list[str]


def check_event(event: EventInput, now: datetime) -> None:
    """Every problem of a new event at once: texts, sizes, and the order of its dates
    (now < registration deadline <= start < end)."""
    checks = Checks()
    checks.text("title", event.title, max_length=MAX_TITLE_LENGTH)
    checks.text("description", event.description, required=False, max_length=MAX_DESCRIPTION_LENGTH)
    checks.text("address", event.address, required=False, max_length=MAX_ADDRESS_LENGTH)
    checks.number("capacity", event.capacity, low=1, high=MAX_CAPACITY, required=False)
    checks.items("skills", event.skills, max_items=MAX_SKILLS)
    if any(not skill.strip() or len(skill) > MAX_SKILL_LENGTH for skill in event.skills):
        checks.add(UserErrorCode.INVALID, "invalid", "skills")
    dates = {"startsAt": event.starts_at, "endsAt": event.ends_at}
    if event.registration_deadline is not None:
        dates["registrationDeadline"] = event.registration_deadline
    naive = [field for field, value in dates.items() if value.tzinfo is None]
    for field in naive:
        checks.add(UserErrorCode.INVALID, "needs_offset", field)
    if not naive:
        _check_dates(checks, event, now)
    checks.done()


def _check_dates(checks: Checks, event: EventInput, now: datetime) -> None:
    if event.starts_at <= now:
        checks.add(UserErrorCode.INVALID, "in_the_past", "startsAt")
    checks.window("endsAt", event.starts_at, event.ends_at)
    deadline = event.registration_deadline
    if deadline is not None and not now < deadline <= event.starts_at:
        checks.add(UserErrorCode.INVALID, "deadline_order", "registrationDeadline")


def registration_closes(starts_at: datetime, registration_deadline: datetime | None) -> datetime:
    """Registration ends at the deadline, or when the event starts if it has none."""
    return registration_deadline or starts_at


def check_registrable(status: str, closes_at: datetime, now: datetime, action: str) -> None:
    """Registering (or cancelling one's registration) needs a PUBLISHED event still open."""
    if status != EventStatus.PUBLISHED:
        raise invalid_state(status, action)
    if now >= closes_at:
        raise Rejected(Problem(UserErrorCode.INVALID_STATE, "registration_closed"))


def event_organizer(
    own: ParticipantRef | None, is_staff: bool, named: ParticipantRef | None
) -> ParticipantRef:
    """Who organizes a new event: the caller's own home or organization; staff name one."""
    return acting_party(own, is_staff, named, ORGANIZER_KINDS, "organizerId")
