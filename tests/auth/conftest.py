from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from app import create_app
from settings import Settings
from tests.auth.world import World, build_world
from tests.conftest import ENGLISH
from tests.databases import migrated_database


@pytest.fixture(scope="session")
async def world_db(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[tuple[AsyncEngine, World]]:
    """The small world of tests/auth/world.py, shared read-only by the auth tests."""
    async with migrated_database(tmp_path_factory.mktemp("world")) as engine:
        yield engine, await build_world(engine)


@pytest.fixture(scope="session")
def world(world_db: tuple[AsyncEngine, World]) -> World:
    return world_db[1]


class WorldClient:
    """Posts GraphQL requests as one of the world's viewers (by name; unknown: anonymous)."""

    def __init__(self, http: httpx.AsyncClient, world: World) -> None:
        self.http = http
        self.world = world

    async def post(self, viewer: str, query: str, variables: dict[str, Any] | None = None) -> dict:
        response = await self.http.post(
            "/graphql",
            json={"query": query, "variables": variables or {}},
            headers=self.world.headers(viewer),
        )
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture(scope="session")
async def world_client(world_db: tuple[AsyncEngine, World]) -> AsyncIterator[WorldClient]:
    engine, world = world_db
    app = create_app(Settings(env="test", login_failure_delay_ms=0), engine=engine)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test", headers=ENGLISH
    ) as http:
        yield WorldClient(http, world)
