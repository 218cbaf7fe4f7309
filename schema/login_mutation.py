"""Signing in (`login`): its input, its payload, and the field.

It has the mutations' shape (an input whose `command()` makes the typed command, one resolver,
the payload made in one place) but is not declared with `schema.mutation_fields.mutation`: that
runs a use case with `resolvers.commands.run` (a write transaction, an idempotency key,
announcements, the changed rows re-read), and a sign-in changes no object of the graph. It
answers with a token for the account (auth/login.py: `sign_in`), and anyone may call it.
"""

from __future__ import annotations

from datetime import datetime

import strawberry

from auth.login import SignedIn, SignIn
from domain.problems import Rejected
from resolvers import auth as auth_resolvers
from resolvers.context import Info
from schema.accounts import Account, account_object
from schema.user_errors import UserError, user_errors


@strawberry.input(description="A username and password (the embedded sign-in).")
class LoginInput:
    username: str = strawberry.field(description="The account's username.")
    password: str = strawberry.field(description="Its password.")

    def command(self) -> SignIn:
        return SignIn(self.username, self.password)


@strawberry.type(description="The result of `login`: a bearer token, or why not.")
class LoginPayload:
    token: str | None = strawberry.field(
        default=None, description="Send it as `Authorization: Bearer <token>` with later requests."
    )
    expires_at: datetime | None = strawberry.field(default=None, description="When the token stops working.")
    viewer: Account | None = strawberry.field(default=None, description="The account signed in.")
    user_errors: list[UserError] = strawberry.field(
        default_factory=list,
        description="Why not: INVALID_CREDENTIALS (one message whatever was wrong), RATE_LIMITED "
        "(too many failures: wait, then try again) or REQUIRED.",
    )


def login_payload(info: Info, signed_in: SignedIn | Rejected) -> LoginPayload:
    """The token, its expiry and the account signed in; or the problems, as user errors."""
    if isinstance(signed_in, Rejected):
        return LoginPayload(user_errors=user_errors(signed_in.problems, info.context.locale))
    return LoginPayload(
        token=signed_in.token, expires_at=signed_in.expires_at, viewer=account_object(signed_in.account)
    )


async def _login(info: Info, input: LoginInput) -> LoginPayload:
    return login_payload(info, await auth_resolvers.login(info, input.command()))


login = strawberry.mutation(
    resolver=_login,
    description="Sign in with a username and password; returns a bearer token. Anyone may call it. "
    "Wrong credentials give one INVALID_CREDENTIALS error, whatever was wrong; repeated "
    "failures are slowed down and then refused (RATE_LIMITED). The rest of this request "
    "runs as the signed-in account.",
)
