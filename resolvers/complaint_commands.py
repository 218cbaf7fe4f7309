"""External supervision (外部监管): fileComplaint, actOnComplaint, closeComplaint."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from auth.login import RATE_LIMITED
from auth.viewer import Viewer
from datasources.columns import utcnow
from domain.global_ids import PARTICIPANT_TYPES
from domain.workflows.complaints import ComplaintInput, check_complaint, check_outcome_note
from resolvers.commands import Outcome, input_pk, refused, run_command, within_anonymous_limit
from resolvers.context import Info
from resolvers.offer_inputs import named_party
from services import complaints

# One step on one complaint, given its primary key: the SQL command (returns the complaint's pk).
ComplaintStep = Callable[[AsyncConnection, Viewer, int], Awaitable[int]]


async def file_complaint(info: Info, input: Any) -> Outcome:
    if not await within_anonymous_limit(info, "complaint"):
        return refused(RATE_LIMITED)

    async def command(connection: AsyncConnection, viewer: Viewer) -> tuple[str, int]:
        subject_kind, subject_id = named_party(input.subject_id, "subjectId", tuple(PARTICIPANT_TYPES))
        complaint = ComplaintInput(
            subject_kind=subject_kind,
            subject_id=subject_id,
            category=input.category.value,
            description=input.description,
            contact_name=input.contact_name,
            contact_phone=input.contact_phone,
            contact_email=input.contact_email,
        )
        check_complaint(complaint)
        return "Complaint", await complaints.file(connection, viewer, complaint, utcnow())

    return await run_command(info, "fileComplaint", command, idempotency_key=input.idempotency_key)


async def act_on_complaint(info: Info, input: Any) -> Outcome:
    def run(connection: AsyncConnection, viewer: Viewer, complaint_id: int) -> Awaitable[int]:
        return complaints.act(
            connection,
            viewer,
            complaint_id,
            input.expected_version,
            input.action.value,
            input.reason,
            utcnow(),
        )

    return await _run_on_complaint(info, "actOnComplaint", input.id, run)


async def close_complaint(info: Info, input: Any) -> Outcome:
    def run(connection: AsyncConnection, viewer: Viewer, complaint_id: int) -> Awaitable[int]:
        check_outcome_note(input.note)
        return complaints.close(
            connection,
            viewer,
            complaint_id,
            input.expected_version,
            input.outcome.value,
            input.note,
            utcnow(),
        )

    return await _run_on_complaint(info, "closeComplaint", input.id, run)


async def _run_on_complaint(info: Info, mutation: str, complaint_gid: str, run: ComplaintStep) -> Outcome:
    """Run a command on one complaint: its id decoded, then `run(connection, viewer, pk)`."""

    async def command(connection: AsyncConnection, viewer: Viewer) -> tuple[str, int]:
        return "Complaint", await run(connection, viewer, input_pk(complaint_gid, "Complaint", "id"))

    return await run_command(info, mutation, command)
