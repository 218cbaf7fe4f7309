"""The 24-hour appeal channel: submitAppeal, replyToAppeal, convertAppealToDemand, closeAppeal."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection
from strawberry.types import Info

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
from resolvers.commands import input_pk, run_command, within_anonymous_limit
from schema.appeal_mutations import (
    CloseAppealInput,
    CloseAppealPayload,
    ConvertAppealToDemandInput,
    ConvertAppealToDemandPayload,
    ReplyToAppealInput,
    ReplyToAppealPayload,
    SubmitAppealInput,
    SubmitAppealPayload,
)
from schema.user_errors import UserError, user_errors
from services import appeals

# One step on one appeal, given its primary key: the SQL command (returns the appeal's pk).
AppealStep = Callable[[AsyncConnection, Viewer, int], Awaitable[int]]


async def submit_appeal(info: Info, input: SubmitAppealInput) -> SubmitAppealPayload:
    context = info.context
    if not await within_anonymous_limit(info, "appeal"):
        return SubmitAppealPayload(user_errors=user_errors([RATE_LIMITED], context.locale))

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

    appeal, errors = await run_command(info, "submitAppeal", command, idempotency_key=input.idempotency_key)
    return SubmitAppealPayload(appeal=appeal, user_errors=errors)


async def reply_to_appeal(info: Info, input: ReplyToAppealInput) -> ReplyToAppealPayload:
    def run(connection: AsyncConnection, viewer: Viewer, appeal_id: int) -> Awaitable[int]:
        check_reply(input.body)
        return appeals.reply(connection, viewer, appeal_id, input.body, utcnow())

    appeal, errors = await _run_on_appeal(info, "replyToAppeal", input.appeal_id, run)
    return ReplyToAppealPayload(appeal=appeal, user_errors=errors)


async def convert_appeal_to_demand(
    info: Info, input: ConvertAppealToDemandInput
) -> ConvertAppealToDemandPayload:
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

    appeal, errors = await _run_on_appeal(info, "convertAppealToDemand", input.appeal_id, run)
    if appeal is not None:
        # The new demand is published too: tell demandPublished's subscribers about it.
        for demand_row in await info.context.loaders.demands_by_appeal.load(appeal.pk):
            await announce(info.context.broker, "Demand", demand_row.id, "convertAppealToDemand")
    return ConvertAppealToDemandPayload(appeal=appeal, user_errors=errors)


async def close_appeal(info: Info, input: CloseAppealInput) -> CloseAppealPayload:
    def run(connection: AsyncConnection, viewer: Viewer, appeal_id: int) -> Awaitable[int]:
        check_close_reason(input.reason)
        return appeals.close(connection, viewer, appeal_id, input.reason, utcnow())

    appeal, errors = await _run_on_appeal(info, "closeAppeal", input.appeal_id, run)
    return CloseAppealPayload(appeal=appeal, user_errors=errors)


async def _run_on_appeal(
    info: Info, mutation: str, appeal_gid: str, run: AppealStep
) -> tuple[Any | None, list[UserError]]:
    """Run a command on one appeal: its id decoded, then `run(connection, viewer, pk)`."""

    async def command(connection: AsyncConnection, viewer: Viewer) -> tuple[str, int]:
        return "Appeal", await run(connection, viewer, input_pk(appeal_gid, "Appeal", "appealId"))

    return await run_command(info, mutation, command)
