"""Publishing resources (资源): publishResource, updateResource, withdrawResource, as commands."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from auth.viewer import Viewer
from datasources.columns import utcnow
from datasources.pubsub import announce
from domain.enums import ResourceStatus
from domain.global_ids import PARTICIPANT_TYPES
from domain.problems import UserErrorCode
from domain.workflows.acting import acting_party
from domain.workflows.categories import DETAIL_INPUTS, Window, check_details, chosen_input, schedule_fits
from domain.workflows.checks import Checks
from domain.workflows.offers import (
    MAX_REASON,
    PROVIDER_KINDS,
    check_quantity,
    check_service_districts,
    check_window,
)
from resolvers.command_inputs import primary_key
from resolvers.commands import Outcome, input_pk, run_command
from resolvers.context import Info
from resolvers.offer_inputs import (
    common_values,
    district_ids,
    location_of,
    named_party,
    plain,
    radius,
)
from services import resources

# The attribute of the input that carries each detail input (by its graph name).
DETAIL_ATTRIBUTES = {
    name: "".join(f"_{c.lower()}" if c.isupper() else c for c in name) for name in DETAIL_INPUTS.values()
}

# Columns only some categories' inputs set (others leave them null).
OWN_COLUMNS = {"address": ("VENUE", "MATERIAL"), "amount_fen": ("FUNDING",)}


async def publish_resource(info: Info, input: Any) -> Outcome:
    async def command(connection: AsyncConnection, viewer: Viewer) -> tuple[str, int]:
        now = utcnow()
        named = named_party(input.provider_id, "providerId", tuple(PARTICIPANT_TYPES))
        provider = acting_party(viewer.participant, viewer.is_staff, named, PROVIDER_KINDS, "providerId")
        checks = Checks()
        values, placement = _values(checks, input, None, now)
        checks.done()
        resource_id = await resources.publish(
            connection, viewer, provider, values, placement, draft=input.draft, now=now
        )
        return "Resource", resource_id

    return await run_command(info, "publishResource", command, idempotency_key=input.idempotency_key)


async def update_resource(info: Info, input: Any) -> Outcome:
    published = False

    async def command(connection: AsyncConnection, viewer: Viewer) -> tuple[str, int]:
        nonlocal published
        now = utcnow()
        resource_id = input_pk(input.id, "Resource", "id")
        row = await resources.editable(connection, viewer, resource_id, "updateResource")
        checks = Checks()
        values, placement = _values(checks, input, row, now)
        if input.publish:
            _check_publishable(checks, row, values, now)
        checks.done()
        status = await resources.update_resource(
            connection, viewer, row, input.expected_version, values, placement, publish=input.publish, now=now
        )
        published = input.publish and status == ResourceStatus.PUBLISHED
        return "Resource", resource_id

    outcome = await run_command(info, "updateResource", command)
    if published:  # a draft put on offer: tell resourcePublished's subscribers
        await announce(info.context.broker, "Resource", outcome.row.id, "publishResource")
    return outcome


async def withdraw_resource(info: Info, input: Any) -> Outcome:
    async def command(connection: AsyncConnection, viewer: Viewer) -> tuple[str, int]:
        resource_id = input_pk(input.id, "Resource", "id")
        checks = Checks()
        checks.text("reason", input.reason, required=False, max_length=MAX_REASON)
        checks.done()
        reason = input.reason.strip() if input.reason and input.reason.strip() else None
        pk = await resources.withdraw(
            connection, viewer, resource_id, reason, input.expected_version, utcnow()
        )
        return "Resource", pk

    return await run_command(info, "withdrawResource", command)


def _values(
    checks: Checks, input: Any, row: Row | None, now: Any
) -> tuple[dict[str, Any], resources.Placement]:
    """The checked columns of a new resource (`row` None) or of the changes to `row`."""
    creating = row is None
    values = common_values(checks, input, creating=creating)
    check_quantity(checks, input.quantity, 0 if creating else row.quantity_committed, "quantityCommitted")
    values.update(radius(checks, input.service_radius_km))
    if input.target_groups is not None:
        values["target_groups"] = sorted({group.value for group in input.target_groups})
    start = (
        input.available_from
        if input.available_from is not None
        else (None if creating else row.available_from)
    )
    end = (
        input.available_until
        if input.available_until is not None
        else (None if creating else row.available_until)
    )
    window_fine = check_window(
        checks,
        start,
        end,
        now,
        start_given=input.available_from is not None,
        end_given=input.available_until is not None,
    )
    for column, given in (
        ("available_from", input.available_from),
        ("available_until", input.available_until),
    ):
        if given is not None:
            values[column] = given
    category = input.category.value if creating else row.category
    given = {name: plain(getattr(input, attribute)) for name, attribute in DETAIL_ATTRIBUTES.items()}
    chosen = chosen_input(checks, category, given, required=creating)
    if chosen is not None:
        stored = check_details(
            checks,
            category,
            chosen,
            Window(start if window_fine else None, end if window_fine else None, now),
        )
        values["details"] = stored.details
        if creating or category in OWN_COLUMNS["address"]:
            values["address"] = stored.address
        if creating or category in OWN_COLUMNS["amount_fen"]:
            values["amount_fen"] = stored.amount_fen
    elif (
        row is not None
        and _window_moved(values, window_fine)
        and not schedule_fits(row.details or {}, Window(start, end, now))
    ):
        field = "availableUntil" if "available_until" in values else "availableFrom"
        checks.add(UserErrorCode.INVALID, "shifts_outside_window", field)
    if creating:
        values["category"] = category
        values.setdefault("target_groups", [])
    service_ids = district_ids(checks, "serviceDistrictIds", input.service_district_ids)
    check_service_districts(checks, service_ids)
    district_id = (
        primary_key(checks, "districtId", input.district_id, "District") if input.district_id else None
    )
    return values, resources.Placement(district_id, service_ids, location_of(input))


def _window_moved(values: dict[str, Any], window_fine: bool) -> bool:
    """Whether an update moves a (valid) window: a position's stored shifts must still fit."""
    return window_fine and bool({"available_from", "available_until"} & values.keys())


def _check_publishable(checks: Checks, row: Row, values: dict[str, Any], now: Any) -> None:
    """A draft goes on offer only with a window that has not ended (a new end is checked already)."""
    if "available_until" not in values and row.available_until is not None and row.available_until <= now:
        checks.add(UserErrorCode.INVALID, "in_the_past", "availableUntil")
