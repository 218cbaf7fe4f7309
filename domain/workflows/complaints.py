"""External supervision (外部监管): what a complaint (投诉) may hold, and what acting on it needs."""

from __future__ import annotations

from dataclasses import dataclass

from domain.enums import ComplaintActionKind, ParticipantKind
from domain.problems import UserErrorCode
from domain.workflows.appeals import MAX_CONTACT_NAME_LENGTH
from domain.workflows.checks import EMAIL, MAX_EMAIL, MAX_PHONE, PHONE, Checks

MAX_DESCRIPTION_LENGTH = 4000
MAX_REASON_LENGTH = 2000
MAX_OUTCOME_NOTE_LENGTH = 2000


@dataclass(frozen=True)
class ComplaintInput:
    subject_kind: str  # the participant complained about (ParticipantKind)
    subject_id: int
    category: str
    description: str
    contact_name: str | None
    contact_phone: str | None
    contact_email: str | None


def check_complaint(complaint: ComplaintInput) -> None:
    """A description of limited size; plausible contact details, all optional."""
    checks = Checks()
    checks.text("description", complaint.description, max_length=MAX_DESCRIPTION_LENGTH)
    checks.text("contactName", complaint.contact_name, required=False, max_length=MAX_CONTACT_NAME_LENGTH)
    checks.matches("contactPhone", complaint.contact_phone, PHONE, max_length=MAX_PHONE)
    checks.matches("contactEmail", complaint.contact_email, EMAIL, max_length=MAX_EMAIL)
    checks.done()


def check_action(action: str, reason: str, subject_kind: str) -> None:
    """A reason is required; only an organization can be suspended (the others have no status)."""
    checks = Checks()
    checks.text("reason", reason, max_length=MAX_REASON_LENGTH)
    if action == ComplaintActionKind.SUSPEND and subject_kind != ParticipantKind.ORGANIZATION:
        checks.add(UserErrorCode.INVALID, "suspend_organizations_only", "action")
    checks.done()


def check_outcome_note(note: str | None) -> None:
    checks = Checks()
    checks.text("note", note, required=False, max_length=MAX_OUTCOME_NOTE_LENGTH)
    checks.done()
