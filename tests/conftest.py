from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import redis.asyncio as redis
from sqlalchemy.ext.asyncio import AsyncEngine

import auth.identity
from app import create_app
from auth.throttle import RedisCounter
from datasources.seed import seed_database
from settings import Settings
from tests.databases import StatementCounter, migrated_database

REDIS_URL = os.environ.get("YWX_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
# The test clients read GraphQL-level errors in English (their messages name fields and types
# exactly); the default, Chinese, is tested in tests/test_http_spec.py.
ENGLISH = {"accept-language": "en"}


@pytest.fixture
async def redis_client() -> AsyncIterator[redis.Redis]:
    """A connection to the Redis that .ci/run starts (a developer may need to start one)."""
    connection = redis.from_url(REDIS_URL)
    try:
        await connection.ping()
    except redis.ConnectionError as error:
        pytest.fail(f"Redis is not reachable at {REDIS_URL}: {error}")
    yield connection
    await connection.aclose()


@pytest.fixture(params=["memory", "redis"])
def counters(request, monkeypatch, redis_client) -> str:
    """The sign-in throttle's attempt counters in the apps a test makes after it (request it
    before the app's fixture): in-process, or in Redis under this test's own key prefix."""
    if request.param == "redis":
        space = f"test-{uuid.uuid4().hex}:"
        monkeypatch.setattr(
            auth.identity,
            "attempt_counter",
            lambda _url, window: RedisCounter(redis_client, window, namespace=space),
        )
    return request.param


@pytest.fixture
async def empty_db(tmp_path) -> AsyncIterator[AsyncEngine]:
    """A fresh, migrated, empty database (SQLite, or PostgreSQL when configured)."""
    async with migrated_database(tmp_path) as engine:
        yield engine


@pytest.fixture(scope="session")
async def demo_db(tmp_path_factory) -> AsyncIterator[AsyncEngine]:
    """One database with the demo seed, shared by the read-only tests of the session."""
    async with migrated_database(tmp_path_factory.mktemp("demo")) as engine:
        await seed_database(engine, scale="demo", seed=1)
        yield engine


@dataclass
class GraphQLClient:
    """Drives the real ASGI app over HTTP, as a front end would."""

    http: httpx.AsyncClient
    counter: StatementCounter

    async def post(self, query: str, variables: dict[str, Any] | None = None, **headers: str) -> dict:
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code in (200, 400), response.text
        return response.json()

    async def data(self, query: str, variables: dict[str, Any] | None = None) -> dict:
        """The `data` of a request that must succeed without any error."""
        body = await self.post(query, variables)
        assert "errors" not in body, body["errors"]
        return body["data"]

    async def statements(self, query: str, variables: dict[str, Any] | None = None) -> list[str]:
        """The SQL statements one successful request executes."""
        async with self.counter.count() as statements:
            await self.data(query, variables)
        return list(statements)


@pytest.fixture(scope="session")
async def client(demo_db) -> AsyncIterator[GraphQLClient]:
    app = create_app(Settings(env="test"), engine=demo_db)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test", headers=ENGLISH) as http:
        yield GraphQLClient(http=http, counter=StatementCounter(demo_db))


@pytest.fixture(scope="session")
async def uncapped_client(demo_db) -> AsyncIterator[GraphQLClient]:
    """As `client`, but no document is too costly (docs/operations.md#query-cost): for tests of
    what the largest pages do, which the anonymous cost limit refuses."""
    unlimited = Settings(env="test", max_cost_anonymous=10**12, max_cost_signed_in=10**12)
    app = create_app(unlimited, engine=demo_db)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test", headers=ENGLISH) as http:
        yield GraphQLClient(http=http, counter=StatementCounter(demo_db))
