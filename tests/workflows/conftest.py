"""A fresh small world per test (tests/auth/world.py), for mutations that change it.

async def test_x(graph: WorkflowClient) -> None:
    payload = await graph.mutate("m1", "publishDemand", PUBLISH, {"input": {...}})
    assert payload["userErrors"] == []
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from app import create_app
from settings import Settings
from tests.auth.conftest import WorldClient
from tests.auth.world import World, build_world
from tests.builders import Builder
from tests.databases import StatementCounter, migrated_database
from tests.outbox import Outbox


class WorkflowClient(WorldClient):
    """Posts as one of the world's viewers; reads the database directly to check effects."""

    def __init__(self, http: httpx.AsyncClient, world: World, engine: AsyncEngine, broker: Any) -> None:
        super().__init__(http, world)
        self.engine = engine
        self.broker = broker  # the app's: what its mutations announce, subscriptions hear
        self.counter = StatementCounter(engine)
        self.build = Builder(engine)  # rows a test adds to the world (tests/builders.py)
        self.outbox = Outbox()  # what the app's notifier was asked to send (codes, invitations)

    async def mutate(
        self,
        viewer: str,
        field: str,
        document: str,
        variables: dict[str, Any] | None = None,
        **headers: str,
    ) -> dict[str, Any]:
        """The payload of mutation `field`; fails the test on any GraphQL error."""
        response = await self.http.post(
            "/graphql",
            json={"query": document, "variables": variables or {}},
            headers={**self.world.headers(viewer), **headers},
        )
        assert response.status_code == 200, response.text
        body = response.json()
        assert "errors" not in body, body["errors"]
        return body["data"][field]

    async def row(self, table: Any, pk: int) -> dict[str, Any]:
        """One row as the database holds it now."""
        async with self.engine.connect() as connection:
            found = (await connection.execute(select(table).where(table.c.id == pk))).one()
        return dict(found._mapping)

    async def rows(self, table: Any, *conditions: Any) -> list[dict[str, Any]]:
        async with self.engine.connect() as connection:
            found = await connection.execute(select(table).where(*conditions).order_by(table.c.id))
        return [dict(row._mapping) for row in found]


@pytest.fixture
async def graph(tmp_path) -> AsyncIterator[WorkflowClient]:
    """A new database holding the small world, and a client of the app over it."""
    async with migrated_database(tmp_path) as engine:
        world = await build_world(engine)
        outbox = Outbox()
        app = create_app(Settings(env="test", login_failure_delay_ms=0), engine=engine, notifier=outbox)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            graphql = next(route.endpoint for route in app.routes if route.path == "/graphql")
            client = WorkflowClient(http, world, engine, graphql.broker)
            client.outbox = outbox
            yield client
