from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from app import create_app
from settings import Settings
from tests.builders import Builder
from tests.databases import StatementCounter
from tests.matching.world import new_world


class MatchingClient:
    """The real app over an empty database that a test fills through `world`."""

    def __init__(self, http: httpx.AsyncClient, world: Builder, counter: StatementCounter) -> None:
        self.http = http
        self.world = world
        self.counter = counter

    async def post(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        token: str | None = None,
        lang: str = "zh-CN",
    ) -> dict:
        headers = {"accept-language": lang}
        if token:
            headers["authorization"] = f"Bearer {token}"
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code == 200, response.text
        return response.json()

    async def data(self, query: str, variables: dict[str, Any] | None = None, **options: Any) -> dict:
        body = await self.post(query, variables, **options)
        assert "errors" not in body, body["errors"]
        return body["data"]

    async def error(self, query: str, variables: dict[str, Any] | None = None, **options: Any) -> dict:
        """The first error of a request that must fail."""
        body = await self.post(query, variables, **options)
        assert body.get("errors"), body
        return body["errors"][0]


@pytest.fixture
async def gql(empty_db) -> AsyncIterator[MatchingClient]:
    world = new_world(empty_db)
    app = create_app(Settings(env="test"), engine=empty_db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        yield MatchingClient(http, world, StatementCounter(empty_db))
