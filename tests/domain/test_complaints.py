"""External supervision (外部监管): complaints and the actions taken on them
(domain/workflows/complaints.py)."""

from __future__ import annotations

import dataclasses

import pytest

from domain.enums import ComplaintActionKind, ParticipantKind
from domain.problems import UserErrorCode
from domain.workflows.complaints import (
    MAX_DESCRIPTION_LENGTH,
    MAX_OUTCOME_NOTE_LENGTH,
    MAX_REASON_LENGTH,
    ComplaintInput,
    check_action,
    check_complaint,
    check_outcome_note,
)
from tests.domain.refusals import keys, problems_of, refused, where

COMPLAINT = ComplaintInput(
    subject_kind="ORGANIZATION",
    subject_id=1,
    category="SERVICE_QUALITY",
    description="活动当天无人到场",
    contact_name=None,
    contact_phone=None,
    contact_email=None,
)


def _at(code: str, field: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(code, ("input", field))]


def test_an_anonymous_complaint_needs_only_a_description() -> None:
    assert problems_of(check_complaint, COMPLAINT) == []
    assert (
        problems_of(
            check_complaint, dataclasses.replace(COMPLAINT, description="述" * MAX_DESCRIPTION_LENGTH)
        )
        == []
    )
    assert where(refused(check_complaint, dataclasses.replace(COMPLAINT, description=" "))) == _at(
        UserErrorCode.REQUIRED, "description"
    )
    too_long = dataclasses.replace(COMPLAINT, description="述" * (MAX_DESCRIPTION_LENGTH + 1))
    assert where(refused(check_complaint, too_long)) == _at(UserErrorCode.TOO_LONG, "description")


def test_contact_details_given_are_plausible() -> None:
    given = dataclasses.replace(
        COMPLAINT, contact_name="赵女士", contact_phone="13600000000", contact_email="zhao@example.org"
    )
    assert problems_of(check_complaint, given) == []
    wrong = dataclasses.replace(COMPLAINT, contact_name="名" * 61, contact_phone="无", contact_email="zhao@")
    assert where(refused(check_complaint, wrong)) == [
        *_at(UserErrorCode.TOO_LONG, "contactName"),
        *_at(UserErrorCode.INVALID, "contactPhone"),
        *_at(UserErrorCode.INVALID, "contactEmail"),
    ]


@pytest.mark.parametrize("action", list(ComplaintActionKind))
def test_every_action_needs_a_reason_of_limited_size(action: str) -> None:
    assert problems_of(check_action, action, "理" * MAX_REASON_LENGTH, ParticipantKind.ORGANIZATION) == []
    assert where(refused(check_action, action, "  ", ParticipantKind.ORGANIZATION)) == _at(
        UserErrorCode.REQUIRED, "reason"
    )
    assert where(refused(check_action, action, "理" * (MAX_REASON_LENGTH + 1), "ORGANIZATION")) == _at(
        UserErrorCode.TOO_LONG, "reason"
    )


@pytest.mark.parametrize("kind", sorted(set(ParticipantKind) - {ParticipantKind.ORGANIZATION}))
def test_only_an_organization_can_be_suspended(kind: str) -> None:
    problems = refused(check_action, ComplaintActionKind.SUSPEND, "多次投诉属实", kind)
    assert where(problems) == _at(UserErrorCode.INVALID, "action")
    assert keys(problems) == ["suspend_organizations_only"]
    assert problems_of(check_action, ComplaintActionKind.WARN, "警告一次", kind) == []
    assert problems_of(check_action, ComplaintActionKind.NOTE, "已电话回访", kind) == []


def test_a_suspension_of_a_volunteer_without_a_reason_reports_both() -> None:
    assert where(refused(check_action, ComplaintActionKind.SUSPEND, "", ParticipantKind.VOLUNTEER)) == [
        *_at(UserErrorCode.REQUIRED, "reason"),
        *_at(UserErrorCode.INVALID, "action"),
    ]


def test_an_outcome_note_is_optional_and_limited() -> None:
    assert problems_of(check_outcome_note, None) == []
    assert problems_of(check_outcome_note, "") == []
    assert problems_of(check_outcome_note, "注" * MAX_OUTCOME_NOTE_LENGTH) == []
    assert where(refused(check_outcome_note, "注" * (MAX_OUTCOME_NOTE_LENGTH + 1))) == _at(
        UserErrorCode.TOO_LONG, "note"
    )
