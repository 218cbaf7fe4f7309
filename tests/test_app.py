"""The HTTP surface: health, readiness, GraphiQL only in development."""

from __future__ import annotations

import httpx

from app import create_app
from settings import Settings
from tests.conftest import ENGLISH


async def test_health_and_readiness(client) -> None:
    assert (await client.http.get("/healthz")).json() == {"status": "ok"}
    ready = await client.http.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["database"] == "reachable"


async def test_readiness_fails_when_the_database_is_unreachable(tmp_path) -> None:
    settings = Settings(env="test", database_url=f"sqlite+aiosqlite:///{tmp_path}/missing/dir/x.db")
    transport = httpx.ASGITransport(app=create_app(settings))
    async with httpx.AsyncClient(transport=transport, base_url="http://t", headers=ENGLISH) as http:
        response = await http.get("/readyz")
    assert response.status_code == 503


async def test_production_serves_no_graphiql(demo_db) -> None:
    settings = Settings(env="production", jwt_secret="p" * 32)
    transport = httpx.ASGITransport(app=create_app(settings, engine=demo_db))
    async with httpx.AsyncClient(transport=transport, base_url="http://t", headers=ENGLISH) as http:
        response = await http.get("/graphql", headers={"accept": "text/html"})
    assert "graphiql" not in response.text.lower()


async def test_oversized_bodies_are_refused_before_parsing(demo_db) -> None:
    app = create_app(Settings(env="test", max_body_bytes=2_000), engine=demo_db)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t", headers=ENGLISH) as http:
        response = await http.post(
            "/graphql", json={"query": "{ districts { totalCount } }", "pad": "x" * 3_000}
        )
        small = await http.post("/graphql", json={"query": "{ districts { totalCount } }"})
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert small.json()["data"] == {"districts": {"totalCount": 16}}


async def test_request_ids_are_echoed_or_made(client) -> None:
    echoed = await client.http.get("/healthz", headers={"x-request-id": "abc-123"})
    made = await client.http.get("/healthz")
    assert echoed.headers["x-request-id"] == "abc-123"
    assert len(made.headers["x-request-id"]) == 32


async def test_queries_deeper_than_the_limit_are_refused(client) -> None:
    deep = "{ homes { nodes { district { homes { nodes { name } } } } } }"
    for _ in range(3):
        deep = deep.replace("{ name }", "{ district { homes { nodes { name } } } }")
    body = await client.post(deep)
    assert body.get("data") is None
    assert "exceeds maximum operation depth" in body["errors"][0]["message"]
