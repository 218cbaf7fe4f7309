"""Fast failures (docs/operations.md, "HTTP and failures"): a database that is unreachable,
overloaded (no pooled connection in time) or too slow gives 503 with Retry-After and a
GraphQL-shaped JSON body on every path, the account look-up before GraphQL included; never a
500 in text/plain, never a 30-second wait. Times are bench figures (bench/fast_failures.py)."""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import event, exc, text
from sqlalchemy.ext.asyncio import AsyncEngine

from app import create_app
from auth.tokens import TokenIssuer
from datasources.db import create_engine, is_unavailable
from domain.global_ids import encode
from settings import DEV_JWT_SECRET, Settings
from tests.builders import Builder
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


# 503 with partial data: one part of a request meets the database unavailable, the rest is
# answered. The response keeps what was computed and is still a 503 with Retry-After, on every
# path (a query, a mutation, _entities; the subscriptions' first event is in
# tests/workflows/test_websocket_transport.py).


@contextlib.contextmanager
def unavailable_for(engine: AsyncEngine, table: str) -> Iterator[None]:
    """Every statement that reads or writes `table` fails as a statement past its timeout would."""

    def fail(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if re.search(rf"\b{table}\b", statement):
            raise TimeoutError(f"statement on {table} timed out")

    event.listen(engine.sync_engine, "before_cursor_execute", fail)
    try:
        yield
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", fail)


@pytest.fixture
async def partial(demo_db) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Settings(env="test"), engine=demo_db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
        yield http


async def test_a_query_with_one_field_unavailable_keeps_the_others_and_is_a_503(partial, demo_db) -> None:
    query = '{ districts { totalCount } appeal(trackingCode: "NOSUCHCODE01") { topic } }'
    with unavailable_for(demo_db, "appeals"):
        response = await partial.post("/graphql", json={"query": query})
        spec = await partial.post("/graphql", json={"query": query}, headers={"accept": SPEC})
    for answer, media_type in ((response, "application/json"), (spec, SPEC)):
        assert_503(answer, media_type)
        body = answer.json()
        assert body["data"]["districts"]["totalCount"] == 16
        assert body["data"]["appeal"] is None
        assert [error["path"] for error in body["errors"]] == [["appeal"]]


async def test_entities_with_one_representation_unavailable_keep_the_others_and_are_a_503(
    partial, demo_db
) -> None:
    query = """query($r: [_Any!]!) { _entities(representations: $r) {
      ... on District { name } ... on Home { name } } }"""
    representations = [
        {"__typename": "District", "id": encode("District", 1)},
        {"__typename": "Home", "id": encode("Home", 1)},
    ]
    with unavailable_for(demo_db, "homes"):
        response = await partial.post("/graphql", json={"query": query, "variables": {"r": representations}})
    assert_503(response)
    entities = response.json()["data"]["_entities"]
    assert entities[0]["name"] and entities[1] is None
    assert [error["path"] for error in response.json()["errors"]] == [["_entities", 1]]


async def test_a_mutation_that_meets_the_database_unavailable_is_a_503_and_writes_nothing(empty_db) -> None:
    build = Builder(empty_db)
    district = await build.district()
    await build.home()  # the district's home receives the appeal
    submit = """mutation($input: SubmitAppealInput!) {
      submitAppeal(input: $input) { appeal { trackingCode } userErrors { code } } }"""
    appeal = {"topic": "就业求助", "content": "想参加技能培训。", "districtId": encode("District", district)}
    app = create_app(Settings(env="test"), engine=empty_db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
        with unavailable_for(empty_db, "audit_log"):  # the appeal is written, then its audit fails
            response = await http.post("/graphql", json={"query": submit, "variables": {"input": appeal}})
    assert_503(response)
    assert response.json()["errors"][0]["path"] == ["submitAppeal"]
    async with empty_db.connect() as connection:
        written = (await connection.execute(text("SELECT count(*) FROM appeals"))).scalar_one()
    assert written == 0  # rolled back with its audit
