"""Publishing resources (资源): publishResource, updateResource, withdrawResource.

The use cases are written once for resources and demands (services/offers.py: `Offers`); what is
a resource's own is said here: who may offer one, its statuses, its availability window, its
category's own fields (domain/workflows/categories.py), the further districts it serves, and the
volunteer applications on a position, declined or refusing when it is withdrawn.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from auth.viewer import Viewer
from datasources.tables import Resource, ResourceServiceDistrict, VolunteerApplication
from datasources.writes import audit_statuses
from domain.enums import ApplicationStatus, ResourceStatus, TargetGroup
from domain.problems import UserErrorCode
from domain.workflows.accounting import resource_status
from domain.workflows.categories import Details, Window, check_details, chosen_input, schedule_fits
from domain.workflows.checks import Checks
from domain.workflows.offers import (
    MAX_RADIUS_KM,
    PROVIDER_KINDS,
    RESOURCE_EDITABLE,
    check_service_districts,
    check_window,
    under_way_refusal,
)
from domain.workflows.states import RESOURCE
from services.offers import End, Offers, Publish, Update, check_districts, present

RESOURCES: Table = Resource.__table__
SERVICE_DISTRICTS: Table = ResourceServiceDistrict.__table__
APPLICATIONS: Table = VolunteerApplication.__table__
# Columns only some categories' inputs set (an update of another category leaves them).
OWN_COLUMNS = {"address": ("VENUE", "MATERIAL"), "amount_fen": ("FUNDING",)}


@dataclass(frozen=True)
class ResourceFields:
    """A resource's own fields, as the client sent them; None: not given."""

    service_district_ids: Sequence[str] | None = None  # global ids of further districts served
    service_radius_km: float | None = None
    target_groups: Sequence[TargetGroup] | None = None
    available_from: datetime | None = None
    available_until: datetime | None = None
    # The category inputs given, by graph name (`venue`: {"capacity": 40, ...}).
    details: Mapping[str, Details | None] = field(default_factory=dict)


PublishResource = Publish[ResourceFields]
UpdateResource = Update[ResourceFields]
WithdrawResource = End


class Resources(Offers[ResourceFields]):
    type_name = "Resource"
    table = RESOURCES
    owner = "provider"
    owner_kinds = PROVIDER_KINDS
    machine = RESOURCE
    editable = RESOURCE_EDITABLE
    on_offer = ResourceStatus.PUBLISHED
    counters = ("quantity_committed",)
    closes = "available_until"
    key_column = "resource_id"
    ending = "withdraw"
    ended = "资源已撤回"
    clearable = {
        "serviceRadiusKm": {"service_radius_km": None},
        "targetGroups": {"target_groups": []},
        "availableFrom": {"available_from": None},
        "availableUntil": {"available_until": None},
    }

    def own_values(
        self, checks: Checks, own: ResourceFields, row: Row | None, category: str, now: datetime
    ) -> dict[str, Any]:
        values = present(
            service_radius_km=own.service_radius_km,
            target_groups=None if own.target_groups is None else sorted({g.value for g in own.target_groups}),
            available_from=own.available_from,
            available_until=own.available_until,
        )
        if own.service_radius_km is not None:
            checks.number("serviceRadiusKm", own.service_radius_km, low=0.1, high=MAX_RADIUS_KM)
        if row is None:
            values.setdefault("target_groups", [])
        start = own.available_from if own.available_from is not None else getattr(row, "available_from", None)
        end = (
            own.available_until if own.available_until is not None else getattr(row, "available_until", None)
        )
        window_fine = check_window(
            checks,
            start,
            end,
            now,
            start_given=own.available_from is not None,
            end_given=own.available_until is not None,
        )
        chosen = chosen_input(checks, category, own.details, required=row is None)
        if chosen is not None:
            window = Window(start, end, now) if window_fine else Window(None, None, now)
            stored = check_details(checks, category, chosen, window)
            values["details"] = stored.details
            if row is None or category in OWN_COLUMNS["address"]:
                values["address"] = stored.address
            if row is None or category in OWN_COLUMNS["amount_fen"]:
                values["amount_fen"] = stored.amount_fen
        elif (
            row is not None
            and window_fine
            and {"available_from", "available_until"} & values.keys()
            and not schedule_fits(row.details or {}, Window(start, end, now))
        ):  # a position's stored shifts must still fit a moved window
            moved = "availableUntil" if "available_until" in values else "availableFrom"
            checks.add(UserErrorCode.INVALID, "shifts_outside_window", moved)
        return values

    def status_of(self, status: str, quantity: int, row: Row) -> str:
        return resource_status(status, quantity, row.quantity_committed)

    def served(self, checks: Checks, own: ResourceFields) -> list[int] | None:
        if own.service_district_ids is None:
            return None
        ids = own.service_district_ids
        keys = [checks.key(f"serviceDistrictIds.{index}", gid, "District") for index, gid in enumerate(ids)]
        check_service_districts(checks, keys)
        return keys

    async def placed(
        self, connection: AsyncConnection, pk: int, district_id: int, served: list[int] | None, *, new: bool
    ) -> None:
        if served is None:
            return
        if not new:
            await connection.execute(delete(SERVICE_DISTRICTS).where(SERVICE_DISTRICTS.c.resource_id == pk))
        others = sorted(set(served) - {district_id})
        if others:
            await check_districts(connection, "serviceDistrictIds", others)
            await connection.execute(
                insert(SERVICE_DISTRICTS), [{"resource_id": pk, "district_id": d} for d in others]
            )

    async def refuse_under_way(self, connection: AsyncConnection, pk: int) -> None:
        await super().refuse_under_way(connection, pk)
        c = APPLICATIONS.c
        accepted = (
            await connection.execute(
                select(c.id)
                .where(c.resource_id == pk, c.status == ApplicationStatus.ACCEPTED)
                .order_by(c.id)
                .with_for_update()
            )
        ).scalars()
        ids = list(accepted)
        if ids:
            raise under_way_refusal("volunteer applications", ids)

    async def settle(
        self, connection: AsyncConnection, viewer: Viewer, pk: int, note: str, now: datetime
    ) -> None:
        """Proposals are cancelled, and volunteers still waiting for an answer declined (the
        position is gone)."""
        await super().settle(connection, viewer, pk, note, now)
        c = APPLICATIONS.c
        declined = (
            await connection.execute(
                update(APPLICATIONS)
                .where(c.resource_id == pk, c.status == ApplicationStatus.APPLIED)
                .values(status=ApplicationStatus.DECLINED, decided_at=now)
                .returning(c.id)
            )
        ).scalars()
        await audit_statuses(
            connection,
            viewer.account_id,
            self.mutation(self.ending),
            "VolunteerApplication",
            sorted(declined),
            ApplicationStatus.APPLIED,
            ApplicationStatus.DECLINED,
        )


# The use cases: async (connection, viewer, command) -> Changed.
_resources = Resources()
publish_resource = _resources.publish
update_resource = _resources.update
withdraw_resource = _resources.end
