"""The 24-hour appeal channel: submitAppeal, replyToAppeal, convertAppealToDemand, closeAppeal."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from auth.login import RATE_LIMITED
from auth.viewer import Viewer
from datasources.columns import utcnow
from datasources.pubsub import announce
from domain.workflows.appeals import (
    AppealInput,
    DemandFromAppeal,
    check_appeal,
    check_close_reason,
    check_demand,
    check_reply,
)
from resolvers.commands import Outcome, input_pk, refused, run_command, within_anonymous_limit
from resolvers.context import Info
from services import appeals

# One step on one appeal, given its primary key: the SQL command (returns the appeal's pk).
AppealStep = Callable[[AsyncConnection, Viewer, int], Awaitable[int]]


async def submit_appeal(info: Info, input: Any) -> Outcome:
    if not await within_anonymous_limit(info, "appeal"):
        return refused(RATE_LIMITED)

    async def command(connection: AsyncConnection, viewer: Viewer) -> tuple[str, int]:
        appeal = AppealInput(
            home_id=input_pk(input.home_id, "Home", "homeId") if input.home_id else None,
            district_id=input_pk(input.district_id, "District", "districtId") if input.district_id else None,
            topic=input.topic,
            content=input.content,
            contact_name=input.contact_name,
            contact_phone=input.contact_phone,
        )
        check_appeal(appeal)
        return "Appeal", await appeals.submit(connection, viewer, appeal, utcnow())

    return await run_command(info, "submitAppeal", command, idempotency_key=input.idempotency_key)


async def reply_to_appeal(info: Info, input: Any) -> Outcome:
    def run(connection: AsyncConnection, viewer: Viewer, appeal_id: int) -> Awaitable[int]:
        check_reply(input.body)
        return appeals.reply(connection, viewer, appeal_id, input.body, utcnow())

    return await _run_on_appeal(info, "replyToAppeal", input.appeal_id, run)


async def convert_appeal_to_demand(info: Info, input: Any) -> Outcome:
    demand = DemandFromAppeal(
        title=input.title,
        category=input.category.value,
        description=input.description,
        urgency=input.urgency.value,
        target_group=input.target_group.value,
        quantity=input.quantity,
        unit=input.unit,
        beneficiary_count=input.beneficiary_count,
        needed_by=input.needed_by,
    )

    def run(connection: AsyncConnection, viewer: Viewer, appeal_id: int) -> Awaitable[int]:
        now = utcnow()
        check_demand(demand, now)
        return appeals.convert(connection, viewer, appeal_id, demand.values(), now)

    outcome = await _run_on_appeal(info, "convertAppealToDemand", input.appeal_id, run)
    if outcome.row is not None:
        # The new demand is published too: tell demandPublished's subscribers about it.
        for demand_row in await info.context.loaders.demands_by_appeal.load(outcome.row.id):
            await announce(info.context.broker, "Demand", demand_row.id, "convertAppealToDemand")
    return outcome


async def close_appeal(info: Info, input: Any) -> Outcome:
    def run(connection: AsyncConnection, viewer: Viewer, appeal_id: int) -> Awaitable[int]:
        check_close_reason(input.reason)
        return appeals.close(connection, viewer, appeal_id, input.reason, utcnow())

    return await _run_on_appeal(info, "closeAppeal", input.appeal_id, run)


async def _run_on_appeal(info: Info, mutation: str, appeal_gid: str, run: AppealStep) -> Outcome:
    """Run a command on one appeal: its id decoded, then `run(connection, viewer, pk)`."""

    async def command(connection: AsyncConnection, viewer: Viewer) -> tuple[str, int]:
        return "Appeal", await run(connection, viewer, input_pk(appeal_gid, "Appeal", "appealId"))

    return await run_command(info, mutation, command)
