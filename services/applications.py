"""The commands of volunteer applications: apply, respond (accept or decline), complete, withdraw.

A place of the position is one unit of the resource: accepting commits it with the same
conditional UPDATE engagements use (datasources/commands/quantities.py), so racing accepts
never take more volunteers than there are places; withdrawing an accepted application gives
it back. Locks are taken application first, then resource, everywhere but in `apply`, which
locks the resource before the application exists.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from auth.viewer import Viewer
from datasources.tables import Resource, VolunteerApplication
from datasources.writes import audit_status
from domain.enums import ApplicationStatus
from domain.problems import Problem, Rejected, UserErrorCode
from domain.workflows.applications import (
    BLOCKING,
    Ref,
    applicant,
    own_position_problems,
    require_applicant,
    require_provider,
    service_days,
    service_minutes,
)
from domain.workflows.engagements import offer_problems, position_problems
from domain.workflows.states import APPLICATION
from services import quantities
from services.participants import add_service_minutes, organization_status
from services.rows import read_row, visible_row
from services.transitions import move

APPLICATIONS = VolunteerApplication.__table__
RESOURCES = Resource.__table__
TYPE = "VolunteerApplication"
OPPORTUNITY, APPLICATION_ID, HOURS = "opportunityId", "applicationId", "hoursServed"


async def apply(
    connection: AsyncConnection, viewer: Viewer, resource_id: int, motivation: str, now: datetime
) -> tuple[str, int]:
    """The viewer's volunteer applies to a live position with a place left; a WITHDRAWN
    application of hers is reopened, any other one is a DUPLICATE."""
    volunteer_id = applicant(viewer.participant)
    # Locked, so that the place and the status checked hold until the commit.
    resource = await visible_row(connection, RESOURCES, resource_id, viewer, OPPORTUNITY, lock=True)
    problems = position_problems(resource, await _provider_status(connection, resource), now, OPPORTUNITY)
    problems += own_position_problems(viewer.participant, _provider(resource), OPPORTUNITY)
    if problems:
        raise Rejected(problems)
    existing = await _application_of(connection, volunteer_id, resource_id)
    if existing is not None and existing.status in BLOCKING:
        raise _already_applied()
    if existing is not None:
        values = {"motivation": motivation, "applied_at": now, "decided_at": None, "completed_at": None}
        await _move(connection, viewer, existing, "reapply", None, values)
        return TYPE, existing.id
    try:
        async with connection.begin_nested():  # a racing first application of the same pair
            pk = (
                await connection.execute(
                    insert(APPLICATIONS).returning(APPLICATIONS.c.id),
                    {
                        "volunteer_id": volunteer_id,
                        "resource_id": resource_id,
                        "status": ApplicationStatus.APPLIED,
                        "motivation": motivation,
                        "applied_at": now,
                    },
                )
            ).scalar_one()
    except IntegrityError:
        raise _already_applied() from None
    await audit_status(
        connection, viewer.account_id, "applyToOpportunity", (TYPE, pk), None, ApplicationStatus.APPLIED
    )
    return TYPE, pk


async def respond(
    connection: AsyncConnection,
    viewer: Viewer,
    application_id: int,
    action: str,
    expected_version: int | None,
    now: datetime,
) -> tuple[str, int]:
    """The provider accepts ("accept": takes one place) or declines ("decline") an application."""
    application, resource = await _application(connection, viewer, application_id)
    require_provider(viewer.participant, _provider(resource))
    status = await _move(connection, viewer, application, action, expected_version, {"decided_at": now})
    if status == ApplicationStatus.ACCEPTED:
        problems = offer_problems(resource, await _provider_status(connection, resource), now, 1, None, None)
        if problems:
            raise Rejected(problems)
        await quantities.commit_units(connection, resource.id, 1, actor=viewer.account_id)
    return TYPE, application.id


async def complete(
    connection: AsyncConnection,
    viewer: Viewer,
    application_id: int,
    hours: float,
    expected_version: int | None,
    now: datetime,
) -> tuple[str, int]:
    """The provider records the hours an accepted volunteer served; her total grows by them."""
    application, resource = await _application(connection, viewer, application_id)
    require_provider(viewer.participant, _provider(resource))
    days = service_days(resource.available_from, resource.available_until, application.applied_at, now)
    minutes = service_minutes(hours, days, HOURS)
    values = {"completed_at": now, "service_minutes": minutes}
    facts = {"serviceMinutes": minutes}
    await _move(connection, viewer, application, "complete", expected_version, values, facts)
    await add_service_minutes(connection, application.volunteer_id, minutes)
    return TYPE, application.id


async def withdraw(
    connection: AsyncConnection, viewer: Viewer, application_id: int, expected_version: int | None
) -> tuple[str, int]:
    """The volunteer withdraws before completion; an accepted application gives its place back."""
    application, resource = await _application(connection, viewer, application_id)
    require_applicant(viewer.participant, application.volunteer_id)
    await _move(connection, viewer, application, "withdraw", expected_version, {})
    if application.status == ApplicationStatus.ACCEPTED:
        await quantities.release_units(connection, resource.id, 1, actor=viewer.account_id)
    return TYPE, application.id


async def _application(connection: AsyncConnection, viewer: Viewer, application_id: int) -> tuple[Row, Row]:
    application = await visible_row(connection, APPLICATIONS, application_id, viewer, APPLICATION_ID)
    return application, await read_row(connection, RESOURCES, application.resource_id)


async def _application_of(connection: AsyncConnection, volunteer_id: int, resource_id: int) -> Row | None:
    c = APPLICATIONS.c
    found = await connection.execute(
        select(APPLICATIONS).where(c.volunteer_id == volunteer_id, c.resource_id == resource_id)
    )
    return found.one_or_none()


async def _move(
    connection: AsyncConnection,
    viewer: Viewer,
    application: Row,
    action: str,
    expected_version: int | None,
    values: dict,
    facts: dict | None = None,
) -> str:
    return await move(
        connection,
        table=APPLICATIONS,
        row=application,
        machine=APPLICATION,
        action=action,
        actor_account_id=viewer.account_id,
        entity_type=TYPE,
        expected_version=expected_version,
        values=values,
        facts=facts,
    )


async def _provider_status(connection: AsyncConnection, resource: Row) -> str | None:
    return await organization_status(connection, _provider(resource))


def _already_applied() -> Rejected:
    return Rejected(
        Problem(UserErrorCode.DUPLICATE, "already_applied", ("input", OPPORTUNITY), {"field": OPPORTUNITY})
    )


def _provider(resource: Row) -> Ref:
    return (resource.provider_kind, resource.provider_id)
