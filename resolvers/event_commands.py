"""Events (服务发布): publishEvent, registerForEvent and cancelRegistration, as commands."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from auth.viewer import Viewer
from datasources.columns import utcnow
from domain.enums import ParticipantKind, ParticipantRef
from domain.workflows.events import EventInput, check_event, event_organizer
from resolvers.commands import Outcome, input_pk, run_command
from resolvers.context import Info
from resolvers.global_ids import decode
from services import events

ORGANIZER_TYPES = {"Home": ParticipantKind.HOME, "Organization": ParticipantKind.ORGANIZATION}


async def publish_event(info: Info, input: Any) -> Outcome:
    event = EventInput(
        title=input.title,
        description=input.description,
        starts_at=input.starts_at,
        ends_at=input.ends_at,
        registration_deadline=input.registration_deadline,
        capacity=input.capacity,
        address=input.address,
        skills=input.skills,
    )

    async def command(connection: AsyncConnection, viewer: Viewer) -> tuple[str, int]:
        named = _organizer(input.organizer_id)
        organizer = event_organizer(viewer.participant, viewer.is_staff, named)
        district_id = input_pk(input.district_id, "District", "districtId") if input.district_id else None
        check_event(event, utcnow())
        event_id = await events.publish_event(
            connection, viewer, organizer, input.kind.value, district_id, event
        )
        return "Event", event_id

    return await run_command(info, "publishEvent", command, idempotency_key=input.idempotency_key)


def _organizer(global_id: str | None) -> ParticipantRef | None:
    if global_id is None:
        return None
    pk = input_pk(global_id, tuple(ORGANIZER_TYPES), "organizerId")
    return ORGANIZER_TYPES[decode(global_id)[0]], pk


async def register_for_event(info: Info, input: Any) -> Outcome:
    async def command(connection: AsyncConnection, viewer: Viewer) -> tuple[str, int]:
        event_id = input_pk(input.event_id, "Event", "eventId")
        return "EventRegistration", await events.register(connection, viewer, event_id, utcnow())

    return await run_command(info, "registerForEvent", command, idempotency_key=input.idempotency_key)


async def cancel_registration(info: Info, input: Any) -> Outcome:
    async def command(connection: AsyncConnection, viewer: Viewer) -> tuple[str, int]:
        event_id = input_pk(input.event_id, "Event", "eventId")
        return "Event", await events.cancel_registration(connection, viewer, event_id, utcnow())

    return await run_command(info, "cancelRegistration", command)
