"""Admission of organizations (准入): the SQL of reviewing an application."""

from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from auth.viewer import Viewer
from datasources.tables import Organization, OrganizationStatusChange
from datasources.writes import audit
from domain.problems import Problem, Rejected, UserErrorCode
from domain.workflows.checks import Checks
from domain.workflows.states import ORGANIZATION, next_status

ORGANIZATIONS = Organization.__table__
STATUS_CHANGES = OrganizationStatusChange.__table__
REVIEW_ACTIONS = {"APPROVE": "approve", "REJECT": "reject"}


async def review_organization(
    connection: AsyncConnection, viewer: Viewer, *, organization_id: int, decision: str, reason: str | None
) -> tuple[str, int]:
    """Approve or reject a PENDING organization; a rejection needs a reason."""
    checks = Checks()
    checks.text("reason", reason, required=decision == "REJECT", max_length=2000)
    checks.done()
    await change_status(
        connection,
        viewer,
        organization_id=organization_id,
        action=REVIEW_ACTIONS[decision],
        reason=(reason or "").strip(),
        mutation="reviewOrganization",
    )
    return "Organization", organization_id


async def change_status(
    connection: AsyncConnection,
    viewer: Viewer,
    *,
    organization_id: int,
    action: str,
    reason: str,
    mutation: str,
) -> str:
    """Move an organization along its machine, record the step and audit it; the new status.

    The UPDATE re-checks the status it read, so of two racing changes only one wins; the
    other sees 0 rows and is told the status changed under it (CONFLICT).
    """
    seen = (
        await connection.execute(select(ORGANIZATIONS.c.status).where(ORGANIZATIONS.c.id == organization_id))
    ).scalar_one_or_none()
    if seen is None:
        raise Rejected(Problem(UserErrorCode.NOT_FOUND, "not_found", ("input", "organizationId")))
    status = next_status(ORGANIZATION, seen, action)
    changed = await connection.execute(
        update(ORGANIZATIONS)
        .where(ORGANIZATIONS.c.id == organization_id, ORGANIZATIONS.c.status == seen)
        .values(status=status)
    )
    if changed.rowcount != 1:
        raise Rejected(Problem(UserErrorCode.CONFLICT, "conflict"))
    await connection.execute(
        insert(STATUS_CHANGES).values(
            organization_id=organization_id,
            from_status=seen,
            to_status=status,
            reason=reason,
            actor_account_id=viewer.account_id,
        )
    )
    await audit(
        connection,
        actor_account_id=viewer.account_id,
        action=mutation,
        entity_type="Organization",
        entity_id=organization_id,
        before={"status": seen},
        after={"status": status, "reason": reason},
    )
    return status
