"""What publishing resources and demands shares: the publisher, districts, owned rows, and
settling the engagements that hang on an offer being withdrawn or a need being cancelled.

Locks follow the engagements' order (engagement, then resource or demand): the engagements
under way are locked first, so a withdrawal racing an acceptance waits for it and then sees
it ACCEPTED (and refuses), instead of deadlocking on the resource row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Table, case, literal, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from auth.viewer import Viewer
from datasources.loaders.participants import PARTICIPANT_TABLES
from datasources.tables import District, Engagement
from datasources.writes import audit_statuses
from domain.enums import EngagementStatus, OrganizationStatus, ParticipantKind, ParticipantRef
from domain.problems import Problem, Rejected, UserErrorCode
from domain.workflows.offers import under_way_refusal
from domain.workflows.states import invalid_state
from services.rows import not_found, visible_row
from services.transitions import conflict

ENGAGEMENTS = Engagement.__table__
DISTRICTS = District.__table__
# Where a home's or organization's public address is; people publish from their district's centre
# (a volunteer's own location is personal data and never copied onto a public record).
PLACED_KINDS = (ParticipantKind.HOME, ParticipantKind.ORGANIZATION)


async def publisher(
    connection: AsyncConnection, viewer: Viewer, party: ParticipantRef, field: str, action: str
) -> Row:
    """The participant publishing; an organization must be ACTIVE (else INVALID_STATE)."""
    kind, pk = party
    row = await visible_row(connection, PARTICIPANT_TABLES[ParticipantKind(kind)], pk, viewer, field)
    if kind == ParticipantKind.ORGANIZATION and row.status != OrganizationStatus.ACTIVE:
        raise invalid_state(row.status, action)
    return row


async def check_districts(connection: AsyncConnection, field: str, ids: Sequence[int]) -> None:
    """Every district named exists (else NOT_FOUND at `field`)."""
    wanted = set(ids)
    found = set(
        (await connection.execute(select(DISTRICTS.c.id).where(DISTRICTS.c.id.in_(wanted)))).scalars()
    )
    if wanted - found:
        raise not_found(field)


async def default_place(
    connection: AsyncConnection, party: Row, kind: str, district_id: int
) -> tuple[float, float]:
    """Where a record is shown when no location is given: its home's or organization's
    address, else the centre of its district."""
    if kind in PLACED_KINDS and district_id == party.district_id:
        return party.lat, party.lon
    centre = (
        await connection.execute(
            select(DISTRICTS.c.lat, DISTRICTS.c.lon).where(DISTRICTS.c.id == district_id)
        )
    ).one()
    return centre.lat, centre.lon


async def owned_row(
    connection: AsyncConnection, viewer: Viewer, table: Table, pk: int, field: str, owner: str
) -> Row:
    """A resource or demand the viewer may change: she acts for its `owner` (provider or
    requester), or is federation staff; a row she may not see is NOT_FOUND."""
    row = await visible_row(connection, table, pk, viewer, field)
    if not (viewer.is_staff or viewer.acts_for(getattr(row, f"{owner}_kind"), getattr(row, f"{owner}_id"))):
        raise Rejected(Problem(UserErrorCode.FORBIDDEN, "forbidden"))
    return row


def check_version(row: Row, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != row.version:
        raise conflict("expectedVersion")


async def refuse_accepted_engagements(connection: AsyncConnection, column: str, pk: int) -> None:
    """Lock the engagements under way of a resource (or demand); refuse while any is ACCEPTED."""
    c = ENGAGEMENTS.c
    rows = (
        await connection.execute(
            select(c.id, c.status)
            .where(c[column] == pk, c.status.in_([EngagementStatus.PROPOSED, EngagementStatus.ACCEPTED]))
            .order_by(c.id)
            .with_for_update()
        )
    ).all()
    accepted = [row.id for row in rows if row.status == EngagementStatus.ACCEPTED]
    if accepted:
        raise under_way_refusal("engagements", accepted)


async def cancel_proposals(
    connection: AsyncConnection, viewer: Viewer, column: str, pk: int, note: str, action: str, now: datetime
) -> list[int]:
    """Cancel the PROPOSED engagements of a resource (or demand), `note` added to theirs;
    each is audited under `action`. They do not count against either party's completion rate:
    nobody had accepted them."""
    c = ENGAGEMENTS.c
    appended = case((c.note == "", literal(note)), else_=c.note + literal("\n" + note))
    cancelled = (
        await connection.execute(
            update(ENGAGEMENTS)
            .where(c[column] == pk, c.status == EngagementStatus.PROPOSED)
            .values(status=EngagementStatus.CANCELLED, cancelled_at=now, note=appended, version=c.version + 1)
            .returning(c.id)
        )
    ).scalars()
    ids = sorted(cancelled)
    await audit_statuses(
        connection,
        viewer.account_id,
        action,
        "Engagement",
        ids,
        EngagementStatus.PROPOSED,
        EngagementStatus.CANCELLED,
        reason=note,
    )
    return ids


def graph_name(column: str) -> str:
    """A column's name in the graph, for the audit log (available_until: availableUntil)."""
    head, *rest = column.removesuffix("_fen").split("_")
    return head + "".join(part.title() for part in rest)
