"""The root Mutation: a thin list of fields, each delegating to its resolver.

Each mutation takes one `input` and returns `<Name>Payload { ... userErrors }`. Guard one
with `auth.permissions.MutationGuard` so that a refusal is a FORBIDDEN user error, and say
who may call it in its description.
"""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from auth.permissions import HasRole, MutationGuard
from domain.enums import Role
from resolvers import auth as auth_resolvers
from resolvers import organization_commands
from schema.accounts import LoginInput, LoginPayload
from schema.organization_mutations import ReviewOrganizationInput, ReviewOrganizationPayload

REVIEWERS = HasRole(Role.ADMIN)


@strawberry.type(description="Everything that changes the graph.")
class Mutation:
    @strawberry.mutation(
        description="Sign in with a username and password; returns a bearer token. Anyone may call it. "
        "Wrong credentials give one INVALID_CREDENTIALS error, whatever was wrong; repeated "
        "failures are slowed down and then refused (RATE_LIMITED). The rest of this request "
        "runs as the signed-in account."
    )
    async def login(self, info: Info, input: LoginInput) -> LoginPayload:
        return await auth_resolvers.login(info, input.username, input.password)

    @strawberry.mutation(
        description="Approve or reject a PENDING organization's application for admission (准入审核); "
        "a rejection needs a reason. Recorded in its admission history and the audit log. "
        "Anything but PENDING: INVALID_STATE; two racing reviews: one wins, the other CONFLICT. "
        + REVIEWERS.rule,
        extensions=[MutationGuard(REVIEWERS, payload=ReviewOrganizationPayload)],
    )
    async def review_organization(
        self, info: Info, input: ReviewOrganizationInput
    ) -> ReviewOrganizationPayload:
        return await organization_commands.review_organization(info, input)


__all__ = ["Mutation"]
