"""Admission mutations: decode the input, check the reason, run the status change."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection
from strawberry.types import Info

from auth.viewer import Viewer
from datasources.commands.organizations import transition_organization
from domain.workflows.admission import REJECT, check_reason
from resolvers.commands import input_pk, run_command


async def _transition(
    info: Info, mutation: str, global_id: str, action: str, reason: str | None, *, reason_required: bool
) -> tuple[Any, list]:
    async def command(connection: AsyncConnection, viewer: Viewer) -> tuple[str, int]:
        return await transition_organization(
            connection,
            organization_id=input_pk(global_id, "Organization", "id"),
            action=action,
            reason=check_reason(reason, required=reason_required),
            actor_account_id=viewer.account_id,
            mutation=mutation,
        )

    return await run_command(info, mutation, command)


async def review_organization(
    info: Info, global_id: str, decision: str, reason: str | None
) -> tuple[Any, list]:
    return await _transition(
        info, "reviewOrganization", global_id, decision, reason, reason_required=decision == REJECT
    )


async def suspend_organization(info: Info, global_id: str, reason: str) -> tuple[Any, list]:
    return await _transition(info, "suspendOrganization", global_id, "suspend", reason, reason_required=True)


async def reinstate_organization(info: Info, global_id: str, reason: str | None) -> tuple[Any, list]:
    return await _transition(
        info, "reinstateOrganization", global_id, "reinstate", reason, reason_required=False
    )
