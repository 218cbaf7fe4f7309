"""Organization admission and exit (准入和退出): status changes settled by the database."""

from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from datasources.tables import Organization, OrganizationStatusChange
from datasources.writes import audit
from domain.problems import Problem, Rejected, UserErrorCode
from domain.workflows.states import ORGANIZATION, next_status

ORGANIZATIONS = Organization.__table__
STATUS_CHANGES = OrganizationStatusChange.__table__


async def transition_organization(
    connection: AsyncConnection,
    *,
    organization_id: int,
    action: str,
    reason: str,
    actor_account_id: int | None,
    mutation: str,
) -> tuple[str, int]:
    """Move an organization by `action`; record it in its admission history and the audit log.

    The UPDATE re-checks the status that was read, so of two racing commands only one wins;
    the other finds 0 rows changed and gets CONFLICT, and writes nothing.
    """
    seen = (
        await connection.execute(select(ORGANIZATIONS.c.status).where(ORGANIZATIONS.c.id == organization_id))
    ).scalar_one_or_none()
    if seen is None:
        raise Rejected(Problem(UserErrorCode.NOT_FOUND, "not_found", ("input", "id")))
    status = next_status(ORGANIZATION, seen, action)
    changed = await connection.execute(
        update(ORGANIZATIONS)
        .where(ORGANIZATIONS.c.id == organization_id, ORGANIZATIONS.c.status == seen)
        .values(status=status)
    )
    if changed.rowcount != 1:
        raise Rejected(Problem(UserErrorCode.CONFLICT, "conflict", ("input", "id")))
    await connection.execute(
        insert(STATUS_CHANGES).values(
            organization_id=organization_id,
            from_status=seen,
            to_status=status,
            reason=reason,
            actor_account_id=actor_account_id,
        )
    )
    await audit(
        connection,
        actor_account_id=actor_account_id,
        action=mutation,
        entity_type="Organization",
        entity_id=organization_id,
        before={"status": seen},
        after={"status": status, "reason": reason},
    )
    return "Organization", organization_id
