"""The volunteer application use cases: apply, respond (accept or decline), complete, withdraw.

A place of the position is one unit of the resource: accepting commits it with the same
conditional UPDATE engagements use (services/quantities.py), so racing accepts never take more
volunteers than there are places; withdrawing an accepted application gives it back. Locks are
taken application first, then resource, everywhere but in applying, which locks the resource
before the application exists.

`applyToOpportunity` takes what `opportunities` lists: a volunteer position (a Resource)
becomes an application; an Event becomes a registration through the registerForEvent use case.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from auth.viewer import Viewer
from datasources.columns import utcnow
from datasources.tables import Resource, VolunteerApplication
from datasources.writes import audit_status
from domain.enums import ApplicationStatus
from domain.global_ids import decode
from domain.problems import Problem, Rejected, UserErrorCode
from domain.workflows.applications import (
    BLOCKING,
    Ref,
    applicant,
    check_motivation,
    own_position_problems,
    require_applicant,
    require_provider,
    service_days,
    service_minutes,
)
from domain.workflows.checks import Checks, key_of
from domain.workflows.engagements import offer_problems, position_problems
from domain.workflows.states import APPLICATION, Decision
from services import events, quantities
from services.changes import Changed, changed
from services.participants import add_service_minutes, organization_status
from services.rows import read_row, visible_row
from services.transitions import move

APPLICATIONS = VolunteerApplication.__table__
RESOURCES = Resource.__table__
TYPE = "VolunteerApplication"
OPPORTUNITY, APPLICATION_ID, HOURS = "opportunityId", "applicationId", "hoursServed"
OPPORTUNITY_TYPES = ("Resource", "Event")
EVENT_FIELD = ("input", "eventId")  # where registerForEvent puts its problems


@dataclass(frozen=True)
class ApplyToOpportunity:
    opportunity_id: str  # the global id of a volunteer position (a Resource) or of an Event
    motivation: str | None


@dataclass(frozen=True)
class RespondToApplication:
    application_id: str  # its global id
    decision: Decision
    expected_version: int | None


@dataclass(frozen=True)
class CompleteApplication:
    application_id: str  # its global id
    hours_served: float
    expected_version: int | None


@dataclass(frozen=True)
class WithdrawApplication:
    application_id: str  # its global id
    expected_version: int | None


async def apply_to_opportunity(
    connection: AsyncConnection, viewer: Viewer, command: ApplyToOpportunity
) -> Changed:
    """The viewer's volunteer applies to a position (an application) or registers for an event."""
    checks = Checks()
    pk = checks.key(OPPORTUNITY, command.opportunity_id, OPPORTUNITY_TYPES)
    check_motivation(checks, command.motivation)
    checks.done()
    if decode(command.opportunity_id)[0] == "Event":
        return changed("EventRegistration", await _register(connection, viewer, pk))
    return changed(TYPE, await _apply(connection, viewer, pk, (command.motivation or "").strip(), utcnow()))


async def respond_to_application(
    connection: AsyncConnection, viewer: Viewer, command: RespondToApplication
) -> Changed:
    """The provider accepts (takes one place) or declines an application."""
    application_id = key_of(command.application_id, TYPE, APPLICATION_ID)
    now = utcnow()
    application, resource = await _application(connection, viewer, application_id)
    require_provider(viewer.participant, _provider(resource))
    action = command.decision.value
    status = await _move(
        connection, viewer, application, action, command.expected_version, {"decided_at": now}
    )
    if status == ApplicationStatus.ACCEPTED:
        problems = offer_problems(resource, await _provider_status(connection, resource), now, 1, None, None)
        if problems:
            raise Rejected(problems)
        await quantities.commit_units(connection, resource.id, 1, actor=viewer.account_id)
    return changed(TYPE, application.id)


async def complete_application(
    connection: AsyncConnection, viewer: Viewer, command: CompleteApplication
) -> Changed:
    """The provider records the hours an accepted volunteer served; her total grows by them."""
    application_id = key_of(command.application_id, TYPE, APPLICATION_ID)
    now = utcnow()
    application, resource = await _application(connection, viewer, application_id)
    require_provider(viewer.participant, _provider(resource))
    days = service_days(resource.available_from, resource.available_until, application.applied_at, now)
    minutes = service_minutes(command.hours_served, days, HOURS)
    values = {"completed_at": now, "service_minutes": minutes}
    facts = {"serviceMinutes": minutes}
    await _move(connection, viewer, application, "complete", command.expected_version, values, facts)
    await add_service_minutes(connection, application.volunteer_id, minutes)
    return changed(TYPE, application.id)


async def withdraw_application(
    connection: AsyncConnection, viewer: Viewer, command: WithdrawApplication
) -> Changed:
    """The volunteer withdraws before completion; an accepted application gives its place back."""
    application_id = key_of(command.application_id, TYPE, APPLICATION_ID)
    application, resource = await _application(connection, viewer, application_id)
    require_applicant(viewer.participant, application.volunteer_id)
    await _move(connection, viewer, application, "withdraw", command.expected_version, {})
    if application.status == ApplicationStatus.ACCEPTED:
        await quantities.release_units(connection, resource.id, 1, actor=viewer.account_id)
    return changed(TYPE, application.id)


async def _apply(
    connection: AsyncConnection, viewer: Viewer, resource_id: int, motivation: str, now: datetime
) -> int:
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
        return existing.id
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
    return pk


async def _register(connection: AsyncConnection, viewer: Viewer, event_id: int) -> int:
    """Register the viewer's volunteer for an event, as registerForEvent does; its problems
    point at `opportunityId`."""
    applicant(viewer.participant)
    try:
        return await events.register(connection, viewer, event_id, utcnow())
    except Rejected as rejected:
        raise Rejected([_at_opportunity(problem) for problem in rejected.problems]) from None


def _at_opportunity(problem: Problem) -> Problem:
    if problem.field != EVENT_FIELD:
        return problem
    params = {**problem.params, "field": OPPORTUNITY} if "field" in problem.params else problem.params
    return dataclasses.replace(problem, field=("input", OPPORTUNITY), params=params)


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
