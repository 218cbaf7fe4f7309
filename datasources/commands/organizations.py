"""Organization admission and exit (准入和退出): status changes settled by the database."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from auth.viewer import Viewer
from datasources.commands.offers import check_districts
from datasources.tables import Account, Organization, OrganizationStatusChange
from datasources.writes import audit, audit_status
from domain.enums import OrganizationStatus, ParticipantKind, Role
from domain.problems import Problem, Rejected, UserErrorCode
from domain.workflows.states import ORGANIZATION, next_status

ORGANIZATIONS = Organization.__table__
STATUS_CHANGES = OrganizationStatusChange.__table__
ACCOUNTS = Account.__table__
APPLICATION_REASON = "提交入驻申请"


async def apply(connection: AsyncConnection, viewer: Viewer, values: dict[str, Any]) -> tuple[str, int]:
    """A PENDING organization from checked `values`; the applicant's account becomes its member.

    Two guards make races safe: the unique credit code (a second organization with the same
    code fails its insert: DUPLICATE), and linking the account only while it acts for no one
    (two applications by one account at once: the second finds it linked, CONFLICT).
    """
    await check_districts(connection, "districtId", [values["district_id"]])
    try:
        async with connection.begin_nested():
            pk = (
                await connection.execute(
                    insert(ORGANIZATIONS).returning(ORGANIZATIONS.c.id),
                    {**values, "status": OrganizationStatus.PENDING},
                )
            ).scalar_one()
    except IntegrityError:
        raise Rejected(
            Problem(
                UserErrorCode.DUPLICATE, "credit_code_taken", ("input", "creditCode"), {"field": "creditCode"}
            )
        ) from None
    roles = sorted({*viewer.roles, Role.ORG_MEMBER})
    linked = await connection.execute(
        update(ACCOUNTS)
        .where(ACCOUNTS.c.id == viewer.account_id, ACCOUNTS.c.participant_kind.is_(None))
        .values(participant_kind=ParticipantKind.ORGANIZATION, participant_id=pk, roles=roles)
    )
    if linked.rowcount != 1:
        raise Rejected(Problem(UserErrorCode.CONFLICT, "conflict", ("input",)))
    await connection.execute(
        insert(STATUS_CHANGES).values(
            organization_id=pk,
            from_status=None,
            to_status=OrganizationStatus.PENDING,
            reason=APPLICATION_REASON,
            actor_account_id=viewer.account_id,
        )
    )
    await audit_status(
        connection,
        viewer.account_id,
        "applyOrganization",
        ("Organization", pk),
        None,
        OrganizationStatus.PENDING,
    )
    return "Organization", pk


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
