"""Admission and exit (准入和退出): applications, reasons, and refusing an exit
(domain/workflows/admission.py)."""

from __future__ import annotations

import dataclasses

import pytest

from domain.problems import UserErrorCode
from domain.workflows.admission import (
    MAX_ADDRESS,
    MAX_LISTED_COMMITMENTS,
    MAX_NAME,
    MAX_REASON,
    Commitment,
    OrganizationApplication,
    already_acting,
    check_application,
    check_reason,
    exit_refusal,
    normalized_credit_code,
)
from tests.domain.refusals import collected, keys, refused, where

CODE = "91350100M000100Y43"  # the example of GB 32100-2015
APPLICATION = OrganizationApplication(
    name="朝阳区阳光妇女互助会",
    credit_code=CODE,
    address="朝阳区望京街道10号",
    lat=39.99,
    lon=116.47,
    description=None,
    contact_name="张女士",
    contact_phone="13800138000",
    contact_email="zhang@example.org",
    website="https://sunshine.example.org",
)


def _problems(**changes: object) -> list[tuple[str, tuple[str, ...] | None]]:
    application = dataclasses.replace(APPLICATION, **changes)
    return where(collected(lambda checks: check_application(checks, application)))


def _at(code: str, field: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(code, ("input", field))]


def test_a_complete_application_has_no_problem() -> None:
    assert _problems() == []
    assert _problems(description=None, contact_name=None, contact_phone=None, website=None) == []


def test_credit_codes_are_read_in_capitals_without_padding() -> None:
    assert normalized_credit_code(f"  {CODE.lower()} ") == CODE
    assert _problems(credit_code=f" {CODE.lower()}  ") == []


@pytest.mark.parametrize(
    ("code", "key"),
    [
        (CODE[:17], "credit_code_format"),  # one character short
        (CODE + "0", "credit_code_format"),
        (CODE[:8] + "O" + CODE[9:], "credit_code_format"),  # O, I, S, V, Z are not in the charset
        (CODE[:17] + ("3" if CODE[17] != "3" else "4"), "credit_code_check"),  # wrong check character
    ],
)
def test_a_malformed_credit_code_is_invalid(code: str, key: str) -> None:
    application = dataclasses.replace(APPLICATION, credit_code=code)
    [problem] = collected(lambda checks: check_application(checks, application))
    assert (problem.code, problem.key, problem.field) == (UserErrorCode.INVALID, key, ("input", "creditCode"))


def test_a_missing_credit_code_is_required() -> None:
    assert _problems(credit_code="   ") == _at(UserErrorCode.REQUIRED, "creditCode")


def test_name_and_address_limits() -> None:
    assert _problems(name="妇联") == []
    assert _problems(name=" 妇 ") == _at(UserErrorCode.INVALID, "name")  # two characters at least
    assert _problems(name="x" * MAX_NAME) == []
    assert _problems(name="x" * (MAX_NAME + 1)) == _at(UserErrorCode.TOO_LONG, "name")
    assert _problems(address="") == _at(UserErrorCode.REQUIRED, "address")
    assert _problems(address="x" * MAX_ADDRESS) == []
    assert _problems(address="x" * (MAX_ADDRESS + 1)) == _at(UserErrorCode.TOO_LONG, "address")


@pytest.mark.parametrize(("lat", "lon"), [(90.0, 180.0), (-90.0, -180.0)])
def test_the_edges_of_the_globe_are_on_it(lat: float, lon: float) -> None:
    assert _problems(lat=lat, lon=lon) == []


@pytest.mark.parametrize(("lat", "lon"), [(90.001, 116.0), (39.9, -180.001), (116.4, 39.9)])
def test_a_location_off_the_globe_is_out_of_range(lat: float, lon: float) -> None:
    assert _problems(lat=lat, lon=lon) == _at(UserErrorCode.OUT_OF_RANGE, "location")


@pytest.mark.parametrize(
    ("field", "attribute", "value"),
    [
        ("contactPhone", "contact_phone", "打电话"),
        ("contactEmail", "contact_email", "zhang.example.org"),
        ("website", "website", "ftp://sunshine.example.org"),
        ("website", "website", "sunshine.example.org"),
    ],
)
def test_implausible_contact_details_are_invalid(field: str, attribute: str, value: str) -> None:
    assert _problems(**{attribute: value}) == _at(UserErrorCode.INVALID, field)


def test_every_problem_of_an_application_is_reported_at_once() -> None:
    assert {field[-1] for _, field in _problems(name="", credit_code="x", lat=91.0, website="w")} == {
        "name",
        "creditCode",
        "location",
        "website",
    }


def test_a_rejection_or_suspension_must_be_explained() -> None:
    for blank in (None, "", "  "):
        assert where(refused(check_reason, blank, required=True)) == [
            (UserErrorCode.REQUIRED, ("input", "reason"))
        ]
    assert check_reason("  材料不全 ", required=True) == "材料不全"


def test_other_decisions_need_no_reason_and_any_reason_has_a_limit() -> None:
    assert check_reason(None, required=False) == ""
    assert check_reason("x" * MAX_REASON, required=False) == "x" * MAX_REASON
    assert where(refused(check_reason, "x" * (MAX_REASON + 1), required=False)) == [
        (UserErrorCode.TOO_LONG, ("input", "reason"))
    ]


def test_applying_again_while_acting_for_a_participant_is_invalid_state() -> None:
    assert where(already_acting().problems) == [(UserErrorCode.INVALID_STATE, None)]


def _commitments(count: int) -> list[Commitment]:
    kinds = ("engagement", "application", "event")
    return [Commitment(kinds[n % 3], f"gid{n}", "ACCEPTED") for n in range(count)]


def test_an_exit_is_refused_naming_each_open_commitment() -> None:
    commitments = _commitments(3)
    problems = exit_refusal(commitments, len(commitments)).problems
    assert where(problems) == [(UserErrorCode.INVALID_STATE, ("input", "id"))] * 3
    assert keys(problems) == ["open_engagement", "open_application", "open_event"]
    assert [p.params for p in problems] == [{"id": c.global_id, "status": c.status} for c in commitments]


def test_exactly_as_many_commitments_as_are_listed_need_no_summary() -> None:
    commitments = _commitments(MAX_LISTED_COMMITMENTS)
    problems = exit_refusal(commitments, MAX_LISTED_COMMITMENTS).problems
    assert len(problems) == MAX_LISTED_COMMITMENTS
    assert "more_commitments" not in keys(problems)


@pytest.mark.parametrize("total", [MAX_LISTED_COMMITMENTS + 1, 3 * MAX_LISTED_COMMITMENTS])
def test_commitments_beyond_the_listed_ones_are_counted(total: int) -> None:
    problems = exit_refusal(_commitments(total), total).problems
    assert len(problems) == MAX_LISTED_COMMITMENTS + 1
    last = problems[-1]
    assert (last.code, last.key, last.field) == (
        UserErrorCode.INVALID_STATE,
        "more_commitments",
        ("input", "id"),
    )
    assert last.params == {"count": total - MAX_LISTED_COMMITMENTS}


def test_a_caller_that_read_only_some_commitments_still_reports_the_total() -> None:
    """The command reads the first commitments and counts all of them."""
    problems = exit_refusal(_commitments(2), 7).problems
    assert keys(problems)[:2] == ["open_engagement", "open_application"]
    assert problems[-1].params == {"count": 5}
