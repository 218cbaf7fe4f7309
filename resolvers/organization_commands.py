"""Resolvers of the admission mutations: input to command, run in one transaction."""

from __future__ import annotations

from functools import partial

from strawberry.types import Info

from datasources.commands import organizations as commands
from resolvers.commands import run_command
from schema.global_ids import decode_as
from schema.organization_mutations import ReviewOrganizationInput, ReviewOrganizationPayload


async def review_organization(info: Info, input: ReviewOrganizationInput) -> ReviewOrganizationPayload:
    command = partial(
        commands.review_organization,
        organization_id=decode_as(input.organization_id, "Organization", argument="input.organizationId"),
        decision=input.decision.value,
        reason=input.reason,
    )
    organization, errors = await run_command(info, "reviewOrganization", command)
    return ReviewOrganizationPayload(organization=organization, user_errors=errors)
