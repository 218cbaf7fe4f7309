"""The commands of engagements (对接): propose, respond (accept or decline), complete, cancel.

Locks are taken in one order everywhere, engagement, resource, demand, participants, so that
racing commands wait for each other instead of deadlocking.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from auth.viewer import Viewer
from datasources.columns import utcnow
from datasources.tables import Demand, Engagement, Resource
from datasources.writes import audit, audit_status
from domain.enums import EngagementInitiator, EngagementStatus
from domain.problems import Problem, Rejected, UserErrorCode
from domain.workflows.engagements import (
    UNDER_WAY,
    Ref,
    agreed_by_both,
    appended,
    need_problems,
    offer_problems,
    pair_problems,
    responders,
    side_of,
)
from domain.workflows.states import ENGAGEMENT, invalid_state, next_status
from services import quantities
from services.participants import count_settled, organization_status
from services.rows import read_row, visible_row
from services.transitions import conflict, move

ENGAGEMENTS = Engagement.__table__
RESOURCES = Resource.__table__
DEMANDS = Demand.__table__
TYPE = "Engagement"
# Where _liveness puts its problems: the resource's, the demand's and the units' input fields.
PROPOSAL_FIELDS = ("resourceId", "demandId", "quantity")
WHOLE_INPUT = (None, None, None)
# The column of each side's agreement (proposing, or accepting).
ACCEPTED_AT = {
    EngagementInitiator.REQUESTER: "requester_accepted_at",
    EngagementInitiator.PROVIDER: "provider_accepted_at",
}


@dataclass(frozen=True)
class Proposal:
    demand_id: int
    resource_id: int
    quantity: int
    note: str


@dataclass(frozen=True)
class Sides:
    """An engagement with its demand and resource, and the side the viewer acts for."""

    engagement: Row
    demand: Row
    resource: Row
    side: EngagementInitiator

    @property
    def parties(self) -> tuple[Ref, Ref]:
        return _requester(self.demand), _provider(self.resource)


async def propose(connection: AsyncConnection, viewer: Viewer, proposal: Proposal) -> tuple[str, int]:
    # Locked so that what is checked (units left, no engagement under way) holds until the commit.
    resource = await visible_row(connection, RESOURCES, proposal.resource_id, viewer, "resourceId", lock=True)
    demand = await visible_row(connection, DEMANDS, proposal.demand_id, viewer, "demandId", lock=True)
    side = side_of(viewer.participant, _requester(demand), _provider(resource))
    if side is None:
        raise Rejected(Problem(UserErrorCode.FORBIDDEN, "only_parties"))
    problems = [
        *pair_problems(demand, resource),
        *await _liveness(connection, demand, resource, proposal.quantity, PROPOSAL_FIELDS),
    ]
    if await _under_way(connection, demand.id, resource.id):
        problems.append(
            Problem(
                UserErrorCode.DUPLICATE, "engagement_exists", ("input", "resourceId"), {"field": "resourceId"}
            )
        )
    if problems:
        raise Rejected(problems)
    status = EngagementStatus.PROPOSED
    values = {
        "demand_id": demand.id,
        "resource_id": resource.id,
        "status": status,
        "initiated_by": side,
        "quantity": proposal.quantity,
        "note": proposal.note.strip(),
        ACCEPTED_AT[side]: utcnow(),  # proposing is agreeing
    }
    pk = (await connection.execute(insert(ENGAGEMENTS).returning(ENGAGEMENTS.c.id), values)).scalar_one()
    await audit(
        connection,
        actor_account_id=viewer.account_id,
        action="proposeEngagement",
        entity_type=TYPE,
        entity_id=pk,
        after={"status": status, "initiatedBy": side, "quantity": proposal.quantity},
    )
    return TYPE, pk


async def respond(
    connection: AsyncConnection,
    viewer: Viewer,
    engagement_id: int,
    action: str,
    note: str | None,
    expected_version: int | None,
) -> tuple[str, int]:
    """`action` "accept" or "decline", by a side that answers the proposal: the side that did not
    propose, either side of a FEDERATION one. Accepting records the side's agreement; once both
    sides agreed it is ACCEPTED and its units are committed on both sides."""
    sides = await _sides(connection, viewer, engagement_id)
    engagement = sides.engagement
    if sides.side not in responders(engagement.initiated_by):
        raise Rejected(Problem(UserErrorCode.FORBIDDEN, "other_side_responds"))
    if engagement.status == EngagementStatus.PROPOSED and engagement._mapping[ACCEPTED_AT[sides.side]]:
        raise Rejected(Problem(UserErrorCode.INVALID_STATE, "already_accepted"))
    if action == "decline":
        values = {"responded_at": utcnow(), "note": appended(engagement.note, note)}
        await _move(connection, viewer, sides, action, expected_version, values)
        return TYPE, engagement.id
    agreed = await _agree(connection, sides, note, expected_version)
    both = agreed_by_both(
        agreed.initiated_by, agreed.requester_accepted_at is not None, agreed.provider_accepted_at is not None
    )
    status = next_status(ENGAGEMENT, agreed.status, "accept") if both else agreed.status
    await audit_status(
        connection, viewer.account_id, "acceptEngagement", (TYPE, agreed.id), agreed.status, status,
        acceptedBy=sides.side,
    )  # fmt: skip
    if both:
        await _commit(connection, viewer, sides, status)
    return TYPE, engagement.id


async def _commit(connection: AsyncConnection, viewer: Viewer, sides: Sides, status: str) -> None:
    """Agreed by both sides: ACCEPTED, and its units committed if both sides are still live."""
    engagement = sides.engagement
    c = ENGAGEMENTS.c
    await connection.execute(
        update(ENGAGEMENTS).where(c.id == engagement.id).values(status=status, responded_at=utcnow())
    )
    problems = await _liveness(connection, sides.demand, sides.resource, engagement.quantity, WHOLE_INPUT)
    if problems:
        raise Rejected(problems)
    await quantities.commit_units(
        connection, engagement.resource_id, engagement.quantity, actor=viewer.account_id
    )
    await quantities.match_units(
        connection, engagement.demand_id, engagement.quantity, actor=viewer.account_id
    )


async def _agree(
    connection: AsyncConnection, sides: Sides, note: str | None, expected_version: int | None
) -> Row:
    """Record the viewer's side's agreement, the engagement as it now is (locked until the commit).

    One conditional UPDATE: of both sides agreeing at once, the second waits for the first's row
    lock and then finds the first's agreement on the row it returns, so exactly one of them sees
    both agreements (and commits the units)."""
    c = ENGAGEMENTS.c
    column = c[ACCEPTED_AT[sides.side]]
    conditions = [c.id == sides.engagement.id, c.status == EngagementStatus.PROPOSED, column.is_(None)]
    if expected_version is not None:
        conditions.append(c.version == expected_version)
    values = {column.name: utcnow(), "version": c.version + 1}
    reply = (note or "").strip()
    if reply:  # appended in the UPDATE: both sides may reply at once
        values["note"] = case((c.note == "", reply), else_=c.note + "\n" + reply)
    statement = update(ENGAGEMENTS).where(*conditions).values(**values).returning(*c)
    agreed = (await connection.execute(statement)).one_or_none()
    if agreed is not None:
        return agreed
    current = await read_row(connection, ENGAGEMENTS, sides.engagement.id)
    if current.status != EngagementStatus.PROPOSED:
        raise invalid_state(current.status, "accept")
    if current._mapping[column.name] is not None:
        raise Rejected(Problem(UserErrorCode.INVALID_STATE, "already_accepted"))
    raise conflict("expectedVersion")


async def complete(
    connection: AsyncConnection, viewer: Viewer, engagement_id: int, expected_version: int | None
) -> tuple[str, int]:
    """Either side records that it was carried out: the demand counts its units as fulfilled."""
    sides = await _sides(connection, viewer, engagement_id)
    engagement = sides.engagement
    await _move(connection, viewer, sides, "complete", expected_version, {"completed_at": utcnow()})
    await quantities.fulfil_units(
        connection, engagement.demand_id, engagement.quantity, actor=viewer.account_id
    )
    await count_settled(connection, sides.parties, "engagements_completed")
    return TYPE, engagement.id


async def cancel(
    connection: AsyncConnection, viewer: Viewer, engagement_id: int, reason: str, expected_version: int | None
) -> tuple[str, int]:
    """Either side calls it off; an accepted engagement gives its units back to both sides."""
    sides = await _sides(connection, viewer, engagement_id)
    engagement = sides.engagement
    values = {"cancelled_at": utcnow(), "note": appended(engagement.note, reason)}
    await _move(connection, viewer, sides, "cancel", expected_version, values, {"reason": reason.strip()})
    if engagement.status == EngagementStatus.ACCEPTED:
        await quantities.release_units(
            connection, engagement.resource_id, engagement.quantity, actor=viewer.account_id
        )
        await quantities.unmatch_units(
            connection, engagement.demand_id, engagement.quantity, actor=viewer.account_id
        )
    await count_settled(connection, sides.parties, "engagements_cancelled")
    return TYPE, engagement.id


async def _sides(connection: AsyncConnection, viewer: Viewer, engagement_id: int) -> Sides:
    engagement = await visible_row(connection, ENGAGEMENTS, engagement_id, viewer, "engagementId")
    demand = await read_row(connection, DEMANDS, engagement.demand_id)
    resource = await read_row(connection, RESOURCES, engagement.resource_id)
    side = side_of(viewer.participant, _requester(demand), _provider(resource))
    if side is None:
        raise Rejected(Problem(UserErrorCode.FORBIDDEN, "only_parties"))
    return Sides(engagement, demand, resource, side)


async def _move(
    connection: AsyncConnection,
    viewer: Viewer,
    sides: Sides,
    action: str,
    expected_version: int | None,
    values: dict,
    facts: dict | None = None,
) -> str:
    return await move(
        connection,
        table=ENGAGEMENTS,
        row=sides.engagement,
        machine=ENGAGEMENT,
        action=action,
        actor_account_id=viewer.account_id,
        entity_type=TYPE,
        expected_version=expected_version,
        values=values,
        facts=facts,
    )


async def _liveness(
    connection: AsyncConnection, demand: Row, resource: Row, units: int, fields: tuple[str | None, ...]
) -> list[Problem]:
    """Why both sides cannot engage `units` now, if they cannot (see PROPOSAL_FIELDS for `fields`)."""
    resource_field, demand_field, units_field = fields
    provider_status = await organization_status(connection, _provider(resource))
    requester_status = await organization_status(connection, _requester(demand))
    return [
        *offer_problems(resource, provider_status, utcnow(), units, resource_field, units_field),
        *need_problems(demand, requester_status, units, demand_field, units_field),
    ]


async def _under_way(connection: AsyncConnection, demand_id: int, resource_id: int) -> bool:
    c = ENGAGEMENTS.c
    found = await connection.execute(
        select(c.id)
        .where(c.demand_id == demand_id, c.resource_id == resource_id, c.status.in_(sorted(UNDER_WAY)))
        .limit(1)
    )
    return found.first() is not None


def _requester(demand: Row) -> Ref:
    return (demand.requester_kind, demand.requester_id)


def _provider(resource: Row) -> Ref:
    return (resource.provider_kind, resource.provider_id)
