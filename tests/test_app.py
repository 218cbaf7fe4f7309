"""The HTTP surface: health, readiness, GraphiQL only in development."""

from __future__ import annotations

import httpx

from app import create_app
from settings import Settings


async def test_health_and_readiness(client) -> None:
    assert (await client.http.get("/healthz")).json() == {"status": "ok"}
    ready = await client.http.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["database"] == "reachable"


async def test_readiness_fails_when_the_database_is_unreachable(tmp_path) -> None:
    settings = Settings(env="test", database_url=f"sqlite+aiosqlite:///{tmp_path}/missing/dir/x.db")
    transport = httpx.ASGITransport(app=create_app(settings))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        response = await http.get("/readyz")
    assert response.status_code == 503


async def test_production_serves_no_graphiql(demo_db) -> None:
    transport = httpx.ASGITransport(app=create_app(Settings(env="production"), engine=demo_db))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        response = await http.get("/graphql", headers={"accept": "text/html"})
    assert "graphiql" not in response.text.lower()
