"""The SQL of publishing resources (资源): publish (or save a draft), update, withdraw.

An update is one UPDATE conditioned on the version read in the same transaction and on the
new quantity still covering what is committed, so an edit racing another edit or an
acceptance changes nothing (CONFLICT) rather than overwrite what it did not see.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from auth.viewer import Viewer
from datasources.tables import Resource, ResourceServiceDistrict, VolunteerApplication
from datasources.writes import audit_status, audit_statuses
from domain.enums import ApplicationStatus, ParticipantRef, ResourceStatus
from domain.workflows.accounting import resource_status
from domain.workflows.offers import RESOURCE_EDITABLE, check_editable, under_way_refusal
from domain.workflows.states import RESOURCE, next_status
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

RESOURCES = Resource.__table__
SERVICE_DISTRICTS = ResourceServiceDistrict.__table__
APPLICATIONS = VolunteerApplication.__table__
TYPE = "Resource"


@dataclass(frozen=True)
class Placement:
    """Where a resource is: its district (None: the provider's), the further districts it
    serves (None: leave as they are), its location (None: leave, or the default)."""

    district_id: int | None = None
    service_district_ids: Sequence[int] | None = None
    location: tuple[float, float] | None = None


async def publish(
    connection: AsyncConnection,
    viewer: Viewer,
    provider: ParticipantRef,
    values: dict[str, Any],
    placement: Placement,
    *,
    draft: bool,
    now: datetime,
) -> int:
    """Insert a PUBLISHED resource (or a DRAFT) of `provider`; audited."""
    party = await publisher(connection, viewer, provider, "providerId", "publishResource")
    district_id = placement.district_id or party.district_id
    await check_districts(connection, "districtId", [district_id])
    lat, lon = placement.location or await default_place(connection, party, provider[0], district_id)
    status = ResourceStatus.DRAFT if draft else ResourceStatus.PUBLISHED
    row = {
        **values,
        "status": status,
        "provider_kind": provider[0],
        "provider_id": provider[1],
        "district_id": district_id,
        "lat": lat,
        "lon": lon,
        "quantity_committed": 0,
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }
    resource_id = (await connection.execute(insert(RESOURCES).returning(RESOURCES.c.id), row)).scalar_one()
    await _serve(connection, resource_id, district_id, placement.service_district_ids or ())
    await audit_status(connection, viewer.account_id, "publishResource", (TYPE, resource_id), None, status)
    return resource_id


async def editable(connection: AsyncConnection, viewer: Viewer, resource_id: int, action: str) -> Row:
    """The resource as the viewer may change it: hers (or staff), in an editable status."""
    row = await owned_row(connection, viewer, RESOURCES, resource_id, "id", "provider")
    check_editable(row.status, RESOURCE_EDITABLE, action)
    return row


async def update_resource(
    connection: AsyncConnection,
    viewer: Viewer,
    row: Row,
    expected_version: int | None,
    values: dict[str, Any],
    placement: Placement,
    *,
    publish: bool,
    now: datetime,
) -> str:
    """Change what is given; `publish` moves a draft to PUBLISHED. The new status (a changed
    quantity may exhaust the resource, or make an EXHAUSTED one PUBLISHED again)."""
    check_version(row, expected_version)
    await publisher(connection, viewer, (row.provider_kind, row.provider_id), "id", "updateResource")
    status = next_status(RESOURCE, row.status, "publish") if publish else row.status
    quantity = values.get("quantity", row.quantity)
    status = resource_status(status, quantity, row.quantity_committed)
    changes = {**values, "status": status}
    district_id = placement.district_id or row.district_id
    if placement.district_id is not None:
        await check_districts(connection, "districtId", [district_id])
        changes["district_id"] = district_id
    if placement.location is not None:
        changes["lat"], changes["lon"] = placement.location
    c = RESOURCES.c
    result = await connection.execute(
        update(RESOURCES)
        .where(c.id == row.id, c.version == row.version, c.quantity_committed <= quantity)
        .values(**changes, version=row.version + 1, updated_at=now)
    )
    if result.rowcount != 1:
        raise conflict("expectedVersion" if expected_version is not None else None)
    if placement.service_district_ids is not None:
        await connection.execute(delete(SERVICE_DISTRICTS).where(SERVICE_DISTRICTS.c.resource_id == row.id))
        await _serve(connection, row.id, district_id, placement.service_district_ids)
    changed = sorted(
        {
            *map(graph_name, values),
            *(["serviceDistricts"] if placement.service_district_ids is not None else []),
        }
    )
    action = "publishResource" if publish else "updateResource"
    await audit_status(
        connection, viewer.account_id, action, (TYPE, row.id), row.status, status, fields=changed
    )
    return status


async def withdraw(
    connection: AsyncConnection,
    viewer: Viewer,
    resource_id: int,
    reason: str | None,
    expected_version: int | None,
    now: datetime,
) -> int:
    """Take a resource off offer (撤回). Refused while accepted engagements or applications hang
    on it; proposed engagements are cancelled and pending applications declined, with a note."""
    row = await owned_row(connection, viewer, RESOURCES, resource_id, "id", "provider")
    check_version(row, expected_version)
    next_status(RESOURCE, row.status, "withdraw")  # INVALID_STATE before anything is locked
    await refuse_accepted_engagements(connection, "resource_id", resource_id)
    await _refuse_accepted_applications(connection, resource_id)
    await move(
        connection,
        table=RESOURCES,
        row=row,
        machine=RESOURCE,
        action="withdraw",
        actor_account_id=viewer.account_id,
        entity_type=TYPE,
        expected_version=expected_version,
        values={"updated_at": now},
        facts={"reason": reason} if reason else None,
    )
    note = f"资源已撤回：{reason}" if reason else "资源已撤回"
    await cancel_proposals(connection, viewer, "resource_id", resource_id, note, "withdrawResource", now)
    await _decline_applications(connection, viewer, resource_id, now)
    return resource_id


async def _serve(
    connection: AsyncConnection, resource_id: int, own: int, district_ids: Sequence[int]
) -> None:
    others = sorted(set(district_ids) - {own})
    if others:
        await check_districts(connection, "serviceDistrictIds", others)
        await connection.execute(
            insert(SERVICE_DISTRICTS), [{"resource_id": resource_id, "district_id": d} for d in others]
        )


async def _refuse_accepted_applications(connection: AsyncConnection, resource_id: int) -> None:
    c = APPLICATIONS.c
    accepted = (
        await connection.execute(
            select(c.id)
            .where(c.resource_id == resource_id, c.status == ApplicationStatus.ACCEPTED)
            .order_by(c.id)
            .with_for_update()
        )
    ).scalars()
    ids = list(accepted)
    if ids:
        raise under_way_refusal("volunteer applications", ids)


async def _decline_applications(
    connection: AsyncConnection, viewer: Viewer, resource_id: int, now: datetime
) -> None:
    """Volunteers still waiting for an answer are declined (the position is gone)."""
    c = APPLICATIONS.c
    declined = (
        await connection.execute(
            update(APPLICATIONS)
            .where(c.resource_id == resource_id, c.status == ApplicationStatus.APPLIED)
            .values(status=ApplicationStatus.DECLINED, decided_at=now)
            .returning(c.id)
        )
    ).scalars()
    await audit_statuses(
        connection,
        viewer.account_id,
        "withdrawResource",
        "VolunteerApplication",
        sorted(declined),
        ApplicationStatus.APPLIED,
        ApplicationStatus.DECLINED,
    )
