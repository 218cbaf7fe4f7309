"""The SQL of external supervision (外部监管): filing a complaint, acting on it, closing it.

A complaint moves with `move` (a conditional UPDATE on status and version), so of two racing
supervisors the second gets CONFLICT. A suspension goes through `transition_organization`, in
the same transaction: if the organization cannot be suspended, nothing is written at all.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from auth.viewer import Viewer
from datasources.loaders.participants import PARTICIPANT_TABLES
from datasources.tables import Complaint, ComplaintAction
from datasources.writes import audit_status
from domain.enums import ComplaintActionKind, ComplaintStatus, ParticipantKind
from domain.workflows.checks import optional_text
from domain.workflows.complaints import ComplaintInput, check_action
from domain.workflows.states import COMPLAINT
from services.organizations import transition_organization
from services.rows import visible_row
from services.tracking import insert_with_fresh_code
from services.transitions import move

COMPLAINTS = Complaint.__table__
ACTIONS = ComplaintAction.__table__
TYPE = "Complaint"


async def file(connection: AsyncConnection, viewer: Viewer, complaint: ComplaintInput, now: datetime) -> int:
    """Insert an OPEN complaint about a participant the viewer may see (else NOT_FOUND)."""
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
    return complaint_id


async def act(
    connection: AsyncConnection,
    viewer: Viewer,
    complaint_id: int,
    expected_version: int,
    action: str,
    reason: str,
    now: datetime,
) -> int:
    """Record a warning, a suspension or a note; the complaint is IN_REVIEW from then on."""
    row = await visible_row(connection, COMPLAINTS, complaint_id, viewer, "id")
    check_action(action, reason, row.subject_kind)
    reason = reason.strip()
    await move(
        connection,
        table=COMPLAINTS,
        row=row,
        machine=COMPLAINT,
        action="actOn",
        actor_account_id=viewer.account_id,
        entity_type=TYPE,
        expected_version=expected_version,
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
    return complaint_id


async def close(
    connection: AsyncConnection,
    viewer: Viewer,
    complaint_id: int,
    expected_version: int,
    outcome: str,
    note: str | None,
    now: datetime,
) -> int:
    """Close the complaint with its outcome (and a note the complainant reads)."""
    row = await visible_row(connection, COMPLAINTS, complaint_id, viewer, "id")
    await move(
        connection,
        table=COMPLAINTS,
        row=row,
        machine=COMPLAINT,
        action="close",
        actor_account_id=viewer.account_id,
        entity_type=TYPE,
        expected_version=expected_version,
        values={"outcome": outcome, "outcome_note": optional_text(note), "closed_at": now},
        facts={"outcome": outcome},
    )
    return complaint_id
