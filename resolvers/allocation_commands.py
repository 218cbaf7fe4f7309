"""Applying an allocation plan (全局调配方案): the proposals sent back become one command."""

from __future__ import annotations

from typing import Any

from domain.problems import Rejected, UserErrorCode
from domain.workflows.allocations import MAX_PROPOSALS, Planned
from domain.workflows.checks import Checks
from resolvers.command_inputs import primary_key
from resolvers.commands import Outcome, run_batch_command
from resolvers.context import Info
from resolvers.engagement_commands import MAX_NOTE, MAX_UNITS
from services import allocations


async def apply_allocation_plan(info: Info, input: Any) -> Outcome:
    async def command(connection, viewer):  # type: ignore[no-untyped-def]
        proposals = _proposals(input)
        return await allocations.apply_plan(connection, viewer, proposals, input.note or "")

    return await run_batch_command(
        info, "applyAllocationPlan", command, idempotency_key=input.idempotency_key
    )


def _proposals(input: Any) -> list[Planned]:
    """The proposals as keys, or every problem of their shape at once (ids, units, how many)."""
    checks = Checks()
    if not input.proposals:
        checks.add(UserErrorCode.REQUIRED, "required", "proposals")
    elif len(input.proposals) > MAX_PROPOSALS:
        checks.add(UserErrorCode.LIMIT_REACHED, "too_many", "proposals", max=MAX_PROPOSALS)
    checks.text("note", input.note, required=False, max_length=MAX_NOTE)
    checks.done()
    planned, problems = [], []
    for index, proposal in enumerate(input.proposals):
        item = Checks(prefix=("proposals", str(index)))
        demand_id = primary_key(item, "demandId", proposal.demand_id, "Demand")
        resource_id = primary_key(item, "resourceId", proposal.resource_id, "Resource")
        item.number("quantity", proposal.quantity, low=1, high=MAX_UNITS)
        problems += item.problems
        planned.append(Planned(demand_id, resource_id, proposal.quantity))
    if problems:
        raise Rejected(problems)
    return planned
