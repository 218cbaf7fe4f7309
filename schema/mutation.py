"""The root Mutation: a thin list of fields, each delegating to its resolver.

Each mutation takes one `input` and returns `<Name>Payload { ... userErrors }`. Guard one
with `auth.permissions.MutationGuard` so that a refusal is a FORBIDDEN user error, and say
who may call it in its description.
"""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers import auth as auth_resolvers
from schema import engagement_mutations
from schema.accounts import LoginInput, LoginPayload


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

    propose_engagement = engagement_mutations.propose_engagement
    respond_to_engagement = engagement_mutations.respond_to_engagement
    complete_engagement = engagement_mutations.complete_engagement
    cancel_engagement = engagement_mutations.cancel_engagement


__all__ = ["Mutation"]
