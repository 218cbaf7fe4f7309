"""Events (服务发布): publishEvent, registerForEvent and cancelRegistration.

Places are counted by the database: registering bumps `registered_count` only while it is
below `capacity` (a conditional UPDATE), and the unique (event, participant) index refuses a
second registration, so racing requests can neither overfill an event nor register twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from auth.viewer import Viewer
from datasources.columns import utcnow
from datasources.loaders.participants import PARTICIPANT_TABLES
from datasources.tables import District, Event, EventRegistration
from datasources.writes import audit, audit_status
from domain.enums import EventKind, EventStatus, OrganizationStatus, ParticipantKind, ParticipantRef
from domain.problems import Problem, Rejected, UserErrorCode
from domain.workflows.checks import key_of, party_of
from domain.workflows.events import (
    EventInput,
    check_event,
    check_registrable,
    event_organizer,
    registration_closes,
)
from domain.workflows.states import invalid_state
from services.changes import Changed, changed
from services.rows import not_found, visible_row

events = Event.__table__
registrations = EventRegistration.__table__
REGISTERED, CANCELLED = "REGISTERED", "CANCELLED"  # a registration's status in the audit log
ORGANIZER_TYPES = ("Home", "Organization")  # the global id types an organizer may have


@dataclass(frozen=True)
class PublishEvent:
    kind: EventKind
    event: EventInput
    district_id: str | None = None  # its global id; None: the organizer's district
    organizer_id: str | None = None  # its global id; staff must name one


@dataclass(frozen=True)
class RegisterForEvent:
    event_id: str  # its global id


@dataclass(frozen=True)
class CancelRegistration:
    event_id: str  # its global id


async def publish_event(connection: AsyncConnection, viewer: Viewer, command: PublishEvent) -> Changed:
    """Insert a PUBLISHED event of its organizer (a home, or an ACTIVE organization)."""
    named = party_of(command.organizer_id, "organizerId", ORGANIZER_TYPES)
    kind_of_organizer, organizer_id = event_organizer(viewer.participant, viewer.is_staff, named)
    district_id = key_of(command.district_id, "District", "districtId") if command.district_id else None
    event = command.event
    check_event(event, utcnow())
    table = PARTICIPANT_TABLES[ParticipantKind(kind_of_organizer)]
    found = await visible_row(connection, table, organizer_id, viewer, "organizerId")
    if kind_of_organizer == ParticipantKind.ORGANIZATION and found.status != OrganizationStatus.ACTIVE:
        raise invalid_state(found.status, "publishEvent")
    district_id = district_id or found.district_id
    districts = District.__table__
    if (
        await connection.execute(select(districts.c.id).where(districts.c.id == district_id))
    ).first() is None:
        raise not_found("districtId")
    event_id = (
        await connection.execute(
            insert(events).returning(events.c.id),
            {
                "title": event.title.strip(),
                "description": event.description.strip(),
                "kind": command.kind.value,
                "status": EventStatus.PUBLISHED,
                "organizer_kind": kind_of_organizer,
                "organizer_id": organizer_id,
                "district_id": district_id,
                "address": event.address.strip() if event.address else None,
                "starts_at": event.starts_at,
                "ends_at": event.ends_at,
                "registration_deadline": event.registration_deadline,
                "capacity": event.capacity,
                "registered_count": 0,
                "skills": [skill.strip() for skill in event.skills],
            },
        )
    ).scalar_one()
    await audit(
        connection,
        actor_account_id=viewer.account_id,
        action="publishEvent",
        entity_type="Event",
        entity_id=event_id,
        after={"status": EventStatus.PUBLISHED.value},
    )
    return changed("Event", event_id)


async def register_for_event(
    connection: AsyncConnection, viewer: Viewer, command: RegisterForEvent
) -> Changed:
    """Register the viewer's participant for a PUBLISHED event (see `register`)."""
    event_id = key_of(command.event_id, "Event", "eventId")
    return changed("EventRegistration", await register(connection, viewer, event_id, utcnow()))


async def cancel_registration(
    connection: AsyncConnection, viewer: Viewer, command: CancelRegistration
) -> Changed:
    """Give the viewer's place back, until the event starts; the event has a free place again."""
    event_id = key_of(command.event_id, "Event", "eventId")
    now = utcnow()
    participant = _participant(viewer)
    row = await visible_row(connection, events, event_id, viewer, "eventId")
    check_registrable(row.status, row.starts_at, now, "cancelRegistration")
    registration_id = (
        await connection.execute(
            delete(registrations)
            .where(
                registrations.c.event_id == event_id,
                registrations.c.participant_kind == participant[0],
                registrations.c.participant_id == participant[1],
            )
            .returning(registrations.c.id)
        )
    ).scalar_one_or_none()
    if registration_id is None:
        raise Rejected(Problem(UserErrorCode.NOT_FOUND, "not_registered", ("input", "eventId")))
    await connection.execute(
        events.update()
        .where(events.c.id == event_id, events.c.registered_count > 0)
        .values(registered_count=events.c.registered_count - 1)
    )
    await _audit(connection, viewer, "cancelRegistration", registration_id, REGISTERED, CANCELLED)
    return changed("Event", event_id)


async def register(connection: AsyncConnection, viewer: Viewer, event_id: int, now: datetime) -> int:
    """Register the viewer's participant for a PUBLISHED event before its deadline, if places are
    left (applyToOpportunity registers a volunteer for an event with it too)."""
    participant = _participant(viewer)
    row = await visible_row(connection, events, event_id, viewer, "eventId")
    check_registrable(
        row.status, registration_closes(row.starts_at, row.registration_deadline), now, "register"
    )
    try:
        async with connection.begin_nested():
            registration_id = (
                await connection.execute(
                    insert(registrations).returning(registrations.c.id),
                    {
                        "event_id": event_id,
                        "participant_kind": participant[0],
                        "participant_id": participant[1],
                        "created_at": now,
                    },
                )
            ).scalar_one()
    except IntegrityError:
        raise Rejected(Problem(UserErrorCode.DUPLICATE, "already_registered", ("input", "eventId"))) from None
    taken = await connection.execute(
        events.update()
        .where(
            events.c.id == event_id,
            or_(events.c.capacity.is_(None), events.c.registered_count < events.c.capacity),
        )
        .values(registered_count=events.c.registered_count + 1)
    )
    if taken.rowcount == 0:
        raise Rejected(Problem(UserErrorCode.LIMIT_REACHED, "event_full", ("input", "eventId")))
    await _audit(connection, viewer, "registerForEvent", registration_id, None, REGISTERED)
    return registration_id


def _participant(viewer: Viewer) -> ParticipantRef:
    """Only accounts acting for a participant register (staff and plain accounts do not)."""
    if viewer.participant is None:
        raise Rejected(Problem(UserErrorCode.FORBIDDEN, "forbidden"))
    return viewer.participant


async def _audit(
    connection: AsyncConnection,
    viewer: Viewer,
    action: str,
    registration_id: int,
    before: str | None,
    after: str,
) -> None:
    await audit_status(
        connection, viewer.account_id, action, ("EventRegistration", registration_id), before, after
    )
