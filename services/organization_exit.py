"""An organization leaving the platform (退出, exitOrganization): what it still owes, and
tidying what it offered.

The exit locks the organization's resources and demands, then moves it to EXITED (its row
locked by that UPDATE), then looks for open commitments. A proposal or an application racing
with it either committed before (and is found, refusing the exit) or reads EXITED (and is
refused itself): commands making a commitment read the organization's status FOR SHARE, so they
wait for the exit's UPDATE. They lock the resource and demand before the organization, and so
does the exit, so the two cannot deadlock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, func, literal, select, union_all, update
from sqlalchemy.ext.asyncio import AsyncConnection

from auth.viewer import Viewer
from datasources.columns import utcnow
from datasources.queries.engagements import engagement_parties
from datasources.tables import Demand, Event, Resource, VolunteerApplication
from datasources.writes import audit_statuses
from domain.enums import (
    ApplicationStatus,
    DemandStatus,
    EventStatus,
    ParticipantKind,
    ParticipantRef,
    ResourceStatus,
    Role,
)
from domain.global_ids import encode
from domain.problems import Problem, Rejected, UserErrorCode
from domain.workflows.admission import MAX_LISTED_COMMITMENTS, Commitment, check_reason, exit_refusal
from domain.workflows.checks import key_of
from domain.workflows.engagements import UNDER_WAY
from services.changes import Changed, changed
from services.organizations import TYPE, transition_organization

RESOURCES: Table = Resource.__table__
DEMANDS: Table = Demand.__table__
EVENTS: Table = Event.__table__
APPLICATIONS: Table = VolunteerApplication.__table__
ORG = ParticipantKind.ORGANIZATION
OPEN_APPLICATIONS = (ApplicationStatus.APPLIED, ApplicationStatus.ACCEPTED)
COMMITMENT_TYPES = {"engagement": "Engagement", "application": "VolunteerApplication", "event": "Event"}

# What an exit tidies away: (table, graph type, statuses it ends, the status they end in).
TIDIED = (
    (
        RESOURCES,
        "Resource",
        "provider",
        (ResourceStatus.DRAFT, ResourceStatus.PUBLISHED, ResourceStatus.EXHAUSTED),
        ResourceStatus.WITHDRAWN,
    ),
    (
        DEMANDS,
        "Demand",
        "requester",
        (DemandStatus.DRAFT, DemandStatus.OPEN, DemandStatus.MATCHED),
        DemandStatus.CANCELLED,
    ),
    (EVENTS, "Event", "organizer", (EventStatus.DRAFT,), EventStatus.CANCELLED),
)


@dataclass(frozen=True)
class ExitOrganization:
    organization_id: str  # its global id
    reason: str | None


async def exit_organization(
    connection: AsyncConnection, viewer: Viewer, command: ExitOrganization
) -> Changed:
    """The organization leaves (its member), or is removed (an admin, who must say why): EXITED,
    unless it has open commitments (one INVALID_STATE error naming each); then its offers are
    tidied away."""
    organization_id = key_of(command.organization_id, TYPE, "id")
    member = viewer.acts_for(ORG, organization_id)
    if not (member or viewer.has_role(Role.ADMIN)):
        raise Rejected(Problem(UserErrorCode.FORBIDDEN, "forbidden", ("input", "id")))
    await lock_offers(connection, (ORG, organization_id))
    await transition_organization(
        connection,
        organization_id=organization_id,
        action="exit",
        # An organization may leave without saying why; the federation removing one must.
        reason=check_reason(command.reason, required=not member),
        actor_account_id=viewer.account_id,
        mutation="exitOrganization",
    )
    now = utcnow()
    listed, total = await open_commitments(connection, (ORG, organization_id), now)
    if total:
        commitments = [
            Commitment(kind, encode(COMMITMENT_TYPES[kind], pk), status) for kind, pk, status in listed
        ]
        raise exit_refusal(commitments, total)
    await tidy_offers(connection, (ORG, organization_id), viewer.account_id, now, "exitOrganization")
    return changed(TYPE, organization_id)


async def lock_offers(connection: AsyncConnection, party: ParticipantRef) -> None:
    """Hold the participant's resources and demands (in id order) until the exit commits."""
    for table, _, owner, _, _ in TIDIED[:2]:
        c = table.c
        await connection.execute(
            select(c.id)
            .where(c[f"{owner}_kind"] == party[0], c[f"{owner}_id"] == party[1])
            .order_by(c.id)
            .with_for_update()
        )


async def open_commitments(
    connection: AsyncConnection, party: ParticipantRef, now: datetime
) -> tuple[list[tuple[str, int, str]], int]:
    """A participant's open commitments, by kind and id, as (kind, id, status): the first
    MAX_LISTED_COMMITMENTS of them, and how many there are in all. Engagements under way on
    either side, applications to its positions (and a volunteer's own) not settled, events it
    announced and has not held."""
    kind, pk = party
    parties = engagement_parties()
    engagements = select(literal("engagement").label("kind"), parties.c.id, parties.c.status).where(
        parties.c.party_kind == kind,
        parties.c.party_id == pk,
        parties.c.status.in_(sorted(UNDER_WAY)),
    )
    applications = (
        select(literal("application").label("kind"), APPLICATIONS.c.id, APPLICATIONS.c.status)
        .join(RESOURCES, RESOURCES.c.id == APPLICATIONS.c.resource_id)
        .where(
            RESOURCES.c.provider_kind == kind,
            RESOURCES.c.provider_id == pk,
            APPLICATIONS.c.status.in_(OPEN_APPLICATIONS),
        )
    )
    events = select(literal("event").label("kind"), EVENTS.c.id, EVENTS.c.status).where(
        EVENTS.c.organizer_kind == kind,
        EVENTS.c.organizer_id == pk,
        EVENTS.c.status == EventStatus.PUBLISHED,
        EVENTS.c.ends_at > now,
    )
    selects = [engagements, applications, events]
    if kind == ParticipantKind.VOLUNTEER:
        own = select(literal("application").label("kind"), APPLICATIONS.c.id, APPLICATIONS.c.status)
        selects.append(
            own.where(APPLICATIONS.c.volunteer_id == pk, APPLICATIONS.c.status.in_(OPEN_APPLICATIONS))
        )
    every = union_all(*selects).subquery("commitments")
    rows = (
        await connection.execute(
            select(every, func.count().over().label("total"))
            .order_by(every.c.kind, every.c.id)
            .limit(MAX_LISTED_COMMITMENTS)
        )
    ).all()
    return [(row.kind, row.id, row.status) for row in rows], (rows[0].total if rows else 0)


async def tidy_offers(
    connection: AsyncConnection,
    party: ParticipantRef,
    actor_account_id: int | None,
    now: datetime,
    action: str,
) -> None:
    """Withdraw the leaving participant's resources, cancel its demands and draft events (nothing
    else hangs on them once its commitments are settled), each in the audit log under `action`."""
    for table, type_name, owner, statuses, ended in TIDIED:
        c = table.c
        owned = (c[f"{owner}_kind"] == party[0], c[f"{owner}_id"] == party[1])
        values: dict[str, Any] = {"status": ended}
        if "version" in c:
            values["version"] = c.version + 1
        if "updated_at" in c:
            values["updated_at"] = now
        for status in statuses:
            ended_ids = await connection.execute(
                update(table).where(*owned, c.status == status).values(values).returning(c.id)
            )
            ids = sorted(ended_ids.scalars())
            if ids:
                await audit_statuses(connection, actor_account_id, action, type_name, ids, status, ended)
