"""Input checks that collect every problem before refusing (domain/workflows/checks.py)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

import pytest

from domain.problems import UserErrorCode
from domain.workflows.checks import EMAIL, MAX_EMAIL, MAX_PHONE, PHONE, Checks, optional_text
from tests.domain.refusals import collected, refused, where

JAN, FEB = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC)


def test_checks_collect_every_problem_before_refusing() -> None:
    checks = Checks()
    checks.text("title", " ")
    checks.text("description", "x" * 5000, max_length=4000)
    checks.number("quantity", 0, low=1, high=100)
    checks.window("availableFrom", FEB, JAN)
    assert where(refused(checks.done)) == [
        (UserErrorCode.REQUIRED, ("input", "title")),
        (UserErrorCode.TOO_LONG, ("input", "description")),
        (UserErrorCode.OUT_OF_RANGE, ("input", "quantity")),
        (UserErrorCode.INVALID, ("input", "availableFrom")),
    ]


def test_done_without_problems_lets_the_input_through() -> None:
    checks = Checks()
    checks.text("title", "标题")
    checks.number("quantity", 1, low=1, high=1)
    checks.done()
    assert checks.problems == []


def test_a_prefix_and_a_dotted_field_name_a_nested_input_field() -> None:
    checks = Checks(("proposals", "3"))
    checks.add(UserErrorCode.INVALID, "invalid", "venue.capacity", extra=1)
    checks.add(UserErrorCode.INVALID_STATE, "whole_input", None)
    nested, whole = checks.problems
    assert nested.field == ("input", "proposals", "3", "venue", "capacity")
    assert nested.params == {"field": "proposals.3.venue.capacity", "extra": 1}
    assert (whole.field, whole.params) == (None, {"field": None})


def test_optional_text_is_trimmed_and_blank_is_none() -> None:
    assert optional_text(None) is None
    assert optional_text(" \t ") is None
    assert optional_text("  王女士 ") == "王女士"


@pytest.mark.parametrize("blank", [None, "", "   "])
def test_a_blank_text_is_required_only_when_it_must_be_given(blank: str | None) -> None:
    assert where(collected(lambda c: c.text("topic", blank))) == [
        (UserErrorCode.REQUIRED, ("input", "topic"))
    ]
    assert collected(lambda c: c.text("topic", blank, required=False)) == []


def test_text_length_limits_are_inclusive() -> None:
    assert collected(lambda c: c.text("title", "x" * 10, max_length=10)) == []
    [problem] = collected(lambda c: c.text("title", "x" * 11, max_length=10))
    assert (problem.code, problem.key, problem.params["max"]) == (UserErrorCode.TOO_LONG, "too_long", 10)
    assert collected(lambda c: c.text("name", "ab", min_length=2)) == []
    [short] = collected(lambda c: c.text("name", " a ", min_length=2))  # counted without the spaces
    assert (short.code, short.key, short.params["min"]) == (UserErrorCode.INVALID, "too_short", 2)


@pytest.mark.parametrize(("value", "fine"), [(1, True), (100, True), (0, False), (101, False), (0.5, False)])
def test_number_bounds_are_inclusive(value: float, fine: bool) -> None:
    problems = collected(lambda c: c.number("quantity", value, low=1, high=100))
    assert where(problems) == ([] if fine else [(UserErrorCode.OUT_OF_RANGE, ("input", "quantity"))])
    if not fine:
        assert (problems[0].params["min"], problems[0].params["max"]) == (1, 100)


def test_a_missing_number_is_required_unless_optional() -> None:
    assert where(collected(lambda c: c.number("score", None, low=1, high=5))) == [
        (UserErrorCode.REQUIRED, ("input", "score"))
    ]
    assert collected(lambda c: c.number("score", None, low=1, high=5, required=False)) == []


def test_a_window_must_end_after_it_starts() -> None:
    assert collected(lambda c: c.window("endsAt", JAN, FEB)) == []
    for start, end in ((JAN, JAN), (FEB, JAN)):
        assert where(collected(lambda c, s=start, e=end: c.window("endsAt", s, e))) == [
            (UserErrorCode.INVALID, ("input", "endsAt"))
        ]
    assert collected(lambda c: c.window("endsAt", None, JAN)) == []
    assert collected(lambda c: c.window("endsAt", FEB, None)) == []


def test_a_list_may_hold_up_to_its_limit() -> None:
    assert collected(lambda c: c.items("tags", ["a"] * 3, max_items=3)) == []
    assert collected(lambda c: c.items("tags", None, max_items=3)) == []
    [problem] = collected(lambda c: c.items("tags", ["a"] * 4, max_items=3))
    assert (problem.code, problem.key, problem.params["max"]) == (UserErrorCode.OUT_OF_RANGE, "too_many", 3)


@pytest.mark.parametrize("phone", ["13800138000", "+86 138-0013-8000", "010-6512 3456", "  13800138000 "])
def test_phone_numbers_people_type_are_accepted(phone: str) -> None:
    assert collected(lambda c: c.matches("contactPhone", phone, PHONE, max_length=MAX_PHONE)) == []


@pytest.mark.parametrize("phone", ["call me", "1380013800a", "12345", "138 0013 800-", "++8613800138000"])
def test_text_that_is_no_phone_number_is_invalid(phone: str) -> None:
    assert where(collected(lambda c: c.matches("contactPhone", phone, PHONE, max_length=MAX_PHONE))) == [
        (UserErrorCode.INVALID, ("input", "contactPhone"))
    ]


def test_an_overlong_contact_is_too_long_and_not_also_invalid() -> None:
    domain = "@example.org"
    email = "a" * (MAX_EMAIL + 1 - len(domain)) + domain
    assert len(email) == MAX_EMAIL + 1 and EMAIL.fullmatch(email)  # only its length is wrong
    [problem] = collected(lambda c: c.matches("contactEmail", email, EMAIL, max_length=MAX_EMAIL))
    assert (problem.code, problem.params["max"]) == (UserErrorCode.TOO_LONG, MAX_EMAIL)
    assert collected(lambda c: c.matches("contactEmail", email[1:], EMAIL, max_length=MAX_EMAIL)) == []
    assert collected(lambda c: c.matches("contactPhone", "1" * MAX_PHONE, PHONE, max_length=MAX_PHONE)) == []


@pytest.mark.parametrize(("email", "fine"), [("li@example.org", True), ("li@example", False), ("li", False)])
def test_email_addresses(email: str, fine: bool) -> None:
    problems = collected(lambda c: c.matches("contactEmail", email, EMAIL, max_length=MAX_EMAIL))
    assert where(problems) == ([] if fine else [(UserErrorCode.INVALID, ("input", "contactEmail"))])


@pytest.mark.parametrize("blank", [None, "", "  "])
def test_a_blank_optional_contact_is_no_contact(blank: str | None) -> None:
    assert collected(lambda c: c.matches("website", blank, re.compile("never"), max_length=5)) == []


def test_a_window_compares_moments_not_clock_readings() -> None:
    """08:00 in Beijing is midnight UTC: a window from one to the other is empty."""
    beijing_eight = datetime(2026, 1, 1, 8, tzinfo=timezone(timedelta(hours=8)))
    assert where(collected(lambda c: c.window("endsAt", beijing_eight, JAN))) == [
        (UserErrorCode.INVALID, ("input", "endsAt"))
    ]
    assert collected(lambda c: c.window("endsAt", beijing_eight, JAN + timedelta(seconds=1))) == []
