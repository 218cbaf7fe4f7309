"""Events (服务发布): what a new event must say, and when registration is open
(domain/workflows/events.py)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from domain.enums import EventStatus
from domain.problems import UserErrorCode
from domain.workflows.events import (
    MAX_CAPACITY,
    MAX_SKILL_LENGTH,
    MAX_SKILLS,
    MAX_TITLE_LENGTH,
    EventInput,
    check_event,
    check_registrable,
    event_organizer,
    registration_closes,
)
from tests.domain.refusals import keys, problems_of, refused, where

NOW = datetime(2026, 12, 4, 12, tzinfo=UTC)
SECOND, HOUR, DAY = timedelta(seconds=1), timedelta(hours=1), timedelta(days=1)
STARTS = NOW + 3 * DAY
EVENT = EventInput(
    title="巾帼创业培训",
    description="面向辖区妇女",
    starts_at=STARTS,
    ends_at=STARTS + 2 * HOUR,
    registration_deadline=NOW + DAY,
    capacity=30,
    address="东城区东华门街道1号",
    skills=["摄影"],
)


def _problems(**changes: object) -> list[tuple[str, tuple[str, ...] | None]]:
    return where(problems_of(check_event, dataclasses.replace(EVENT, **changes), NOW))


def _at(code: str, *fields: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(code, ("input", field)) for field in fields]


def test_a_well_formed_event_is_accepted() -> None:
    assert _problems() == []
    assert _problems(description="", address=None, capacity=None, skills=[], registration_deadline=None) == []


def test_an_event_starts_after_now_and_ends_after_it_starts() -> None:
    assert _problems(starts_at=NOW + SECOND, registration_deadline=None) == []
    assert _problems(starts_at=NOW, registration_deadline=None) == _at(UserErrorCode.INVALID, "startsAt")
    assert _problems(ends_at=STARTS + SECOND) == []
    assert _problems(ends_at=STARTS) == _at(UserErrorCode.INVALID, "endsAt")
    assert _problems(ends_at=STARTS - HOUR) == _at(UserErrorCode.INVALID, "endsAt")


def test_registration_closes_after_now_and_no_later_than_the_start() -> None:
    assert _problems(registration_deadline=STARTS) == []
    assert _problems(registration_deadline=NOW + SECOND) == []
    for deadline in (STARTS + SECOND, NOW, NOW - DAY):
        problems = problems_of(check_event, dataclasses.replace(EVENT, registration_deadline=deadline), NOW)
        assert where(problems) == _at(UserErrorCode.INVALID, "registrationDeadline")
        assert keys(problems) == ["deadline_order"]


def test_dates_without_an_offset_are_refused_before_they_are_compared() -> None:
    naive = _problems(starts_at=STARTS.replace(tzinfo=None), registration_deadline=NOW.replace(tzinfo=None))
    assert naive == _at(UserErrorCode.INVALID, "startsAt", "registrationDeadline")
    problems = problems_of(check_event, dataclasses.replace(EVENT, ends_at=NOW.replace(tzinfo=None)), NOW)
    assert keys(problems) == ["needs_offset"]  # not also window_order: nothing is compared


def test_capacity_is_optional_and_bounded() -> None:
    assert _problems(capacity=1) == []
    assert _problems(capacity=MAX_CAPACITY) == []
    for wrong in (0, MAX_CAPACITY + 1):
        assert _problems(capacity=wrong) == _at(UserErrorCode.OUT_OF_RANGE, "capacity")


def test_skills_are_few_and_short() -> None:
    assert _problems(skills=["技"] * MAX_SKILLS) == []
    assert _problems(skills=["技"] * (MAX_SKILLS + 1)) == _at(UserErrorCode.OUT_OF_RANGE, "skills")
    assert _problems(skills=["技" * MAX_SKILL_LENGTH]) == []
    assert _problems(skills=["技" * (MAX_SKILL_LENGTH + 1)]) == _at(UserErrorCode.INVALID, "skills")
    assert _problems(skills=["摄影", " "]) == _at(UserErrorCode.INVALID, "skills")


def test_texts_and_every_problem_at_once() -> None:
    assert _problems(title="题" * MAX_TITLE_LENGTH) == []
    assert _problems(title="", capacity=0, ends_at=STARTS) == [
        *_at(UserErrorCode.REQUIRED, "title"),
        *_at(UserErrorCode.OUT_OF_RANGE, "capacity"),
        *_at(UserErrorCode.INVALID, "endsAt"),
    ]
    assert _problems(title="题" * (MAX_TITLE_LENGTH + 1)) == _at(UserErrorCode.TOO_LONG, "title")


def test_registration_closes_at_the_deadline_or_else_at_the_start() -> None:
    assert registration_closes(STARTS, NOW + DAY) == NOW + DAY
    assert registration_closes(STARTS, None) == STARTS


def test_a_published_event_may_be_registered_for_until_registration_closes() -> None:
    closes = NOW + HOUR
    assert problems_of(check_registrable, EventStatus.PUBLISHED, closes, closes - SECOND, "register") == []
    for now in (closes, closes + SECOND):
        problems = refused(check_registrable, EventStatus.PUBLISHED, closes, now, "register")
        assert where(problems) == [(UserErrorCode.INVALID_STATE, None)]
        assert keys(problems) == ["registration_closed"]


@pytest.mark.parametrize("status", sorted(set(EventStatus) - {EventStatus.PUBLISHED}))
def test_an_event_not_published_takes_no_registration(status: str) -> None:
    [problem] = refused(check_registrable, status, NOW + DAY, NOW, "cancelRegistration")
    assert (problem.code, problem.key) == (UserErrorCode.INVALID_STATE, "invalid_state")
    assert problem.params == {"status": status, "action": "cancelRegistration"}


def test_homes_and_organizations_organize_events_and_staff_name_the_organizer() -> None:
    assert event_organizer(("HOME", 1), False, None) == ("HOME", 1)
    assert event_organizer(("ORGANIZATION", 2), False, None) == ("ORGANIZATION", 2)
    assert event_organizer(None, True, ("HOME", 1)) == ("HOME", 1)
    assert where(refused(event_organizer, ("VOLUNTEER", 3), False, None)) == [(UserErrorCode.FORBIDDEN, None)]
    assert where(refused(event_organizer, None, True, None)) == _at(UserErrorCode.REQUIRED, "organizerId")
    assert where(refused(event_organizer, None, True, ("SOCIAL_WORKER", 4))) == _at(
        UserErrorCode.INVALID, "organizerId"
    )
