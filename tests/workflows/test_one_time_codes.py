"""Single-use codes (services/one_time_codes.py): issued once in clear and stored hashed, used
once, within their expiry and their attempt budget, whatever the concurrency."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from datasources.columns import utcnow
from datasources.writes import write_transaction
from domain.one_time_codes import LETTERS, code_hash
from services.one_time_codes import (
    CODES,
    PresentedCode,
    consume,
    count_wrong_guess,
    issue,
)

PHONE = "13800138000"


async def _issue(engine: AsyncEngine, attempts: int = 3, ttl: timedelta = timedelta(minutes=10)) -> str:
    async with write_transaction(engine) as connection:
        issued = await issue(connection, purpose="sign_up", subject=PHONE, ttl=ttl, attempts=attempts)
    return issued.code


async def _present(engine: AsyncEngine, code: str) -> bool:
    """What a command presenting `code` does: count a wrong guess, then try to use it."""
    presented = PresentedCode("sign_up", PHONE, code)
    await count_wrong_guess(engine, presented)
    async with write_transaction(engine) as connection:
        return await consume(connection, presented) is None


async def _row(engine: AsyncEngine) -> dict:
    async with engine.connect() as connection:
        return dict((await connection.execute(select(CODES))).one()._mapping)


async def test_a_code_is_stored_hashed_and_used_once(empty_db: AsyncEngine) -> None:
    code = await _issue(empty_db)
    assert len(code) == 6 and code.isdigit()
    row = await _row(empty_db)
    assert row["code_hash"] == code_hash("sign_up", PHONE, code) and code not in str(row)
    assert await _present(empty_db, code)
    assert not await _present(empty_db, code)  # used
    assert (await _row(empty_db))["consumed_at"] is not None


async def test_wrong_guesses_spend_the_budget_then_even_the_right_code_fails(empty_db: AsyncEngine) -> None:
    code = await _issue(empty_db, attempts=3)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    assert not await _present(empty_db, wrong)
    assert not await _present(empty_db, wrong)
    assert (await _row(empty_db))["attempts_left"] == 1
    assert await _present(empty_db, code)  # two wrong guesses, then the right one: used

    code = await _issue(empty_db, attempts=3)  # a new code replaces it, with a new budget
    for _ in range(5):
        assert not await _present(empty_db, wrong)
    assert (await _row(empty_db))["attempts_left"] == 0
    assert not await _present(empty_db, code)


async def test_concurrent_guesses_never_exceed_the_budget(empty_db: AsyncEngine) -> None:
    code = await _issue(empty_db, attempts=4)
    guesses = [f"{(int(code) + n) % 1_000_000:06d}" for n in range(1, 21)]
    results = await asyncio.gather(*(_present(empty_db, guess) for guess in guesses))
    assert not any(results)
    assert (await _row(empty_db))["attempts_left"] == 0
    assert not await _present(empty_db, code)


async def test_two_requests_with_the_right_code_use_it_once(empty_db: AsyncEngine) -> None:
    code = await _issue(empty_db)
    results = await asyncio.gather(*(_present(empty_db, code) for _ in range(4)))
    assert sorted(results) == [False, False, False, True]


async def test_an_expired_code_is_refused(empty_db: AsyncEngine) -> None:
    code = await _issue(empty_db)
    presented = PresentedCode("sign_up", PHONE, code)
    async with write_transaction(empty_db) as connection:
        problem = await consume(connection, presented, now=utcnow() + timedelta(minutes=11))
    assert problem is not None and (problem.code, problem.key, problem.field) == (
        "INVALID",
        "code_invalid",
        ("input", "code"),
    )
    assert await _present(empty_db, code)  # still usable within its time


async def test_long_codes_for_invitations_ignore_case(empty_db: AsyncEngine) -> None:
    async with write_transaction(empty_db) as connection:
        issued = await issue(
            connection,
            purpose="invitation",
            subject="7",
            ttl=timedelta(days=7),
            attempts=5,
            length=20,
            alphabet=LETTERS,
        )
    assert len(issued.code) == 20 and set(issued.code) <= set(LETTERS)
    async with write_transaction(empty_db) as connection:
        assert await consume(connection, PresentedCode("invitation", "7", issued.code.lower())) is None
