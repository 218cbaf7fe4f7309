"""From the `Authorization` header to a Viewer: the one input about identity we trust.

No header: anonymous. A header that is not a valid bearer token refuses the whole request
(`TokenRejected`, HTTP 401): a client that meant to sign in must not get a quietly
anonymous answer instead. Each signed-in request looks its account up (one statement by
primary key), so disabling an account, changing its roles, or signing out everywhere (its
token version for our tokens, the time for the provider's: `issued_before`) takes effect at
once: our tokens prove who the bearer is, the account row says what she may do. For an external
provider's tokens, its claims say what she may do (and are copied to the linked account).
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncEngine

from auth.throttle import LoginThrottle, attempt_counter
from auth.tokens import (
    EMBEDDED_ALGORITHM,
    EXTERNAL_ALGORITHMS,
    ExternalVerifier,
    TokenIssuer,
    TokenRejected,
    roles_of,
    token_algorithm,
)
from auth.viewer import ANONYMOUS, Viewer
from datasources.accounts import active_account_by_id, linked_account

MAX_HEADER_LENGTH = 8192
SIGNED_OUT = "the account has signed out of every session: sign in again"
EXTERNAL_USERNAME_PREFIX = "ext_"


class IdentitySettings(Protocol):
    """The settings sign-in needs (the service's `settings.Settings` has them)."""

    @property
    def jwt_secret(self) -> str: ...
    @property
    def jwt_ttl_seconds(self) -> int: ...
    @property
    def jwks_url(self) -> str | None: ...
    @property
    def jwt_issuer(self) -> str | None: ...
    @property
    def jwt_audience(self) -> str | None: ...
    @property
    def redis_url(self) -> str | None: ...
    @property
    def login_failure_window_seconds(self) -> int: ...
    @property
    def login_max_failures(self) -> int: ...
    @property
    def login_failure_delay_ms(self) -> int: ...


class Identity:
    """Everything one application needs to know who is asking and to sign people in."""

    def __init__(
        self,
        issuer: TokenIssuer,
        throttle: LoginThrottle,
        *,
        external: ExternalVerifier | None = None,
        failure_delay_seconds: float = 0.5,
    ) -> None:
        self.issuer = issuer
        self.throttle = throttle
        self.external = external
        self.failure_delay_seconds = failure_delay_seconds

    @classmethod
    def from_settings(cls, settings: IdentitySettings) -> Identity:
        external = None
        if settings.jwks_url and settings.jwt_issuer and settings.jwt_audience:
            external = ExternalVerifier.from_url(
                settings.jwks_url, settings.jwt_issuer, settings.jwt_audience
            )
        return cls(
            TokenIssuer(settings.jwt_secret, settings.jwt_ttl_seconds),
            LoginThrottle(
                attempt_counter(settings.redis_url, settings.login_failure_window_seconds),
                settings.login_max_failures,
            ),
            external=external,
            failure_delay_seconds=settings.login_failure_delay_ms / 1000,
        )

    async def authenticate(self, authorization: str | None, engine: AsyncEngine) -> Viewer:
        """The viewer a request's `Authorization` header names; raises TokenRejected."""
        if authorization is None:
            return ANONYMOUS
        token = bearer_token(authorization)
        algorithm = token_algorithm(token)
        if algorithm == EMBEDDED_ALGORITHM:
            claims = self.issuer.verify(token)
            account = await active_account_by_id(engine, int(claims.subject))
            if account is None:
                raise TokenRejected("the account is disabled or no longer exists")
            if account.token_version != claims.token_version:
                raise TokenRejected(SIGNED_OUT)
            return account_viewer(account)
        if algorithm in EXTERNAL_ALGORITHMS and self.external is not None:
            claims = await self.external.verify(token)
            linked = await linked_account(
                engine,
                external_username(self.external.issuer, claims.subject),
                (claims.name or claims.subject)[:100],
                claims.roles,
                claims.participant,
            )
            if not linked.is_active:
                raise TokenRejected("the account is disabled")
            if issued_before(claims.issued_at, linked.sessions_ended_at):
                raise TokenRejected(SIGNED_OUT)
            return account_viewer(linked)
        raise TokenRejected(f"tokens signed with '{algorithm[:20]}' are not accepted")


def issued_before(issued_at: datetime | None, sessions_ended_at: datetime | None) -> bool:
    """Whether a token issued at `issued_at` belongs to a session the account has ended. `iat` is
    in whole seconds, so a token issued within the second of the sign-out is refused too (the
    safe side: the provider's next token works a second later). Our own tokens are judged by the
    version they carry instead, exactly, so a sign-in right after a password change works."""
    if sessions_ended_at is None:
        return False
    return issued_at is None or issued_at <= sessions_ended_at


def bearer_token(authorization: str) -> str:
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise TokenRejected("the Authorization header must be 'Bearer <token>'")
    if len(authorization) > MAX_HEADER_LENGTH:
        raise TokenRejected("the token is too long")
    return token


def external_username(issuer: str, subject: str) -> str:
    """The local username of an external identity: stable, fixed length, no personal data."""
    return EXTERNAL_USERNAME_PREFIX + hashlib.sha256(f"{issuer}|{subject}".encode()).hexdigest()[:32]


def account_viewer(account: Any) -> Viewer:
    """The viewer an account row makes (roles it holds, the participant it acts for)."""
    return Viewer(
        account_id=account.id,
        roles=roles_of(account.roles),
        participant_kind=account.participant_kind,
        participant_id=account.participant_id if account.participant_kind else None,
    )
