"""Organization admission and exit (准入和退出): status changes settled by the database."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from auth.viewer import Viewer
from datasources.tables import Account, Organization, OrganizationStatusChange
from datasources.writes import audit_status
from domain.enums import OrganizationStatus, ParticipantKind, Role
from domain.problems import Problem, Rejected, UserErrorCode
from domain.workflows.admission import already_acting
from domain.workflows.states import ORGANIZATION, next_status
from services.offers import check_districts

ORGANIZATIONS = Organization.__table__
STATUS_CHANGES = OrganizationStatusChange.__table__
ACCOUNTS = Account.__table__
TYPE = "Organization"
APPLICATION_REASON = "提交入驻申请"
REAPPLICATION_REASON = "修改后重新提交入驻申请"


async def apply(connection: AsyncConnection, viewer: Viewer, values: dict[str, Any]) -> tuple[str, int]:
    """A PENDING organization from checked `values`; the applicant's account becomes its member.

    Two guards make races safe: the unique credit code (a second organization with the same
    code fails its insert: DUPLICATE), and linking the account only while it acts for no one
    (two applications by one account at once: the second finds it linked, CONFLICT).
    """
    await check_districts(connection, "districtId", [values["district_id"]])
    insert_it = insert(ORGANIZATIONS).returning(ORGANIZATIONS.c.id)
    pk = (
        await _unique_code(connection, insert_it, {**values, "status": OrganizationStatus.PENDING})
    ).scalar_one()
    roles = sorted({*viewer.roles, Role.ORG_MEMBER})
    linked = await connection.execute(
        update(ACCOUNTS)
        .where(ACCOUNTS.c.id == viewer.account_id, ACCOUNTS.c.participant_kind.is_(None))
        .values(participant_kind=ParticipantKind.ORGANIZATION, participant_id=pk, roles=roles)
    )
    if linked.rowcount != 1:
        raise _conflict(("input",))
    await _record(
        connection,
        viewer.account_id,
        pk,
        None,
        OrganizationStatus.PENDING,
        APPLICATION_REASON,
        "applyOrganization",
    )
    return TYPE, pk


async def reapply(
    connection: AsyncConnection, viewer: Viewer, organization_id: int, values: dict[str, Any]
) -> tuple[str, int]:
    """The member of a REJECTED organization applies again with corrected `values`: PENDING
    (after `check_reapplicable`; the UPDATE re-checks the status, a racing change is CONFLICT)."""
    await check_districts(connection, "districtId", [values["district_id"]])
    seen = OrganizationStatus.REJECTED
    status = next_status(ORGANIZATION, seen, "reapply")
    change = update(ORGANIZATIONS).where(
        ORGANIZATIONS.c.id == organization_id, ORGANIZATIONS.c.status == seen
    )
    if (await _unique_code(connection, change, {**values, "status": status})).rowcount != 1:
        raise _conflict(("input",))
    await _record(
        connection,
        viewer.account_id,
        organization_id,
        seen,
        status,
        REAPPLICATION_REASON,
        "applyOrganization",
    )
    return TYPE, organization_id


async def check_reapplicable(connection: AsyncConnection, organization_id: int) -> None:
    """Only a REJECTED organization's member may apply again (else INVALID_STATE: she acts for it)."""
    if await _status(connection, organization_id) != OrganizationStatus.REJECTED:
        raise already_acting()


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
    seen = await _status(connection, organization_id)
    if seen is None:
        raise Rejected(Problem(UserErrorCode.NOT_FOUND, "not_found", ("input", "id")))
    status = next_status(ORGANIZATION, seen, action)
    changed = await connection.execute(
        update(ORGANIZATIONS)
        .where(ORGANIZATIONS.c.id == organization_id, ORGANIZATIONS.c.status == seen)
        .values(status=status)
    )
    if changed.rowcount != 1:
        raise _conflict(("input", "id"))
    await _record(connection, actor_account_id, organization_id, seen, status, reason, mutation)
    return TYPE, organization_id


async def _status(connection: AsyncConnection, organization_id: int) -> str | None:
    found = await connection.execute(
        select(ORGANIZATIONS.c.status).where(ORGANIZATIONS.c.id == organization_id)
    )
    return found.scalar_one_or_none()


async def _unique_code(connection: AsyncConnection, statement: Any, values: dict[str, Any]) -> Any:
    """Run an INSERT or UPDATE of an organization; a credit code taken already is DUPLICATE (in a
    savepoint, so the transaction stays usable until the refusal rolls it back)."""
    try:
        async with connection.begin_nested():
            return await connection.execute(statement, values)
    except IntegrityError:
        raise Rejected(
            Problem(
                UserErrorCode.DUPLICATE, "credit_code_taken", ("input", "creditCode"), {"field": "creditCode"}
            )
        ) from None


def _conflict(field: tuple[str, ...]) -> Rejected:
    return Rejected(Problem(UserErrorCode.CONFLICT, "conflict", field))


async def _record(
    connection: AsyncConnection,
    actor_account_id: int | None,
    organization_id: int,
    before: str | None,
    after: str,
    reason: str,
    mutation: str,
) -> None:
    """One step of the admission history (who, when, why), and its audit entry."""
    await connection.execute(
        insert(STATUS_CHANGES).values(
            organization_id=organization_id,
            from_status=before,
            to_status=after,
            reason=reason,
            actor_account_id=actor_account_id,
        )
    )
    await audit_status(
        connection, actor_account_id, mutation, (TYPE, organization_id), before, after, reason=reason or None
    )
