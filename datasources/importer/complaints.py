"""The checks of a complaint line: the participant it is about, what filing it checks
(fileComplaint), its actions as acting checks them (actOnComplaint: a suspension only of an
organization), in order after it, its outcome as closing checks it (closeComplaint), and its
status as those steps left it; its tracking code (tracking.py).

What an action did elsewhere is not replayed: a SUSPEND names a step of the organization's
history, and the organization's status is its own line's."""

from __future__ import annotations

from datasources.importer.checker import Checker
from datasources.importer.models import ComplaintLine
from datasources.importer.plan import PARTICIPANTS, Planned
from datasources.importer.tracking import in_sequence, tracking_code
from domain.enums import ComplaintStatus
from domain.workflows.complaints import ComplaintInput, check_action, check_complaint, check_outcome_note


def complaint(checker: Checker, planned: Planned) -> None:
    item, data = planned.item, planned.item.data
    assert isinstance(data, ComplaintLine)
    values = planned.values
    kind = checker.resolve(item, "subjectRef", data.subject_ref, tuple(PARTICIPANTS))
    if kind is not None:
        values["subject_kind"] = PARTICIPANTS[kind]
        values["subject_id"] = checker.key(kind, data.subject_ref)
    row = {**(planned.existing or {}), **values}
    filed = ComplaintInput(
        subject_kind=str(row.get("subject_kind")),
        subject_id=0,  # resolved above
        category=row["category"],
        description=row["description"],
        contact_name=row.get("contact_name"),
        contact_phone=row.get("contact_phone"),
        contact_email=row.get("contact_email"),
    )
    checker.hold(item, lambda _: check_complaint(filed))
    tracking_code(checker, planned, data.tracking_code)
    if planned.existing is None:
        values["version"] = 1
    if "actions" in data.model_fields_set or planned.existing is None:
        _actions(checker, planned, data, kind)
    _closing(checker, planned, row)


def _actions(checker: Checker, planned: Planned, data: ComplaintLine, kind: str | None) -> None:
    """The actions as acting records them, after the filing and each other."""
    in_sequence(checker, planned, "actions", [action.created_at for action in data.actions])
    subject = PARTICIPANTS[kind] if kind is not None else None
    for number, action in enumerate(data.actions):
        rename = {"reason": f"actions.{number}.reason", "action": f"actions.{number}.action"}
        if subject is not None:
            acted = (action.action, action.reason, subject)
            checker.hold(planned.item, lambda _, acted=acted: check_action(*acted), rename)
    planned.actions = [
        {"action": a.action, "reason": a.reason, "created_at": a.created_at} for a in data.actions
    ]


def _closing(checker: Checker, planned: Planned, row: dict) -> None:
    """The status the steps left: OPEN before any action, IN_REVIEW after one, CLOSED with its
    outcome and date (after the last action) only."""
    item, status = planned.item, row["status"]
    actions = (
        planned.actions if planned.actions is not None else checker.existing.actions.get(row.get("id", 0), [])
    )
    if status == ComplaintStatus.OPEN and actions:
        checker.fail(item, "actions", "an OPEN complaint has no actions (the first makes it IN_REVIEW)")
    if status == ComplaintStatus.IN_REVIEW and not actions:
        checker.fail(item, "actions", "an IN_REVIEW complaint needs its actions")
    closed = status == ComplaintStatus.CLOSED
    for name, field in (("outcome", "outcome"), ("closed_at", "closedAt")):
        if closed and row.get(name) is None:
            checker.fail(item, field, f"a CLOSED complaint needs {field}")
        if not closed and row.get(name) is not None:
            checker.fail(item, field, f"a {status} complaint has no {field}")
    if not closed and row.get("outcome_note") is not None:
        checker.fail(item, "outcomeNote", f"a {status} complaint has no outcomeNote")
    checker.hold(item, lambda _: check_outcome_note(row.get("outcome_note")), {"note": "outcomeNote"})
    closed_at = row.get("closed_at")
    last = max([row["created_at"], *(a["created_at"] for a in actions)])
    if closed_at is not None and closed_at < last:
        checker.fail(item, "closedAt", "closedAt comes after the filing and the actions")
