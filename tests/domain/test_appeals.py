"""The 24-hour appeal channel (网上妇女之家): appeals, replies, the demands made of them, and
tracking codes (domain/workflows/appeals.py)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from domain.messages import message
from domain.problems import UserErrorCode
from domain.workflows.appeals import (
    MAX_CLOSE_REASON_LENGTH,
    MAX_CONTENT_LENGTH,
    MAX_QUANTITY,
    MAX_REPLY_LENGTH,
    MAX_TOPIC_LENGTH,
    TRACKING_PREFIX,
    AppealInput,
    DemandFromAppeal,
    check_appeal,
    check_close_reason,
    check_demand,
    check_reply,
    new_tracking_code,
)
from tests.domain.refusals import keys, problems_of, refused, where

NOW = datetime(2026, 12, 4, 12, tzinfo=UTC)
APPEAL = AppealInput(
    home_id=1,
    district_id=None,
    topic="就业求助",
    content="想参加技能培训重新就业。",
    contact_name="李女士",
    contact_phone="13512345678",
)
DEMAND = DemandFromAppeal(
    title="就业培训",
    category="PROFESSIONAL_SERVICE",
    description="社区单亲妈妈的技能培训",
    urgency="HIGH",
    target_group="SINGLE_MOTHERS",
    quantity=1,
    unit="次",
    beneficiary_count=1,
    needed_by=None,
)


def _appeal(**changes: object) -> list[tuple[str, tuple[str, ...] | None]]:
    return where(problems_of(check_appeal, dataclasses.replace(APPEAL, **changes)))


def _demand(**changes: object) -> list[tuple[str, tuple[str, ...] | None]]:
    return where(problems_of(check_demand, dataclasses.replace(DEMAND, **changes), NOW))


def _at(code: str, field: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(code, ("input", field))]


def test_an_appeal_goes_to_one_home_or_to_one_district() -> None:
    assert _appeal(home_id=1, district_id=None) == []
    assert _appeal(home_id=None, district_id=5) == []
    assert _appeal(home_id=None, district_id=None) == _at(UserErrorCode.INVALID, "homeId")
    assert _appeal(home_id=1, district_id=5) == _at(UserErrorCode.INVALID, "homeId")
    assert keys(refused(check_appeal, dataclasses.replace(APPEAL, district_id=5))) == ["one_addressee"]
    neither = dataclasses.replace(APPEAL, home_id=None, district_id=None)
    assert keys(refused(check_appeal, neither)) == ["no_addressee"]
    assert "not both" not in message("no_addressee", "en")


@pytest.mark.parametrize(("field", "limit"), [("topic", MAX_TOPIC_LENGTH), ("content", MAX_CONTENT_LENGTH)])
def test_topic_and_content_are_required_and_limited(field: str, limit: int) -> None:
    assert _appeal(**{field: " "}) == _at(UserErrorCode.REQUIRED, field)
    assert _appeal(**{field: "诉" * limit}) == []
    assert _appeal(**{field: "诉" * (limit + 1)}) == _at(UserErrorCode.TOO_LONG, field)


def test_contact_details_are_optional_but_plausible() -> None:
    assert _appeal(contact_name=None, contact_phone=None) == []
    assert _appeal(contact_phone="请回电") == _at(UserErrorCode.INVALID, "contactPhone")
    assert _appeal(contact_name="名" * 61) == _at(UserErrorCode.TOO_LONG, "contactName")


def test_every_problem_of_an_appeal_is_reported_at_once() -> None:
    assert [field for _, field in _appeal(home_id=None, topic="", content="", contact_phone="x")] == [
        ("input", "homeId"),
        ("input", "topic"),
        ("input", "content"),
        ("input", "contactPhone"),
    ]


def test_a_reply_has_a_body_of_limited_size() -> None:
    assert problems_of(check_reply, "已收到，我们明天联系您") == []
    assert problems_of(check_reply, "复" * MAX_REPLY_LENGTH) == []
    assert where(refused(check_reply, "  ")) == _at(UserErrorCode.REQUIRED, "body")
    assert where(refused(check_reply, "复" * (MAX_REPLY_LENGTH + 1))) == _at(UserErrorCode.TOO_LONG, "body")


def test_closing_needs_no_reason_and_a_reason_has_a_limit() -> None:
    assert problems_of(check_close_reason, None) == []
    assert problems_of(check_close_reason, "由 " + "x" * (MAX_CLOSE_REASON_LENGTH - 2)) == []
    assert where(refused(check_close_reason, "x" * (MAX_CLOSE_REASON_LENGTH + 1))) == _at(
        UserErrorCode.TOO_LONG, "reason"
    )


@pytest.mark.parametrize("field", ["quantity", "beneficiary_count"])
def test_a_demands_numbers_run_from_one_to_the_maximum(field: str) -> None:
    graph_field = {"quantity": "quantity", "beneficiary_count": "beneficiaryCount"}[field]
    assert _demand(**{field: 1}) == []
    assert _demand(**{field: MAX_QUANTITY}) == []
    for wrong in (0, -1, MAX_QUANTITY + 1):
        assert _demand(**{field: wrong}) == _at(UserErrorCode.OUT_OF_RANGE, graph_field)


def test_a_demand_is_needed_by_a_moment_still_ahead() -> None:
    assert _demand(needed_by=None) == []
    assert _demand(needed_by=NOW + timedelta(seconds=1)) == []
    for wrong in (NOW, NOW - timedelta(days=1), (NOW + timedelta(days=1)).replace(tzinfo=None)):
        assert _demand(needed_by=wrong) == _at(UserErrorCode.INVALID, "neededBy")


def test_a_demand_needs_a_title_and_a_unit() -> None:
    assert _demand(title=" ", unit="") == [*_at("REQUIRED", "title"), *_at("REQUIRED", "unit")]
    assert _demand(unit="次" * 21) == _at(UserErrorCode.TOO_LONG, "unit")


def test_a_demands_texts_are_stored_trimmed_and_the_rest_as_given() -> None:
    demand = dataclasses.replace(DEMAND, title=" 就业培训 ", description="\n说明 ", unit=" 次")
    values = demand.values()
    assert (values["title"], values["description"], values["unit"]) == ("就业培训", "说明", "次")
    untouched = {"category", "urgency", "target_group", "quantity", "beneficiary_count", "needed_by"}
    assert {name: values[name] for name in untouched} == {name: getattr(demand, name) for name in untouched}


def test_tracking_codes_read_over_the_phone_without_confusion() -> None:
    codes = {new_tracking_code() for _ in range(200)}
    assert len(codes) == 200  # drawn at random, never repeated in practice
    for code in codes:
        assert code.startswith(TRACKING_PREFIX) and len(code) == len(TRACKING_PREFIX) + 10
        body = code[len(TRACKING_PREFIX) :]
        assert body.isalnum() and body == body.upper()
        assert not set(body) & set("01OIL"), code
