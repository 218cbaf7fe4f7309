"""Publishing resources and demands: the checks both share and what may change when
(domain/workflows/offers.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.problems import UserErrorCode
from domain.workflows.checks import Checks
from domain.workflows.offers import (
    DEMAND_EDITABLE,
    MAX_QUANTITY,
    MAX_SERVICE_DISTRICTS,
    MAX_TAG,
    MAX_TAGS,
    MAX_TITLE,
    MAX_UNIT,
    RESOURCE_EDITABLE,
    check_editable,
    check_moment,
    check_point,
    check_quantity,
    check_service_districts,
    check_tags,
    check_texts,
    check_window,
    under_way_refusal,
)
from tests.domain.refusals import collected, keys, problems_of, where

NOW = datetime(2026, 12, 4, 12, tzinfo=UTC)
SECOND, DAY = timedelta(seconds=1), timedelta(days=1)


def _at(code: str, *fields: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(code, ("input", field)) for field in fields]


def test_a_title_is_required_when_creating_and_kept_when_not_given() -> None:
    assert where(collected(lambda c: check_texts(c, None, None, None, creating=True))) == _at(
        UserErrorCode.REQUIRED, "title"
    )
    assert collected(lambda c: check_texts(c, None, None, None, creating=False)) == []
    assert where(collected(lambda c: check_texts(c, " ", None, None, creating=False))) == _at(
        UserErrorCode.REQUIRED, "title"
    )  # given, but blank
    assert collected(lambda c: check_texts(c, "题" * MAX_TITLE, None, None, creating=True)) == []
    assert where(
        collected(lambda c: check_texts(c, "题" * (MAX_TITLE + 1), None, None, creating=True))
    ) == _at(UserErrorCode.TOO_LONG, "title")


def test_a_unit_given_is_not_blank_and_short() -> None:
    assert collected(lambda c: check_texts(c, "t", None, "次" * MAX_UNIT, creating=True)) == []
    assert where(collected(lambda c: check_texts(c, "t", None, "", creating=True))) == _at(
        UserErrorCode.REQUIRED, "unit"
    )
    assert where(collected(lambda c: check_texts(c, "t", None, "次" * (MAX_UNIT + 1), creating=True))) == _at(
        UserErrorCode.TOO_LONG, "unit"
    )


@pytest.mark.parametrize(("lat", "lon"), [(90.0, 180.0), (-90.0, -180.0), (39.92, 116.41)])
def test_points_on_earth(lat: float, lon: float) -> None:
    assert collected(lambda c: check_point(c, "location", lat, lon)) == []


@pytest.mark.parametrize(("lat", "lon"), [(90.0001, 0.0), (0.0, -180.0001), (116.41, 39.92)])
def test_points_off_earth(lat: float, lon: float) -> None:
    problems = collected(lambda c: check_point(c, "location", lat, lon))
    assert where(problems) == _at(UserErrorCode.OUT_OF_RANGE, "location")
    assert keys(problems) == ["not_on_earth"]


def test_a_point_not_given_is_not_checked() -> None:
    assert collected(lambda c: check_point(c, "location", None, 500.0)) == []


def test_tags_are_few_short_distinct_and_not_blank() -> None:
    assert collected(lambda c: check_tags(c, None)) == []
    assert collected(lambda c: check_tags(c, [f"标签{n}" for n in range(MAX_TAGS)])) == []
    assert collected(lambda c: check_tags(c, ["签" * MAX_TAG])) == []
    assert where(collected(lambda c: check_tags(c, [f"标签{n}" for n in range(MAX_TAGS + 1)]))) == _at(
        UserErrorCode.OUT_OF_RANGE, "tags"
    )
    for wrong in (["签" * (MAX_TAG + 1)], ["心理", " "], ["心理", " 心理 "]):
        assert where(collected(lambda c, w=wrong: check_tags(c, w))) == _at(UserErrorCode.INVALID, "tags")


def test_a_moment_has_an_offset_and_lies_ahead() -> None:
    def moment(value: datetime | None) -> tuple[bool, list[str]]:
        checks = Checks()
        return check_moment(checks, "neededBy", value, NOW), keys(checks.problems)

    assert moment(None) == (True, [])
    assert moment(NOW + SECOND) == (True, [])
    assert moment(NOW) == (False, ["in_the_past"])
    assert moment(NOW - DAY) == (False, ["in_the_past"])
    assert moment((NOW + DAY).replace(tzinfo=None)) == (False, ["needs_offset"])


def _window(start, end, *, start_given=True, end_given=True) -> tuple[bool, list]:  # type: ignore[no-untyped-def]
    checks = Checks()
    fine = check_window(checks, start, end, NOW, start_given=start_given, end_given=end_given)
    return fine, where(checks.problems)


def test_a_window_may_have_started_but_must_end_ahead_after_its_start() -> None:
    assert _window(NOW - 10 * DAY, NOW + DAY) == (True, [])
    assert _window(None, None) == (True, [])
    assert _window(NOW + DAY, NOW + DAY + SECOND) == (True, [])
    assert _window(NOW - DAY, NOW) == (False, _at(UserErrorCode.INVALID, "availableUntil"))
    assert _window(NOW + 2 * DAY, NOW + DAY) == (False, _at(UserErrorCode.INVALID, "availableUntil"))
    assert _window(NOW + DAY, NOW + DAY) == (False, _at(UserErrorCode.INVALID, "availableUntil"))


def test_a_new_start_is_checked_against_the_stored_end() -> None:
    """Only the start given: the stored end (even one now past) is not judged, the order is."""
    assert _window(NOW - DAY, NOW - DAY, end_given=False) == (
        False,
        _at(UserErrorCode.INVALID, "availableUntil"),
    )
    assert _window(NOW - 3 * DAY, NOW - DAY, end_given=False) == (True, [])


def test_window_ends_without_an_offset_are_refused_at_their_own_field() -> None:
    naive_start, naive_end = (NOW - DAY).replace(tzinfo=None), (NOW + DAY).replace(tzinfo=None)
    assert _window(naive_start, naive_end) == (
        False,
        _at(UserErrorCode.INVALID, "availableFrom", "availableUntil"),
    )
    assert _window(naive_start, NOW + DAY) == (False, _at(UserErrorCode.INVALID, "availableFrom"))


def test_service_districts_are_limited() -> None:
    assert collected(lambda c: check_service_districts(c, None)) == []
    assert collected(lambda c: check_service_districts(c, list(range(MAX_SERVICE_DISTRICTS)))) == []
    assert where(
        collected(lambda c: check_service_districts(c, list(range(MAX_SERVICE_DISTRICTS + 1))))
    ) == _at(UserErrorCode.OUT_OF_RANGE, "serviceDistrictIds")


def test_a_quantity_runs_from_one_to_the_maximum() -> None:
    assert collected(lambda c: check_quantity(c, None, 3, "quantityCommitted")) == []
    for fine in (1, MAX_QUANTITY):
        assert collected(lambda c, q=fine: check_quantity(c, q, 0, "quantityCommitted")) == []
    for wrong in (0, MAX_QUANTITY + 1):
        assert where(collected(lambda c, q=wrong: check_quantity(c, q, 0, "quantityCommitted"))) == _at(
            UserErrorCode.OUT_OF_RANGE, "quantity"
        )


def test_a_quantity_never_drops_below_what_accepted_engagements_hold() -> None:
    assert collected(lambda c: check_quantity(c, 3, 3, "quantityMatched")) == []
    [problem] = collected(lambda c: check_quantity(c, 2, 3, "quantityMatched"))
    assert (problem.code, problem.key, problem.field) == (
        UserErrorCode.OUT_OF_RANGE,
        "below_held",
        ("input", "quantity"),
    )
    assert (problem.params["held"], problem.params["what"]) == (3, "quantityMatched")


# The rule: a resource is edited while DRAFT, PUBLISHED or EXHAUSTED, a demand while DRAFT, OPEN or
# MATCHED; every later status is history.
@pytest.mark.parametrize(
    ("editable", "status", "current"),
    [
        *[(RESOURCE_EDITABLE, status, True) for status in ("DRAFT", "PUBLISHED", "EXHAUSTED")],
        *[(RESOURCE_EDITABLE, status, False) for status in ("WITHDRAWN", "EXPIRED")],
        *[(DEMAND_EDITABLE, status, True) for status in ("DRAFT", "OPEN", "MATCHED")],
        *[(DEMAND_EDITABLE, status, False) for status in ("FULFILLED", "CLOSED", "CANCELLED")],
    ],
)
def test_only_records_still_current_are_edited(editable: frozenset[str], status: str, current: bool) -> None:
    problems = problems_of(check_editable, status, editable, "update")
    if current:
        assert problems == []
    else:
        assert where(problems) == [(UserErrorCode.INVALID_STATE, None)]
        assert problems[0].params == {"status": status, "action": "update"}


def test_commitments_under_way_are_named_when_withdrawing() -> None:
    [problem] = under_way_refusal("engagement", [3, 17]).problems
    assert (problem.code, problem.key, problem.field) == (
        UserErrorCode.INVALID_STATE,
        "commitments_under_way",
        None,
    )
    assert problem.params == {"what": "engagement", "ids": "#3, #17"}
