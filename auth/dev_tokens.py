"""`yiwuxian token`: a signed token for development, without a password (never in production)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from auth.tokens import TokenIssuer
from auth.viewer import ROLE_PARTICIPANT_KINDS
from datasources.tables import Account
from domain.enums import ParticipantRef, Role
from domain.global_ids import PARTICIPANT_TYPE_NAMES, participant_ref

DEV_TOKEN_TTL_SECONDS = 86_400


class DevTokenRefused(ValueError):
    """The command cannot mint this token; the message says why."""


@dataclass(frozen=True)
class DevToken:
    token: str
    expires_at: datetime
    account_id: int


def check_role(role: Role, participant: ParticipantRef | None) -> None:
    """A role that acts for a participant needs one of the right kind; staff roles take none."""
    kind = ROLE_PARTICIPANT_KINDS.get(role)
    if kind is None and participant is not None:
        raise DevTokenRefused(f"{role} acts for no participant: drop --participant")
    if kind is not None and (participant is None or participant[0] != kind):
        raise DevTokenRefused(
            f"{role} acts for a {PARTICIPANT_TYPE_NAMES[kind]}: give its id with --participant"
        )


async def matching_account(
    engine: AsyncEngine, role: Role, participant: ParticipantRef | None, username: str | None
) -> tuple[int, int]:
    """The account the token names (id, token version): by username, or the first holding role
    and participant.

    A token always names an existing, active account (each request checks it)."""
    table = Account.__table__
    statement = (
        select(table.c.id, table.c.roles, table.c.token_version)
        .where(table.c.is_active.is_(True))
        .order_by(table.c.id)
    )
    if username is not None:
        statement = statement.where(table.c.username == username)
    if participant is not None:
        statement = statement.where(
            table.c.participant_kind == participant[0], table.c.participant_id == participant[1]
        )
    else:
        statement = statement.where(table.c.participant_kind.is_(None))
    async with engine.connect() as connection:
        for account_id, roles, token_version in (await connection.execute(statement)).all():
            if role in roles:
                return int(account_id), int(token_version)
    who = f"'{username}'" if username is not None else "account"
    raise DevTokenRefused(f"no active {who} with role {role} and that participant in this database")


class DevTokenSettings(Protocol):
    """The settings minting needs (the service's `settings.Settings` has them)."""

    @property
    def env(self) -> str: ...
    @property
    def jwt_secret(self) -> str: ...
    @property
    def jwt_ttl_seconds(self) -> int: ...


async def mint_dev_token(
    settings: DevTokenSettings,
    engine: AsyncEngine,
    role: str,
    participant_id: str | None,
    username: str | None,
    ttl_seconds: int = DEV_TOKEN_TTL_SECONDS,
) -> DevToken:
    if settings.env != "development":
        raise DevTokenRefused("development tokens are minted only when YWX_ENV=development")
    if role not in Role.__members__:
        raise DevTokenRefused(f"unknown role {role!r}; choose one of {', '.join(Role)}")
    participant = participant_ref(participant_id) if participant_id is not None else None
    if participant_id is not None and participant is None:
        raise DevTokenRefused(f"{participant_id!r} is not the global id of a participant")
    check_role(Role(role), participant)
    account_id, token_version = await matching_account(engine, Role(role), participant, username)
    issuer = TokenIssuer(settings.jwt_secret, settings.jwt_ttl_seconds)
    token, expires_at = issuer.mint(
        account_id, [Role(role)], participant, ttl_seconds=ttl_seconds, token_version=token_version
    )
    return DevToken(token, expires_at, account_id)
