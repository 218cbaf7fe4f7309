"""The engagement (对接) use cases: propose, respond (accept or decline), complete, cancel.

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
from domain.workflows.checks import Checks, key_of
from domain.workflows.engagements import (
    UNDER_WAY,
    Ref,
    agreed_by_both,
    appended,
    check_note,
    check_reply,
    check_units,
    need_problems,
    offer_problems,
    pair_problems,
    responders,
    side_of,
)
from domain.workflows.states import ENGAGEMENT, Decision, invalid_state, next_status
from services import quantities
from services.changes import Changed, changed
from services.participants import count_settled, organization_status
from services.rows import read_row, visible_row
from services.transitions import conflict, move

ENGAGEMENTS = Engagement.__table__
RESOURCES = Resource.__table__
DEMANDS = Demand.__table__
TYPE = "Engagement"
ENGAGEMENT_ID = "engagementId"
# Where _liveness puts its problems: the resource's, the demand's and the units' input fields.
PROPOSAL_FIELDS = ("resourceId", "demandId", "quantity")
WHOLE_INPUT = (None, None, None)
# The column of each side's agreement (proposing, or accepting).
ACCEPTED_AT = {
    EngagementInitiator.REQUESTER: "requester_accepted_at",
    EngagementInitiator.PROVIDER: "provider_accepted_at",
}


@dataclass(frozen=True)
class ProposeEngagement:
    demand_id: str  # its global id
    resource_id: str  # its global id
    quantity: int
    note: str | None  # a message to the other side


@dataclass(frozen=True)
class RespondToEngagement:
    engagement_id: str  # its global id
    decision: Decision
    note: str | None  # a reply to the proposer, added to the note
    expected_version: int | None


@dataclass(frozen=True)
class CompleteEngagement:
    engagement_id: str  # its global id
    expected_version: int | None


@dataclass(frozen=True)
class CancelEngagement:
    engagement_id: str  # its global id
    reason: str  # added to the note
    expected_version: int | None


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


async def propose_engagement(
    connection: AsyncConnection, viewer: Viewer, command: ProposeEngagement
) -> Changed:
    """A side of the pair proposes it; nothing is committed until the other side accepts."""
    checks = Checks()
    demand_id = checks.key("demandId", command.demand_id, "Demand")
    resource_id = checks.key("resourceId", command.resource_id, "Resource")
    check_units(checks, command.quantity)
    check_note(checks, command.note)
    checks.done()
    # Locked so that what is checked (units left, no engagement under way) holds until the commit.
    resource = await visible_row(connection, RESOURCES, resource_id, viewer, "resourceId", lock=True)
    demand = await visible_row(connection, DEMANDS, demand_id, viewer, "demandId", lock=True)
    side = side_of(viewer.participant, _requester(demand), _provider(resource))
    if side is None:
        raise Rejected(Problem(UserErrorCode.FORBIDDEN, "only_parties"))
    problems = [
        *pair_problems(demand, resource),
        *await _liveness(connection, demand, resource, command.quantity, PROPOSAL_FIELDS),
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
        "quantity": command.quantity,
        "note": (command.note or "").strip(),
        ACCEPTED_AT[side]: utcnow(),  # proposing is agreeing
    }
    pk = (await connection.execute(insert(ENGAGEMENTS).returning(ENGAGEMENTS.c.id), values)).scalar_one()
    await audit(
        connection,
        actor_account_id=viewer.account_id,
        action="proposeEngagement",
        entity_type=TYPE,
        entity_id=pk,
        after={"status": status, "initiatedBy": side, "quantity": command.quantity},
    )
    return changed(TYPE, pk)


async def respond_to_engagement(
    connection: AsyncConnection, viewer: Viewer, command: RespondToEngagement
) -> Changed:
    """Accept or decline, by a side that answers the proposal: the side that did not propose,
    either side of a FEDERATION one. Accepting records the side's agreement; once both sides
    agreed it is ACCEPTED and its units are committed on both sides."""
    engagement_id = _checked_id(command.engagement_id, "note", command.note, required=False)
    sides = await _sides(connection, viewer, engagement_id)
    engagement = sides.engagement
    if sides.side not in responders(engagement.initiated_by):
        raise Rejected(Problem(UserErrorCode.FORBIDDEN, "other_side_responds"))
    if engagement.status == EngagementStatus.PROPOSED and engagement._mapping[ACCEPTED_AT[sides.side]]:
        raise Rejected(Problem(UserErrorCode.INVALID_STATE, "already_accepted"))
    if command.decision == Decision.DECLINE:
        values = {"responded_at": utcnow(), "note": appended(engagement.note, command.note)}
        await _move(connection, viewer, sides, Decision.DECLINE.value, command.expected_version, values)
        return changed(TYPE, engagement.id)
    agreed = await _agree(connection, sides, command.note, command.expected_version)
    both = agreed_by_both(
        agreed.initiated_by, agreed.requester_accepted_at is not None, agreed.provider_accepted_at is not None
    )
    status = next_status(ENGAGEMENT, agreed.status, Decision.ACCEPT.value) if both else agreed.status
    await audit_status(
        connection, viewer.account_id, "acceptEngagement", (TYPE, agreed.id), agreed.status, status,
        acceptedBy=sides.side,
    )  # fmt: skip
    if both:
        await _commit(connection, viewer, sides, status)
    return changed(TYPE, engagement.id)


async def complete_engagement(
    connection: AsyncConnection, viewer: Viewer, command: CompleteEngagement
) -> Changed:
    """Either side records that it was carried out: the demand counts its units as fulfilled."""
    engagement_id = key_of(command.engagement_id, TYPE, ENGAGEMENT_ID)
    sides = await _sides(connection, viewer, engagement_id)
    engagement = sides.engagement
    values = {"completed_at": utcnow()}
    await _move(connection, viewer, sides, "complete", command.expected_version, values)
    await quantities.fulfil_units(
        connection, engagement.demand_id, engagement.quantity, actor=viewer.account_id
    )
    await count_settled(connection, sides.parties, "engagements_completed")
    return changed(TYPE, engagement.id)


async def cancel_engagement(
    connection: AsyncConnection, viewer: Viewer, command: CancelEngagement
) -> Changed:
    """Either side calls it off; an accepted engagement gives its units back to both sides."""
    engagement_id = _checked_id(command.engagement_id, "reason", command.reason, required=True)
    sides = await _sides(connection, viewer, engagement_id)
    engagement = sides.engagement
    reason = command.reason
    values = {"cancelled_at": utcnow(), "note": appended(engagement.note, reason)}
    facts = {"reason": reason.strip()}
    await _move(connection, viewer, sides, "cancel", command.expected_version, values, facts)
    if engagement.status == EngagementStatus.ACCEPTED:
        await quantities.release_units(
            connection, engagement.resource_id, engagement.quantity, actor=viewer.account_id
        )
        await quantities.unmatch_units(
            connection, engagement.demand_id, engagement.quantity, actor=viewer.account_id
        )
    await count_settled(connection, sides.parties, "engagements_cancelled")
    return changed(TYPE, engagement.id)


def _checked_id(global_id: str, field: str, text: str | None, *, required: bool) -> int:
    """The engagement's key, its message (a reply or a reason) checked too: every problem at once."""
    checks = Checks()
    engagement_id = checks.key(ENGAGEMENT_ID, global_id, TYPE)
    check_reply(checks, field, text, required=required)
    checks.done()
    return engagement_id


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


async def _sides(connection: AsyncConnection, viewer: Viewer, engagement_id: int) -> Sides:
    engagement = await visible_row(connection, ENGAGEMENTS, engagement_id, viewer, ENGAGEMENT_ID)
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
