"""External supervision (外部监管): fileComplaint, actOnComplaint and closeComplaint.

A complaint moves with `move` (a conditional UPDATE on status and version), so of two racing
supervisors the second gets CONFLICT. A suspension goes through `transition_organization`, in
the same transaction: if the organization cannot be suspended, nothing is written at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from auth.viewer import Viewer
from datasources.columns import utcnow
from datasources.loaders.participants import PARTICIPANT_TABLES
from datasources.tables import Complaint, ComplaintAction
from datasources.writes import audit_status
from domain.enums import (
    ComplaintActionKind,
    ComplaintCategory,
    ComplaintOutcome,
    ComplaintStatus,
    ParticipantKind,
)
from domain.global_ids import PARTICIPANT_TYPES, decode
from domain.workflows.checks import key_of, optional_text
from domain.workflows.complaints import ComplaintInput, check_action, check_complaint, check_outcome_note
from domain.workflows.states import COMPLAINT
from services.changes import Changed, changed
from services.organizations import transition_organization
from services.rows import visible_row
from services.tracking import insert_with_fresh_code
from services.transitions import move

COMPLAINTS = Complaint.__table__
ACTIONS = ComplaintAction.__table__
TYPE = "Complaint"


@dataclass(frozen=True)
class FileComplaint:
    subject_id: str  # the global id of the participant complained about
    category: ComplaintCategory
    description: str
    contact_name: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None


@dataclass(frozen=True)
class ActOnComplaint:
    complaint_id: str  # its global id
    expected_version: int
    action: ComplaintActionKind
    reason: str


@dataclass(frozen=True)
class CloseComplaint:
    complaint_id: str  # its global id
    expected_version: int
    outcome: ComplaintOutcome
    note: str | None = None


async def file_complaint(connection: AsyncConnection, viewer: Viewer, command: FileComplaint) -> Changed:
    """Insert an OPEN complaint about a participant the viewer may see (else NOT_FOUND)."""
    subject_id = key_of(command.subject_id, tuple(PARTICIPANT_TYPES), "subjectId")
    complaint = ComplaintInput(
        subject_kind=PARTICIPANT_TYPES[decode(command.subject_id)[0]],
        subject_id=subject_id,
        category=command.category.value,
        description=command.description,
        contact_name=command.contact_name,
        contact_phone=command.contact_phone,
        contact_email=command.contact_email,
    )
    check_complaint(complaint)
    now = utcnow()
    subject_table = PARTICIPANT_TABLES[ParticipantKind(complaint.subject_kind)]
    await visible_row(connection, subject_table, complaint.subject_id, viewer, "subjectId")
    values = {
        "subject_kind": complaint.subject_kind,
        "subject_id": complaint.subject_id,
        "category": complaint.category,
        "description": complaint.description.strip(),
        "contact_name": optional_text(complaint.contact_name),
        "contact_phone": optional_text(complaint.contact_phone),
        "contact_email": optional_text(complaint.contact_email),
        "complainant_account_id": viewer.account_id,
        "status": ComplaintStatus.OPEN,
        "version": 1,
        "created_at": now,
    }
    complaint_id = await insert_with_fresh_code(connection, COMPLAINTS, values)
    entity = (TYPE, complaint_id)
    await audit_status(connection, viewer.account_id, "fileComplaint", entity, None, ComplaintStatus.OPEN)
    return changed(TYPE, complaint_id)


async def act_on_complaint(connection: AsyncConnection, viewer: Viewer, command: ActOnComplaint) -> Changed:
    """Record a warning, a suspension or a note; the complaint is IN_REVIEW from then on."""
    complaint_id = key_of(command.complaint_id, TYPE, "id")
    action = command.action.value
    now = utcnow()
    row = await visible_row(connection, COMPLAINTS, complaint_id, viewer, "id")
    check_action(action, command.reason, row.subject_kind)
    reason = command.reason.strip()
    await move(
        connection,
        table=COMPLAINTS,
        row=row,
        machine=COMPLAINT,
        action="actOn",
        actor_account_id=viewer.account_id,
        entity_type=TYPE,
        expected_version=command.expected_version,
        facts={"action": action, "reason": reason},
    )
    if action == ComplaintActionKind.SUSPEND:
        await transition_organization(
            connection,
            organization_id=row.subject_id,
            action="suspend",
            reason=reason,
            actor_account_id=viewer.account_id,
            mutation="actOnComplaint",
        )
    await connection.execute(
        insert(ACTIONS),
        {
            "complaint_id": complaint_id,
            "action": action,
            "reason": reason,
            "actor_account_id": viewer.account_id,
            "created_at": now,
        },
    )
    return changed(TYPE, complaint_id)


async def close_complaint(connection: AsyncConnection, viewer: Viewer, command: CloseComplaint) -> Changed:
    """Close the complaint with its outcome (and a note the complainant reads)."""
    complaint_id = key_of(command.complaint_id, TYPE, "id")
    check_outcome_note(command.note)
    outcome = command.outcome.value
    row = await visible_row(connection, COMPLAINTS, complaint_id, viewer, "id")
    await move(
        connection,
        table=COMPLAINTS,
        row=row,
        machine=COMPLAINT,
        action="close",
        actor_account_id=viewer.account_id,
        entity_type=TYPE,
        expected_version=command.expected_version,
        values={"outcome": outcome, "outcome_note": optional_text(command.note), "closed_at": utcnow()},
        facts={"outcome": outcome},
    )
    return changed(TYPE, complaint_id)
