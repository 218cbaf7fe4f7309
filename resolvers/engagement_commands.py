"""The engagement (对接) mutations: each input becomes a command run in one transaction."""

from __future__ import annotations

from typing import Any

from domain.workflows.checks import Checks
from resolvers.command_inputs import primary_key
from resolvers.commands import Outcome, run_command
from resolvers.context import Info
from services import engagements

MAX_UNITS = 100_000
MAX_NOTE = 1000  # the proposal's message
MAX_REPLY = 400  # a reply or a reason: together they fit the note's 2000 characters


async def propose_engagement(info: Info, input: Any) -> Outcome:
    async def command(connection, viewer):  # type: ignore[no-untyped-def]
        checks = Checks()
        demand_id = primary_key(checks, "demandId", input.demand_id, "Demand")
        resource_id = primary_key(checks, "resourceId", input.resource_id, "Resource")
        checks.number("quantity", input.quantity, low=1, high=MAX_UNITS)
        checks.text("note", input.note, required=False, max_length=MAX_NOTE)
        checks.done()
        proposal = engagements.Proposal(demand_id, resource_id, input.quantity, input.note or "")
        return await engagements.propose(connection, viewer, proposal)

    return await run_command(info, "proposeEngagement", command, idempotency_key=input.idempotency_key)


async def respond_to_engagement(info: Info, input: Any) -> Outcome:
    async def command(connection, viewer):  # type: ignore[no-untyped-def]
        engagement_id = _engagement_id(input, "note", input.note, required=False)
        return await engagements.respond(
            connection, viewer, engagement_id, input.decision.value, input.note, input.expected_version
        )

    return await run_command(info, "respondToEngagement", command)


async def complete_engagement(info: Info, input: Any) -> Outcome:
    async def command(connection, viewer):  # type: ignore[no-untyped-def]
        engagement_id = _engagement_id(input)
        return await engagements.complete(connection, viewer, engagement_id, input.expected_version)

    return await run_command(info, "completeEngagement", command)


async def cancel_engagement(info: Info, input: Any) -> Outcome:
    async def command(connection, viewer):  # type: ignore[no-untyped-def]
        engagement_id = _engagement_id(input, "reason", input.reason, required=True)
        return await engagements.cancel(
            connection, viewer, engagement_id, input.reason, input.expected_version
        )

    return await run_command(info, "cancelEngagement", command)


def _engagement_id(
    input: Any, text_field: str | None = None, text: str | None = None, *, required: bool = False
) -> int:
    """The engagement's key, after checking the input's message (a reply or a reason), if any."""
    checks = Checks()
    engagement_id = primary_key(checks, "engagementId", input.engagement_id, "Engagement")
    if text_field is not None:
        checks.text(text_field, text, required=required, max_length=MAX_REPLY)
    checks.done()
    return engagement_id
