"""Time to the 503 when the connection pool is exhausted (every pooled connection held, as by
requests stuck behind a locked table), and /readyz meanwhile.

Usage:
    .venv/bin/python -m bench.fast_failures [--database-url URL] [--requests 60]

Migrates a throw-away SQLite file (or uses --database-url, e.g. a PostgreSQL database), builds
the service's engine with the settings' timeouts (YWX_DB_POOL_TIMEOUT_SECONDS...), checks out
every connection the pool allows, then sends `--requests` concurrent queries (half of them
signed in, whose account look-up runs before GraphQL) and prints how long each took to get its
answer, the status codes, and how long /readyz took.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections import Counter
from contextlib import AsyncExitStack
from pathlib import Path

import httpx

from app import create_app
from auth.tokens import TokenIssuer
from datasources.db import create_engine
from datasources.migrate import upgrade
from settings import Settings

QUERY = "{ districts { totalCount } }"


async def main(database_url: str | None, requests: int) -> None:
    directory = tempfile.mkdtemp(prefix="ywx-bench-")
    settings = Settings(
        env="test", database_url=database_url or f"sqlite+aiosqlite:///{Path(directory) / 'b.db'}"
    )
    engine = create_engine(
        settings.database_url,
        pool_timeout=settings.db_pool_timeout_seconds,
        statement_timeout_seconds=settings.db_statement_timeout_seconds,
        sqlite_busy_timeout_seconds=settings.sqlite_busy_timeout_seconds,
    )
    await upgrade(engine)
    app = create_app(settings, engine=engine)
    token, _ = TokenIssuer(settings.jwt_secret, 3600).mint(1, ["ADMIN"], None)
    pool = engine.sync_engine.pool
    held = pool.size() + max(getattr(pool, "_max_overflow", 0), 0)  # pyright: ignore[reportAttributeAccessIssue]  # QueuePool's overflow has no public reader

    async def one(http: httpx.AsyncClient, index: int) -> tuple[float, int]:
        headers = {"authorization": f"Bearer {token}"} if index % 2 else {}
        started = time.perf_counter()
        response = await http.post("/graphql", json={"query": QUERY}, headers=headers)
        return time.perf_counter() - started, response.status_code

    async with AsyncExitStack() as stack:
        http = await stack.enter_async_context(
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench", timeout=120)
        )
        for _ in range(held):
            await stack.enter_async_context(engine.connect())
        print(f"database: {settings.database_url.split('@')[-1]}")
        print(f"pool: {held} connections, all held; pool timeout {settings.db_pool_timeout_seconds}s")
        started = time.perf_counter()
        results = await asyncio.gather(*(one(http, i) for i in range(requests)))
        total = time.perf_counter() - started
        ready_started = time.perf_counter()
        ready = await http.get("/readyz")
        ready_time = time.perf_counter() - ready_started
    await engine.dispose()

    times = sorted(elapsed for elapsed, _ in results)
    statuses = Counter(status for _, status in results)
    print(f"{requests} concurrent requests (half signed in): statuses {dict(statuses)}")
    print(
        f"time to the answer: min {times[0]:.2f}s, p50 {statistics.median(times):.2f}s, "
        f"max {times[-1]:.2f}s; all answered after {total:.2f}s"
    )
    print(f"/readyz with the pool exhausted: {ready.status_code} in {ready_time:.2f}s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    asyncio.run(main(args.database_url, args.requests))
