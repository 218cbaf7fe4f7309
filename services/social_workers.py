"""Verifying a self-registered social worker's qualification (`verifySocialWorker`, staff)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Table, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from auth.viewer import Viewer
from datasources.tables import SocialWorker
from datasources.writes import audit_status
from domain.problems import Problem, Rejected, UserErrorCode
from domain.workflows.checks import Checks, optional_text
from domain.workflows.joining import MAX_VERIFICATION_NOTE, VerificationDecision, VerificationStatus
from services.changes import Changed, changed

SOCIAL_WORKERS: Table = SocialWorker.__table__
TYPE = "SocialWorker"


@dataclass(frozen=True)
class VerifySocialWorker:
    social_worker_id: str  # its global id
    decision: VerificationDecision
    reason: str | None


async def verify_social_worker(
    connection: AsyncConnection, viewer: Viewer, command: VerifySocialWorker
) -> Changed:
    """A PENDING social worker becomes VERIFIED, or REJECTED with a reason she reads
    (`verificationNote`). The UPDATE re-checks PENDING: of two racing decisions one wins, the
    other gets CONFLICT."""
    checks = Checks()
    pk = checks.key("id", command.social_worker_id, TYPE)
    reason = optional_text(command.reason)
    rejecting = command.decision == VerificationDecision.REJECT
    if rejecting and reason is None:
        checks.add(UserErrorCode.REQUIRED, "verification_reason_required", "reason")
    checks.text("reason", reason, required=False, max_length=MAX_VERIFICATION_NOTE)
    checks.done()
    seen = (
        await connection.execute(
            select(SOCIAL_WORKERS.c.verification_status).where(SOCIAL_WORKERS.c.id == pk)
        )
    ).scalar_one_or_none()
    if seen is None:
        raise Rejected(Problem(UserErrorCode.NOT_FOUND, "not_found", ("input", "id")))
    if seen != VerificationStatus.PENDING:
        raise Rejected(
            Problem(UserErrorCode.INVALID_STATE, "invalid_state", ("input", "id"), {"status": seen})
        )
    status = VerificationStatus.REJECTED if rejecting else VerificationStatus.VERIFIED
    moved = await connection.execute(
        update(SOCIAL_WORKERS)
        .where(SOCIAL_WORKERS.c.id == pk, SOCIAL_WORKERS.c.verification_status == VerificationStatus.PENDING)
        .values(verification_status=status, verification_note=reason if rejecting else None)
    )
    if moved.rowcount != 1:
        raise Rejected(Problem(UserErrorCode.CONFLICT, "conflict", ("input", "id")))
    await audit_status(
        connection, viewer.account_id, "verifySocialWorker", (TYPE, pk), seen, status, reason=reason
    )
    return changed(TYPE, pk)
