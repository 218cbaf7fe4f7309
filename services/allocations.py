"""Applying an allocation plan: one PROPOSED engagement (initiated by the FEDERATION) per
proposal, all of them or none.

A fixed number of statements whatever the plan's size: the resources, then the demands, locked
in id order (racing plans and proposals wait for each other instead of deadlocking; every
command that creates an engagement locks its resource first, so no second engagement of a pair
slips in before the commit); both read as the matching filters want them; the engagements of
their pairs; then one INSERT of the engagements and one of their audit entries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Table, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import FromClause

from auth import visibility
from auth.viewer import Viewer
from datasources.columns import utcnow
from datasources.queries import candidates as q
from datasources.tables import Engagement
from datasources.writes import audit_all
from domain.enums import EngagementInitiator, EngagementStatus
from domain.problems import Problem, Rejected, UserErrorCode
from domain.workflows.allocations import Pair, Planned, check_plan, plan_problems
from domain.workflows.checks import Checks
from domain.workflows.engagements import check_units
from services.changes import Changed

ENGAGEMENTS: Table = Engagement.__table__
TYPE = "Engagement"
ACTION = "applyAllocationPlan"


@dataclass(frozen=True)
class ProposalToApply:
    """One proposal of the plan, as the client sent it back."""

    demand_id: str  # its global id
    resource_id: str  # its global id
    quantity: int


@dataclass(frozen=True)
class ApplyAllocationPlan:
    proposals: tuple[ProposalToApply, ...]
    note: str | None  # a message to both sides of each


async def apply_allocation_plan(
    connection: AsyncConnection, viewer: Viewer, command: ApplyAllocationPlan
) -> Changed:
    """The engagements created, in the order of the proposals; Rejected (nothing created) if any
    proposal may not be applied now."""
    proposals = _planned(command)
    if not viewer.is_staff:
        raise Rejected(Problem(UserErrorCode.FORBIDDEN, "forbidden"))
    demand_ids = sorted({p.demand_id for p in proposals})
    resource_ids = sorted({p.resource_id for p in proposals})
    await _lock(connection, q.resources, resource_ids)
    await _lock(connection, q.demands, demand_ids)
    d, r = q.demands.c, q.resources.c
    needs = await q.fetch_needs(
        connection, d.id.in_(demand_ids), *visibility.conditions(viewer, q.demands, "demands")
    )
    offers = await q.fetch_offers(
        connection, r.id.in_(resource_ids), *visibility.conditions(viewer, q.resources, "resources")
    )
    engaged = await _engaged(connection, demand_ids, resource_ids)
    problems = plan_problems(
        proposals, {n.id: n for n in needs}, {o.id: o for o in offers}, engaged, utcnow()
    )
    if problems:
        raise Rejected(problems)
    pks = await _create(connection, proposals, (command.note or "").strip())
    after = {"status": EngagementStatus.PROPOSED, "initiatedBy": EngagementInitiator.FEDERATION}
    await audit_all(
        connection,
        [
            {"actor_account_id": viewer.account_id, "action": ACTION, "entity_type": TYPE,
             "entity_id": pk, "after": {**after, "quantity": p.quantity}}
            for pk, p in zip(pks, proposals, strict=True)
        ],
    )  # fmt: skip
    return Changed(TYPE, tuple(pks))


def _planned(command: ApplyAllocationPlan) -> list[Planned]:
    """The proposals as keys, or every problem of their shape at once (ids, units, how many)."""
    checks = Checks()
    check_plan(checks, len(command.proposals), command.note)
    checks.done()
    planned: list[Planned] = []
    problems: list[Problem] = []
    for index, proposal in enumerate(command.proposals):
        item = Checks(prefix=("proposals", str(index)))
        demand_id = item.key("demandId", proposal.demand_id, "Demand")
        resource_id = item.key("resourceId", proposal.resource_id, "Resource")
        check_units(item, proposal.quantity)
        problems += item.problems
        planned.append(Planned(demand_id, resource_id, proposal.quantity))
    if problems:
        raise Rejected(problems)
    return planned


async def _lock(connection: AsyncConnection, table: FromClause, ids: list[int]) -> None:
    """Hold these rows until the commit (SQLite: BEGIN IMMEDIATE already serialises writers)."""
    await connection.execute(
        select(table.c.id).where(table.c.id.in_(ids)).order_by(table.c.id).with_for_update()
    )


async def _engaged(
    connection: AsyncConnection, demand_ids: list[int], resource_ids: list[int]
) -> dict[Pair, set[str]]:
    """The statuses of the engagements that rule pairs out (declined, under way), by pair."""
    c = ENGAGEMENTS.c
    statement = (
        select(c.demand_id, c.resource_id, c.status)
        .where(
            c.demand_id.in_(demand_ids),
            c.resource_id.in_(resource_ids),
            c.status.in_(q.BLOCKING_ENGAGEMENTS),
        )
        .distinct()
    )
    engaged: dict[Pair, set[str]] = defaultdict(set)
    for demand_id, resource_id, status in (await connection.execute(statement)).all():
        engaged[(demand_id, resource_id)].add(status)
    return engaged


async def _create(connection: AsyncConnection, proposals: Sequence[Planned], note: str) -> list[int]:
    """One INSERT of all the engagements (batched by the driver), their keys in input order
    (matched by pair: the rules allow each pair once per plan; asking the driver to keep the
    order instead makes SQLite insert row by row)."""
    rows = [
        {"demand_id": p.demand_id, "resource_id": p.resource_id, "quantity": p.quantity,
         "status": EngagementStatus.PROPOSED, "initiated_by": EngagementInitiator.FEDERATION, "note": note}
        for p in proposals
    ]  # fmt: skip
    c = ENGAGEMENTS.c
    statement = insert(ENGAGEMENTS).returning(c.id, c.demand_id, c.resource_id)
    created = {(row.demand_id, row.resource_id): row.id for row in await connection.execute(statement, rows)}
    return [created[(p.demand_id, p.resource_id)] for p in proposals]
