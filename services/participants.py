"""What commands read and count of participants: an organization's standing, settled engagements, hours."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from datasources.loaders.participants import PARTICIPANT_TABLES
from domain.enums import ParticipantKind
from domain.workflows.joining import VerificationStatus

Ref = tuple[str, int]
ORGANIZATIONS = PARTICIPANT_TABLES[ParticipantKind.ORGANIZATION]
VOLUNTEERS = PARTICIPANT_TABLES[ParticipantKind.VOLUNTEER]
SOCIAL_WORKERS = PARTICIPANT_TABLES[ParticipantKind.SOCIAL_WORKER]


async def organization_status(connection: AsyncConnection, party: Ref) -> str | None:
    """An organization's admission status; a social worker's verification status unless she is
    VERIFIED; None for everyone else (in good standing). Callers check it to make a commitment,
    and never update the organization in the same transaction."""
    kind, pk = party
    if kind == ParticipantKind.SOCIAL_WORKER:
        status = SOCIAL_WORKERS.c.verification_status
        found = await connection.execute(select(status).where(SOCIAL_WORKERS.c.id == pk))
        seen = found.scalar_one_or_none()
        return None if seen in (None, VerificationStatus.VERIFIED) else seen
    if kind != ParticipantKind.ORGANIZATION:
        return None
    # FOR SHARE (PostgreSQL; SQLite's BEGIN IMMEDIATE serialises writers anyway): a suspension or
    # an exit waits for a commitment being made on the organization's word, and then sees it.
    found = await connection.execute(
        select(ORGANIZATIONS.c.status).where(ORGANIZATIONS.c.id == pk).with_for_update(read=True)
    )
    return found.scalar_one()


async def count_settled(connection: AsyncConnection, parties: Iterable[Ref], column: str) -> None:
    """Add one to `column` (engagements_completed or engagements_cancelled) of each party.

    Increments in SQL, so racing commands never lose a count; in a fixed order (by kind, then
    id), so two commands updating the same two participants cannot deadlock."""
    for kind, pk in sorted(set(parties)):
        table = PARTICIPANT_TABLES[ParticipantKind(kind)]
        await connection.execute(update(table).where(table.c.id == pk).values({column: table.c[column] + 1}))


async def add_service_minutes(connection: AsyncConnection, volunteer_id: int, minutes: int) -> None:
    """A volunteer's total hours served grow by `minutes`."""
    c = VOLUNTEERS.c
    await connection.execute(
        update(VOLUNTEERS).where(c.id == volunteer_id).values(service_minutes=c.service_minutes + minutes)
    )
