"""Guesses checked out of 60 concurrent sign-ins for one username (issue 12's probe).

Usage:
    .venv/bin/python -m bench.login_race [--redis-url redis://127.0.0.1:6379/0] [--concurrent 60]

Makes a throw-away SQLite database with one account, then sends `--concurrent` logins for it at
once through the real ASGI app, the right password as the 16th; prints how many passwords were
checked (Argon2 verifications), how many tokens were issued and how many were refused, with the
default limits (5 per username and address). With `--redis-url` the counters live in Redis,
under a key prefix of this run's own.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

import auth.identity
import auth.login
from app import create_app
from auth.passwords import hash_password
from auth.throttle import Counter as AttemptCounter
from auth.throttle import RedisCounter
from datasources.db import create_engine
from datasources.migrate import upgrade
from datasources.tables import Account
from settings import Settings

PASSWORD = "correct horse battery staple"
LOGIN = """mutation($u: String!, $p: String!) {
  login(input: {username: $u, password: $p}) { token userErrors { code } }
}"""


async def race(concurrent: int, redis_url: str | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite+aiosqlite:///{Path(folder) / 'race.db'}")
        await upgrade(engine)
        async with engine.begin() as connection:
            await connection.execute(
                Account.__table__.insert().values(
                    username="alice", display_name="Alice", roles=[], password_hash=hash_password(PASSWORD)
                )
            )
        if redis_url:
            import redis.asyncio as redis

            client = redis.from_url(redis_url)
            space = f"bench-{uuid.uuid4().hex}:"

            def counter(_url: str | None, window: float) -> AttemptCounter:
                return RedisCounter(client, window, namespace=space)

            auth.identity.attempt_counter = counter
        checked = 0
        verify = auth.login.verify_password

        async def counting_verify(password_hash: str | None, password: str) -> bool:
            nonlocal checked
            checked += 1
            return await verify(password_hash, password)

        auth.login.verify_password = counting_verify
        app = create_app(Settings(env="test", login_failure_delay_ms=0), engine=engine)
        passwords = ["wrong guess"] * concurrent
        passwords[min(15, concurrent - 1)] = PASSWORD
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:

            async def login(password: str) -> dict[str, Any]:
                response = await http.post(
                    "/graphql", json={"query": LOGIN, "variables": {"u": "alice", "p": password}}
                )
                return response.json()["data"]["login"]

            started = time.perf_counter()
            results = await asyncio.gather(*(login(password) for password in passwords))
            elapsed = time.perf_counter() - started
        await engine.dispose()
    outcomes = Counter(
        result["userErrors"][0]["code"] if result["userErrors"] else "TOKEN" for result in results
    )
    print(f"counters: {'redis' if redis_url else 'in-process'}")
    print(f"passwords checked: {checked} of {concurrent} concurrent (limit 5)")
    print(
        f"tokens issued: {outcomes['TOKEN']}, INVALID_CREDENTIALS: {outcomes['INVALID_CREDENTIALS']}, "
        f"RATE_LIMITED: {outcomes['RATE_LIMITED']}"
    )
    print(f"wall time: {elapsed:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrent", type=int, default=60)
    parser.add_argument("--redis-url")
    arguments = parser.parse_args()
    asyncio.run(race(arguments.concurrent, arguments.redis_url))


if __name__ == "__main__":
    main()
