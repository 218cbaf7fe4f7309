"""Signing in with a username and password (the embedded identity provider).

Every failure looks the same from outside: one generic INVALID_CREDENTIALS, after the same
work (an Argon2 verification, against a dummy hash when the username is unknown) and at
least the same delay. Each attempt is reserved with the throttle (auth/throttle.py) before the
password is checked; past a limit (per username and address, per username, per address) the
attempt is refused with RATE_LIMITED, without checking the password at all.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncEngine

from auth.identity import Identity, account_viewer
from auth.passwords import MAX_PASSWORD_LENGTH, hash_password, needs_rehash, verify_password
from auth.viewer import Viewer
from datasources.accounts import active_account_by_username, replace_password_hash
from domain.problems import Problem, Rejected, UserErrorCode

MAX_USERNAME_LENGTH = 60

INVALID_CREDENTIALS = Problem(UserErrorCode.INVALID_CREDENTIALS, "invalid_credentials")
RATE_LIMITED = Problem(UserErrorCode.RATE_LIMITED, "rate_limited")


@dataclass(frozen=True)
class SignIn:
    """`login`'s command: the credentials as the client sent them (the username is trimmed here)."""

    username: str
    password: str


@dataclass(frozen=True)
class SignedIn:
    account: Row
    viewer: Viewer
    token: str
    expires_at: datetime


async def sign_in(identity: Identity, engine: AsyncEngine, command: SignIn, client: str | None) -> SignedIn:
    """A token for the account, or Rejected(INVALID_CREDENTIALS | RATE_LIMITED | REQUIRED).

    Not run like the graph's commands (`resolvers.commands.run`): it holds no transaction (one held
    across the Argon2 verification and the failure delay would hold up every other writer), it
    changes no object of the graph (nothing to announce or re-read), and it answers with a token.
    A success may upgrade the password hash, written on its own."""
    started = time.monotonic()
    username, password = command.username.strip(), command.password
    _require(username, password)
    # Reserved before anything is checked: concurrent guesses cannot all pass a count that
    # none of them has joined yet. The attempt counts as a failure unless it succeeds.
    attempt = await identity.throttle.reserve(username, client)
    if attempt is None:
        await _pad(started, identity.failure_delay_seconds)
        raise Rejected(RATE_LIMITED)
    checked = False
    try:
        account = None
        if len(username) <= MAX_USERNAME_LENGTH and len(password) <= MAX_PASSWORD_LENGTH:
            account = await active_account_by_username(engine, username)
        password_hash = account.password_hash if account is not None else None
        checked = True
        # Over-long input is refused like a wrong password, after the same dummy verification.
        right = await verify_password(password_hash, password[:MAX_PASSWORD_LENGTH])
    finally:
        if not checked:  # the look-up failed: no password was checked, so no guess is spent
            await identity.throttle.release(attempt)
    if not right or account is None:
        await _pad(started, identity.failure_delay_seconds)
        raise Rejected(INVALID_CREDENTIALS)
    await identity.throttle.succeeded(attempt)
    if needs_rehash(password_hash or ""):
        await replace_password_hash(engine, account.id, await asyncio.to_thread(hash_password, password))
    viewer = account_viewer(account)
    token, expires_at = identity.issuer.mint(
        account.id, viewer.roles, viewer.participant, token_version=account.token_version
    )
    return SignedIn(account=account, viewer=viewer, token=token, expires_at=expires_at)


def _require(username: str, password: str) -> None:
    problems = [
        Problem(UserErrorCode.REQUIRED, "required", ("input", name), {"field": name})
        for name, value in (("username", username), ("password", password))
        if not value
    ]
    if problems:
        raise Rejected(problems)


async def _pad(started: float, minimum_seconds: float) -> None:
    """Sleep until `minimum_seconds` have passed since `started`: failures take a fixed time."""
    remaining = minimum_seconds - (time.monotonic() - started)
    if remaining > 0:
        await asyncio.sleep(remaining)
