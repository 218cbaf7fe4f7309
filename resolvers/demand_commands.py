"""Publishing demands (需求): publishDemand, updateDemand, cancelDemand, as commands."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from auth.viewer import Viewer
from datasources.columns import utcnow
from datasources.pubsub import announce
from domain.enums import DemandStatus, ResourceCategory
from domain.problems import UserErrorCode
from domain.workflows.acting import acting_party
from domain.workflows.categories import amount_fen
from domain.workflows.checks import Checks
from domain.workflows.offers import (
    MAX_BENEFICIARIES,
    MAX_REASON,
    MAX_SUBDISTRICT,
    REQUESTER_KINDS,
    check_moment,
    check_quantity,
)
from resolvers.command_inputs import primary_key
from resolvers.commands import Outcome, input_pk, run_command
from resolvers.context import Info
from resolvers.offer_inputs import common_values, location_of, named_party
from services import demands

REQUESTER_TYPES = ("Home", "Organization")


async def publish_demand(info: Info, input: Any) -> Outcome:
    async def command(connection: AsyncConnection, viewer: Viewer) -> tuple[str, int]:
        now = utcnow()
        named = named_party(input.requester_id, "requesterId", REQUESTER_TYPES)
        requester = acting_party(viewer.participant, viewer.is_staff, named, REQUESTER_KINDS, "requesterId")
        checks = Checks()
        values, place = _values(checks, input, None, now)
        checks.done()
        demand_id = await demands.publish(
            connection, viewer, requester, values, place, draft=input.draft, now=now
        )
        return "Demand", demand_id

    return await run_command(info, "publishDemand", command, idempotency_key=input.idempotency_key)


async def update_demand(info: Info, input: Any) -> Outcome:
    published = False

    async def command(connection: AsyncConnection, viewer: Viewer) -> tuple[str, int]:
        nonlocal published
        now = utcnow()
        demand_id = input_pk(input.id, "Demand", "id")
        row = await demands.editable(connection, viewer, demand_id, "updateDemand")
        checks = Checks()
        values, place = _values(checks, input, row, now)
        if input.publish and "needed_by" not in values and row.needed_by is not None and row.needed_by <= now:
            checks.add(UserErrorCode.INVALID, "in_the_past", "neededBy")
        checks.done()
        status = await demands.update_demand(
            connection, viewer, row, input.expected_version, values, place, publish=input.publish, now=now
        )
        published = input.publish and status != DemandStatus.DRAFT
        return "Demand", demand_id

    outcome = await run_command(info, "updateDemand", command)
    if published:  # a draft opened: tell demandPublished's subscribers
        await announce(info.context.broker, "Demand", outcome.row.id, "publishDemand")
    return outcome


async def cancel_demand(info: Info, input: Any) -> Outcome:
    async def command(connection: AsyncConnection, viewer: Viewer) -> tuple[str, int]:
        demand_id = input_pk(input.id, "Demand", "id")
        checks = Checks()
        checks.text("reason", input.reason, required=False, max_length=MAX_REASON)
        checks.done()
        reason = input.reason.strip() if input.reason and input.reason.strip() else None
        return "Demand", await demands.cancel(
            connection, viewer, demand_id, reason, input.expected_version, utcnow()
        )

    return await run_command(info, "cancelDemand", command)


def _values(checks: Checks, input: Any, row: Row | None, now: Any) -> tuple[dict[str, Any], demands.Place]:
    """The checked columns of a new demand (`row` None) or of the changes to `row`."""
    creating = row is None
    values = common_values(checks, input, creating=creating)
    check_quantity(checks, input.quantity, 0 if creating else row.quantity_matched, "quantityMatched")
    checks.number("beneficiaryCount", input.beneficiary_count, low=0, high=MAX_BENEFICIARIES, required=False)
    checks.text("subdistrict", input.subdistrict, required=False, max_length=MAX_SUBDISTRICT)
    if check_moment(checks, "neededBy", input.needed_by, now) and input.needed_by is not None:
        values["needed_by"] = input.needed_by
    for column, value in (
        ("beneficiary_count", input.beneficiary_count),
        ("urgency", input.urgency and input.urgency.value),
        ("target_group", input.target_group and input.target_group.value),
    ):
        if value is not None:
            values[column] = value
    category = input.category.value if creating else row.category
    if category == ResourceCategory.FUNDING:
        if creating and input.amount is None:
            checks.add(UserErrorCode.REQUIRED, "required", "amount")
        fen = amount_fen(checks, "amount", input.amount)
        if fen is not None:
            values["amount_fen"] = fen
    elif input.amount is not None:
        checks.add(UserErrorCode.INVALID, "amount_only_funding", "amount")
    if creating:
        values["category"] = category
    district_id = (
        primary_key(checks, "districtId", input.district_id, "District") if input.district_id else None
    )
    subdistrict = input.subdistrict.strip() if input.subdistrict and input.subdistrict.strip() else None
    return values, demands.Place(district_id, subdistrict, location_of(input))
