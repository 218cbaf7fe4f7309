"""Organization admission (准入): applyOrganization, reviewOrganization, suspendOrganization,
reinstateOrganization; status changes settled by the database. The exit is services/organization_exit.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from auth.viewer import Viewer
from datasources.tables import Account, Organization, OrganizationStatusChange
from datasources.writes import audit_status
from domain.enums import OrganizationKind, OrganizationStatus, ParticipantKind, Role
from domain.problems import Problem, Rejected, UserErrorCode
from domain.workflows.admission import (
    OrganizationApplication,
    ReviewDecision,
    already_acting,
    check_application,
    check_reason,
    normalized_credit_code,
)
from domain.workflows.checks import Checks, key_of, optional_text
from domain.workflows.states import ORGANIZATION, next_status
from services.changes import Changed, changed
from services.offers import check_districts

ORGANIZATIONS: Table = Organization.__table__
STATUS_CHANGES: Table = OrganizationStatusChange.__table__
ACCOUNTS: Table = Account.__table__
TYPE = "Organization"
APPLICATION_REASON = "提交入驻申请"
REAPPLICATION_REASON = "修改后重新提交入驻申请"


@dataclass(frozen=True)
class ApplyOrganization:
    kind: OrganizationKind
    district_id: str  # its global id
    application: OrganizationApplication


@dataclass(frozen=True)
class ReviewOrganization:
    organization_id: str  # its global id
    decision: ReviewDecision
    reason: str | None


@dataclass(frozen=True)
class SuspendOrganization:
    organization_id: str  # its global id
    reason: str


@dataclass(frozen=True)
class ReinstateOrganization:
    organization_id: str  # its global id
    reason: str | None


async def apply_organization(
    connection: AsyncConnection, viewer: Viewer, command: ApplyOrganization
) -> Changed:
    """A signed-in account that acts for no participant applies: a PENDING organization, the
    account its member. The member of a REJECTED organization corrects it and applies again (the
    same organization, PENDING again). Every problem of the application comes at once."""
    if viewer.is_staff:
        raise Rejected(Problem(UserErrorCode.FORBIDDEN, "staff_cannot_apply"))
    if viewer.participant is not None and viewer.participant_kind != ParticipantKind.ORGANIZATION:
        raise already_acting()
    if viewer.participant_id is not None:
        await _check_reapplicable(connection, viewer.participant_id)
    checks = Checks()
    district_id = checks.key("districtId", command.district_id, "District")
    application = command.application
    check_application(checks, application)
    checks.done()
    values = {
        **{
            key: optional_text(value) if isinstance(value, str) else value
            for key, value in vars(application).items()
        },
        "credit_code": normalized_credit_code(application.credit_code),
        "description": (application.description or "").strip(),
        "kind": command.kind.value,
        "district_id": district_id,
    }
    if viewer.participant_id is not None:  # her organization, if REJECTED, applies again
        return changed(TYPE, await _reapply(connection, viewer, viewer.participant_id, values))
    return changed(TYPE, await _apply(connection, viewer, values))


async def review_organization(
    connection: AsyncConnection, viewer: Viewer, command: ReviewOrganization
) -> Changed:
    """Approve or reject a PENDING organization (admins); a rejection must say why."""
    rejecting = command.decision == ReviewDecision.REJECT
    return await _move(connection, viewer, command, command.decision.value, "reviewOrganization", rejecting)


async def suspend_organization(
    connection: AsyncConnection, viewer: Viewer, command: SuspendOrganization
) -> Changed:
    """Suspend an ACTIVE organization (staff), with a reason."""
    return await _move(connection, viewer, command, "suspend", "suspendOrganization", True)


async def reinstate_organization(
    connection: AsyncConnection, viewer: Viewer, command: ReinstateOrganization
) -> Changed:
    """Reinstate a SUSPENDED organization (staff); the reason is optional."""
    return await _move(connection, viewer, command, "reinstate", "reinstateOrganization", False)


async def _move(
    connection: AsyncConnection,
    viewer: Viewer,
    command: ReviewOrganization | SuspendOrganization | ReinstateOrganization,
    action: str,
    mutation: str,
    reason_required: bool,
) -> Changed:
    """The organization the command names, moved by `action` (its id is checked first, then the
    reason)."""
    organization_id = key_of(command.organization_id, TYPE, "id")
    await transition_organization(
        connection,
        organization_id=organization_id,
        action=action,
        reason=check_reason(command.reason, required=reason_required),
        actor_account_id=viewer.account_id,
        mutation=mutation,
    )
    return changed(TYPE, organization_id)


async def _apply(connection: AsyncConnection, viewer: Viewer, values: dict[str, Any]) -> int:
    """A PENDING organization from checked `values`; the applicant's account becomes its member.

    Two guards make races safe: the unique credit code (a second organization with the same
    code fails its insert: DUPLICATE), and linking the account only while it acts for no one
    (two applications by one account at once: the second finds it linked, CONFLICT).
    """
    await check_districts(connection, "districtId", [values["district_id"]])
    insert_it = insert(ORGANIZATIONS).returning(ORGANIZATIONS.c.id)
    pk = (
        await unique_code(connection, insert_it, {**values, "status": OrganizationStatus.PENDING})
    ).scalar_one()
    roles = sorted({*viewer.roles, Role.ORG_MEMBER})
    linked = await connection.execute(
        update(ACCOUNTS)
        .where(ACCOUNTS.c.id == viewer.account_id, ACCOUNTS.c.participant_kind.is_(None))
        .values(participant_kind=ParticipantKind.ORGANIZATION, participant_id=pk, roles=roles)
    )
    if linked.rowcount != 1:
        raise _conflict(("input",))
    await record_step(
        connection,
        viewer.account_id,
        pk,
        None,
        OrganizationStatus.PENDING,
        APPLICATION_REASON,
        "applyOrganization",
    )
    return pk


async def _reapply(
    connection: AsyncConnection, viewer: Viewer, organization_id: int, values: dict[str, Any]
) -> int:
    """The member of a REJECTED organization applies again with corrected `values`: PENDING
    (after `_check_reapplicable`; the UPDATE re-checks the status, a racing change is CONFLICT)."""
    await check_districts(connection, "districtId", [values["district_id"]])
    seen = OrganizationStatus.REJECTED
    status = next_status(ORGANIZATION, seen, "reapply")
    change = update(ORGANIZATIONS).where(
        ORGANIZATIONS.c.id == organization_id, ORGANIZATIONS.c.status == seen
    )
    if (await unique_code(connection, change, {**values, "status": status})).rowcount != 1:
        raise _conflict(("input",))
    await record_step(
        connection,
        viewer.account_id,
        organization_id,
        seen,
        status,
        REAPPLICATION_REASON,
        "applyOrganization",
    )
    return organization_id


async def _check_reapplicable(connection: AsyncConnection, organization_id: int) -> None:
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
) -> None:
    """Move an organization by `action`; record it in its admission history and the audit log.

    The UPDATE re-checks the status that was read, so of two racing commands only one wins;
    the other finds 0 rows changed and gets CONFLICT, and writes nothing.
    """
    seen = await _status(connection, organization_id)
    if seen is None:
        raise Rejected(Problem(UserErrorCode.NOT_FOUND, "not_found", ("input", "id")))
    status = next_status(ORGANIZATION, seen, action)
    moved = await connection.execute(
        update(ORGANIZATIONS)
        .where(ORGANIZATIONS.c.id == organization_id, ORGANIZATIONS.c.status == seen)
        .values(status=status)
    )
    if moved.rowcount != 1:
        raise _conflict(("input", "id"))
    await record_step(connection, actor_account_id, organization_id, seen, status, reason, mutation)


async def _status(connection: AsyncConnection, organization_id: int) -> str | None:
    found = await connection.execute(
        select(ORGANIZATIONS.c.status).where(ORGANIZATIONS.c.id == organization_id)
    )
    return found.scalar_one_or_none()


async def unique_code(connection: AsyncConnection, statement: Any, values: dict[str, Any]) -> Any:
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


async def record_step(
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
