"""The volunteer application mutations: each input becomes a command run in one transaction.

`applyToOpportunity` takes what `opportunities` lists: a volunteer position (a Resource)
becomes an application; an Event becomes a registration through the registerForEvent command.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from auth.viewer import Viewer
from datasources.columns import utcnow
from domain.problems import Rejected
from domain.workflows.applications import applicant
from domain.workflows.checks import Checks
from resolvers.command_inputs import primary_key
from resolvers.commands import Outcome, run_command
from resolvers.context import Info
from resolvers.global_ids import decode
from services import applications, events

MAX_MOTIVATION = 1000
OPPORTUNITY_TYPES = ("Resource", "Event")
EVENT_FIELD = ("input", "eventId")  # where registerForEvent puts its problems


async def apply_to_opportunity(info: Info, input: Any) -> Outcome:
    async def command(connection: AsyncConnection, viewer: Viewer) -> tuple[str, int]:
        checks = Checks()
        pk = primary_key(checks, applications.OPPORTUNITY, input.opportunity_id, OPPORTUNITY_TYPES)  # type: ignore[arg-type]
        checks.text("motivation", input.motivation, required=False, max_length=MAX_MOTIVATION)
        checks.done()
        if decode(input.opportunity_id)[0] == "Event":
            return "EventRegistration", await _register(connection, viewer, pk)
        motivation = (input.motivation or "").strip()
        return await applications.apply(connection, viewer, pk, motivation, utcnow())

    return await run_command(info, "applyToOpportunity", command, idempotency_key=input.idempotency_key)


async def respond_to_application(info: Info, input: Any) -> Outcome:
    async def command(connection: AsyncConnection, viewer: Viewer) -> tuple[str, int]:
        pk = _application_id(input)
        action = input.decision.value
        return await applications.respond(connection, viewer, pk, action, input.expected_version, utcnow())

    return await run_command(info, "respondToApplication", command)


async def complete_application(info: Info, input: Any) -> Outcome:
    async def command(connection: AsyncConnection, viewer: Viewer) -> tuple[str, int]:
        pk = _application_id(input)
        return await applications.complete(
            connection, viewer, pk, input.hours_served, input.expected_version, utcnow()
        )

    return await run_command(info, "completeApplication", command)


async def withdraw_application(info: Info, input: Any) -> Outcome:
    async def command(connection: AsyncConnection, viewer: Viewer) -> tuple[str, int]:
        return await applications.withdraw(connection, viewer, _application_id(input), input.expected_version)

    return await run_command(info, "withdrawApplication", command)


async def _register(connection: AsyncConnection, viewer: Viewer, event_id: int) -> int:
    """Register the viewer's volunteer for an event, as registerForEvent does; its problems
    point at `opportunityId`."""
    applicant(viewer.participant)
    try:
        return await events.register(connection, viewer, event_id, utcnow())
    except Rejected as rejected:
        raise Rejected([_at_opportunity(problem) for problem in rejected.problems]) from None


def _at_opportunity(problem: Any) -> Any:
    if problem.field != EVENT_FIELD:
        return problem
    field = applications.OPPORTUNITY
    params = {**problem.params, "field": field} if "field" in problem.params else problem.params
    return dataclasses.replace(problem, field=("input", field), params=params)


def _application_id(input: Any) -> int:
    checks = Checks()
    pk = primary_key(checks, applications.APPLICATION_ID, input.application_id, "VolunteerApplication")
    checks.done()
    return pk
