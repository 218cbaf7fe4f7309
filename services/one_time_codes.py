"""Single-use codes: a phone's sign-up code, an invitation, a password reset.

A code is issued for a `purpose` to a `subject` (a phone number, an invitation's id...): the
code itself is returned once, to be sent (services/notifier.py) or shown, and only its SHA-256
hash (salted with purpose and subject) is stored, with an expiry and an attempt budget. One live
code per purpose and subject: issuing again replaces the previous one.

Presenting a code is two steps, because a wrong guess must count even though the command that
carried it is rolled back:
1. `count_wrong_guess`, in its own short transaction *before* the command's
   (`resolvers.commands.run` does it for every command that `PresentsCode`): if the code does
   not match, one attempt is spent (never below zero). Nothing is revealed.
2. `consume`, inside the command's transaction: marks the code used if it matches, is not
   used, not expired and has attempts left, in one conditional UPDATE; otherwise the command
   gets one `code_invalid` problem (wrong, expired, used or out of attempts: never which).

So at most `attempts` wrong guesses are ever counted, whatever the concurrency (the budget is
decremented by conditional UPDATEs under the row's lock), and once it is spent even the right
code is refused; of two requests presenting the same right code, the second's UPDATE finds it
consumed (PostgreSQL re-checks the row after the first commits; SQLite runs them one at a time).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol, runtime_checkable

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from datasources.columns import utcnow
from datasources.tables import OneTimeCode
from domain.one_time_codes import DIGITS, code_hash, new_code
from domain.problems import Problem, UserErrorCode

CODES = OneTimeCode.__table__


@dataclass(frozen=True)
class Issued:
    code: str  # in clear: send or show it now, it cannot be read again
    expires_at: datetime


@dataclass(frozen=True)
class PresentedCode:
    """A code as a command carries it, and the input field it came in (for the problem)."""

    purpose: str
    subject: str
    code: str
    field: tuple[str, ...] = ("input", "code")


@runtime_checkable
class PresentsCode(Protocol):
    """A command that carries a code; `resolvers.commands.run` counts a wrong one first."""

    def presented_code(self) -> PresentedCode | None: ...


async def issue(
    connection: AsyncConnection,
    *,
    purpose: str,
    subject: str,
    ttl: timedelta,
    attempts: int,
    length: int = 6,
    alphabet: str = DIGITS,
    now: datetime | None = None,
    not_since: datetime | None = None,
) -> Issued | None:
    """A new code for `subject`, replacing any earlier one (used or not) for the same purpose;
    with `not_since`, only if the earlier one was issued before then (else None: too soon)."""
    now = now or utcnow()
    code = new_code(length, alphabet)
    values = {
        "code_hash": code_hash(purpose, subject, code),
        "attempts_left": attempts,
        "expires_at": now + ttl,
        "consumed_at": None,
        "created_at": now,
    }
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(CODES).values(purpose=purpose, subject=subject, **values)
    replace = statement.on_conflict_do_update(
        index_elements=[CODES.c.purpose, CODES.c.subject],
        set_=values,
        where=CODES.c.created_at <= not_since if not_since is not None else None,
    )
    written = await connection.execute(replace)
    return Issued(code, now + ttl) if written.rowcount == 1 else None


async def count_wrong_guess(
    engine: AsyncEngine, presented: PresentedCode, now: datetime | None = None
) -> None:
    """Spend one attempt of the live code if `presented` does not match it (own transaction)."""
    now = now or utcnow()
    async with engine.begin() as connection:
        await connection.execute(
            update(CODES)
            .where(
                CODES.c.purpose == presented.purpose,
                CODES.c.subject == presented.subject,
                CODES.c.code_hash != code_hash(presented.purpose, presented.subject, presented.code),
                CODES.c.consumed_at.is_(None),
                CODES.c.expires_at > now,
                CODES.c.attempts_left > 0,
            )
            .values(attempts_left=CODES.c.attempts_left - 1)
        )


def invalid_code(presented: PresentedCode) -> Problem:
    return Problem(UserErrorCode.INVALID, "code_invalid", presented.field, {"field": presented.field[-1]})


async def consume(
    connection: AsyncConnection, presented: PresentedCode, now: datetime | None = None
) -> Problem | None:
    """Use the code up (in the command's transaction); the problem if it cannot be used."""
    now = now or utcnow()
    used = await connection.execute(
        update(CODES)
        .where(
            CODES.c.purpose == presented.purpose,
            CODES.c.subject == presented.subject,
            CODES.c.code_hash == code_hash(presented.purpose, presented.subject, presented.code),
            CODES.c.consumed_at.is_(None),
            CODES.c.expires_at > now,
            CODES.c.attempts_left > 0,
        )
        .values(consumed_at=now)
    )
    return None if used.rowcount == 1 else invalid_code(presented)
