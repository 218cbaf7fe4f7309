"""Fast failures (docs/operations.md, "HTTP and failures"): a database that is unreachable,
overloaded (no pooled connection in time) or too slow gives 503 with Retry-After and a
GraphQL-shaped JSON body on every path, the account look-up before GraphQL included; never a
500 in text/plain, never a 30-second wait. Times are bench figures (bench/fast_failures.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import exc, text
from sqlalchemy.ext.asyncio import AsyncEngine

from app import create_app
from auth.tokens import TokenIssuer
from datasources.db import create_engine, is_unavailable
from settings import DEV_JWT_SECRET, Settings
from tests.databases import POSTGRES_URL

# Nothing listens on port 1: connecting is refused at once, as when PostgreSQL is stopped.
CLOSED_PORT_URL = "postgresql+asyncpg://postgres@127.0.0.1:1/stopped"
QUERY = "{ districts { totalCount } }"
SPEC = "application/graphql-response+json"


def bearer(account_id: int = 1) -> dict[str, str]:
    token, _ = TokenIssuer(DEV_JWT_SECRET, 3600).mint(account_id, ["ADMIN"], None)
    return {"authorization": f"Bearer {token}"}


def assert_503(response: httpx.Response, media_type: str = "application/json") -> None:
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"].isdigit()
    assert response.headers["content-type"] == media_type
    codes = {error["extensions"]["code"] for error in response.json()["errors"]}
    assert codes == {"SERVICE_UNAVAILABLE"}


@pytest.fixture
async def stopped_database() -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Settings(env="test", database_url=CLOSED_PORT_URL))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
        yield http


async def test_a_stopped_database_gives_503_to_a_signed_in_request(stopped_database) -> None:
    # The account look-up runs before GraphQL: it used to escape as a 500 in text/plain.
    assert_503(await stopped_database.post("/graphql", json={"query": QUERY}, headers=bearer()))
    spec = await stopped_database.post(
        "/graphql", json={"query": QUERY}, headers={**bearer(), "accept": SPEC}
    )
    assert_503(spec, SPEC)


async def test_a_stopped_database_gives_503_to_an_anonymous_query_and_to_readiness(stopped_database) -> None:
    response = await stopped_database.post("/graphql", json={"query": QUERY})
    assert_503(response)
    assert response.json()["errors"][0]["path"] == ["districts"]
    ready = await stopped_database.get("/readyz")
    assert ready.status_code == 503
    assert ready.headers["retry-after"].isdigit()


def small_pool(engine: AsyncEngine, pool_timeout: float) -> AsyncEngine:
    """An engine on the same database with one connection and a short wait for it."""
    url = engine.url.render_as_string(hide_password=False)
    return create_engine(url, pool_size=1, max_overflow=0, pool_timeout=pool_timeout)


async def test_an_exhausted_pool_gives_503_not_a_long_wait(empty_db) -> None:
    engine = small_pool(empty_db, pool_timeout=0.05)
    app = create_app(Settings(env="test"), engine=engine)
    try:
        async with (
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http,
            engine.connect(),  # holds the only connection, as 60 slow requests would
        ):
            assert_503(await http.post("/graphql", json={"query": QUERY}))
            assert_503(await http.post("/graphql", json={"query": QUERY}, headers=bearer()))
    finally:
        await engine.dispose()


async def test_a_request_past_its_deadline_gives_503(empty_db) -> None:
    # The pool would make it wait a minute; the request's own deadline cuts it short.
    engine = small_pool(empty_db, pool_timeout=60)
    app = create_app(Settings(env="test", request_timeout_seconds=0.1), engine=engine)
    try:
        async with (
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http,
            engine.connect(),
        ):
            assert_503(await http.post("/graphql", json={"query": QUERY}))
    finally:
        await engine.dispose()


async def test_a_statement_that_waits_too_long_is_cut_short_and_counts_as_unavailable(
    empty_db, tmp_path
) -> None:
    """PostgreSQL: statement_timeout cancels it. SQLite: the busy timeout gives up on a lock
    another connection holds."""
    if POSTGRES_URL:
        engine = create_engine(POSTGRES_URL, statement_timeout_seconds=0.05)
        slow = text("SELECT pg_sleep(30)")
        holder = None
    else:
        url = empty_db.url.render_as_string(hide_password=False)
        engine = create_engine(url, sqlite_busy_timeout_seconds=0.05)
        slow = text("CREATE TABLE waits_for_the_lock (id INTEGER)")
        holder = sqlite3.connect(str(empty_db.url.database), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # the write lock, held
    try:
        with pytest.raises(exc.DBAPIError) as raised:
            async with engine.begin() as connection:
                await connection.execute(slow)
        assert is_unavailable(raised.value)
    finally:
        if holder is not None:
            holder.rollback()
            holder.close()
        await engine.dispose()


@pytest.mark.parametrize(
    ("error", "unavailable"),
    [
        (ConnectionRefusedError(111, "Connection refused"), True),
        (exc.TimeoutError("QueuePool limit of size 10 overflow 10 reached"), True),
        (sqlite3.OperationalError("database is locked"), True),
        (sqlite3.OperationalError("no such table: homes"), False),
        (exc.ProgrammingError("SELECT", {}, Exception("syntax error")), False),
        (ValueError("a bug of ours"), False),
        (KeyError("missing"), False),
    ],
)
def test_what_counts_as_the_database_being_unavailable(error: Exception, unavailable: bool) -> None:
    wrapped = RuntimeError("while loading")
    wrapped.__cause__ = error
    assert is_unavailable(error) is unavailable
    assert is_unavailable(wrapped) is unavailable


def test_a_postgresql_error_code_tells_an_outage_from_a_fault() -> None:
    class PgError(Exception):
        def __init__(self, sqlstate: str) -> None:
            super().__init__(sqlstate)
            self.sqlstate = sqlstate

    for sqlstate in ("57014", "57P01", "57P03", "08006", "53300"):
        assert is_unavailable(exc.OperationalError("SELECT", {}, PgError(sqlstate))), sqlstate
    for sqlstate in ("42P01", "23505", "22P02"):
        assert not is_unavailable(exc.OperationalError("SELECT", {}, PgError(sqlstate))), sqlstate
