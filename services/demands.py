"""The SQL of publishing demands (需求): publish (or save a draft), update, cancel.

As for resources, an update is one UPDATE conditioned on the version read and on the new
quantity still covering what accepted engagements matched; cancelling locks the demand's
engagements under way first (the engagements' lock order), refuses while one is ACCEPTED,
and cancels the proposed ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from auth.viewer import Viewer
from datasources.tables import Demand
from datasources.writes import audit_status
from domain.enums import DemandStatus, ParticipantRef
from domain.workflows.accounting import demand_status
from domain.workflows.offers import DEMAND_EDITABLE, check_editable
from domain.workflows.states import DEMAND, next_status
from services.offers import (
    cancel_proposals,
    check_districts,
    check_version,
    default_place,
    graph_name,
    owned_row,
    publisher,
    refuse_accepted_engagements,
)
from services.transitions import conflict, move

DEMANDS = Demand.__table__
TYPE = "Demand"


@dataclass(frozen=True)
class Place:
    """Where a demand arises: its district (None: the requester's), sub-district and location
    (None: leave as they are, or the requester's when in its district)."""

    district_id: int | None = None
    subdistrict: str | None = None
    location: tuple[float, float] | None = None


async def publish(
    connection: AsyncConnection,
    viewer: Viewer,
    requester: ParticipantRef,
    values: dict[str, Any],
    place: Place,
    *,
    draft: bool,
    now: datetime,
) -> int:
    """Insert an OPEN demand (or a DRAFT) of `requester`; audited."""
    party = await publisher(connection, viewer, requester, "requesterId", "publishDemand")
    district_id = place.district_id or party.district_id
    await check_districts(connection, "districtId", [district_id])
    lat, lon = place.location or await default_place(connection, party, requester[0], district_id)
    own_subdistrict = getattr(party, "subdistrict", None) if district_id == party.district_id else None
    status = DemandStatus.DRAFT if draft else DemandStatus.OPEN
    row = {
        **values,
        "status": status,
        "requester_kind": requester[0],
        "requester_id": requester[1],
        "district_id": district_id,
        "subdistrict": place.subdistrict or own_subdistrict,
        "lat": lat,
        "lon": lon,
        "quantity_matched": 0,
        "quantity_fulfilled": 0,
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }
    demand_id = (await connection.execute(insert(DEMANDS).returning(DEMANDS.c.id), row)).scalar_one()
    await audit_status(connection, viewer.account_id, "publishDemand", (TYPE, demand_id), None, status)
    return demand_id


async def editable(connection: AsyncConnection, viewer: Viewer, demand_id: int, action: str) -> Row:
    """The demand as the viewer may change it: her home's or organization's (or staff), editable."""
    row = await owned_row(connection, viewer, DEMANDS, demand_id, "id", "requester")
    check_editable(row.status, DEMAND_EDITABLE, action)
    return row


async def update_demand(
    connection: AsyncConnection,
    viewer: Viewer,
    row: Row,
    expected_version: int | None,
    values: dict[str, Any],
    place: Place,
    *,
    publish: bool,
    now: datetime,
) -> str:
    """Change what is given; `publish` opens a draft. The new status (more units reopen a
    MATCHED demand, as many as are matched make it MATCHED)."""
    check_version(row, expected_version)
    await publisher(connection, viewer, (row.requester_kind, row.requester_id), "id", "updateDemand")
    status = next_status(DEMAND, row.status, "publish") if publish else row.status
    quantity = values.get("quantity", row.quantity)
    status = demand_status(status, quantity, row.quantity_matched, row.quantity_fulfilled)
    changes = {**values, "status": status}
    if place.district_id is not None:
        await check_districts(connection, "districtId", [place.district_id])
        changes["district_id"] = place.district_id
    if place.subdistrict is not None:
        changes["subdistrict"] = place.subdistrict
    if place.location is not None:
        changes["lat"], changes["lon"] = place.location
    c = DEMANDS.c
    result = await connection.execute(
        update(DEMANDS)
        .where(c.id == row.id, c.version == row.version, c.quantity_matched <= quantity)
        .values(**changes, version=row.version + 1, updated_at=now)
    )
    if result.rowcount != 1:
        raise conflict("expectedVersion" if expected_version is not None else None)
    fields = sorted(graph_name(column) for column in changes if column != "status")
    action = "publishDemand" if publish else "updateDemand"
    await audit_status(
        connection, viewer.account_id, action, (TYPE, row.id), row.status, status, fields=fields
    )
    return status


async def cancel(
    connection: AsyncConnection,
    viewer: Viewer,
    demand_id: int,
    reason: str | None,
    expected_version: int | None,
    now: datetime,
) -> int:
    """Call a demand off (取消). Refused while accepted engagements answer it; proposed ones are
    cancelled, with the reason in their note."""
    row = await owned_row(connection, viewer, DEMANDS, demand_id, "id", "requester")
    check_version(row, expected_version)
    next_status(DEMAND, row.status, "cancel")  # INVALID_STATE before anything is locked
    await refuse_accepted_engagements(connection, "demand_id", demand_id)
    await move(
        connection,
        table=DEMANDS,
        row=row,
        machine=DEMAND,
        action="cancel",
        actor_account_id=viewer.account_id,
        entity_type=TYPE,
        expected_version=expected_version,
        values={"updated_at": now},
        facts={"reason": reason} if reason else None,
    )
    note = f"需求已取消：{reason}" if reason else "需求已取消"
    await cancel_proposals(connection, viewer, "demand_id", demand_id, note, "cancelDemand", now)
    return demand_id
