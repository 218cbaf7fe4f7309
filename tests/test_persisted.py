"""Trusted documents (persisted.py, docs/operations.md): Automatic Persisted Queries over GET
and POST, and the safelist; a refused document runs nothing (no SQL statement)."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
import websockets
from graphql import GraphQLError
from strawberry.http import GraphQLRequestData

from app import create_app
from persisted import RedisStore, TrustedDocuments, load_manifest
from settings import Settings
from tests.conftest import ENGLISH, REDIS_URL, GraphQLClient
from tests.databases import StatementCounter

SECRET = "r" * 40
HOMES = "query Homes { homes(first: 1) { totalCount } }"
PREFLIGHT = {"apollo-require-preflight": "true"}


def sha(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


def persisted(document: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha(document)}}


async def make_client(demo_db, **settings: Any) -> AsyncIterator[GraphQLClient]:
    app = create_app(Settings(env="test", router_secret=SECRET, **settings), engine=demo_db)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t", headers=ENGLISH
    ) as http:
        yield GraphQLClient(http=http, counter=StatementCounter(demo_db))


@pytest.fixture
async def apq(demo_db) -> AsyncIterator[GraphQLClient]:
    async for client in make_client(demo_db, apq_max_document_bytes=200):
        yield client


async def post(client: GraphQLClient, body: dict[str, Any], **headers: str) -> tuple[dict, list[str]]:
    async with client.counter.count() as statements:
        response = await client.http.post("/graphql", json=body, headers=headers)
    return response.json(), list(statements)


async def get(client: GraphQLClient, params: dict[str, str]) -> tuple[dict, list[str]]:
    async with client.counter.count() as statements:
        response = await client.http.get("/graphql", params=params, headers=PREFLIGHT)
    return response.json(), list(statements)


def only_error(body: dict) -> dict:
    assert "data" not in body, body
    [error] = body["errors"]
    return error


async def test_an_unknown_hash_is_not_found_and_runs_nothing(apq) -> None:
    body, statements = await post(apq, {"extensions": persisted(HOMES)})
    error = only_error(body)
    assert error["message"] == "PersistedQueryNotFound"
    assert error["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert statements == []


async def test_registered_then_found_by_hash_over_post_and_get(apq) -> None:
    registered, _ = await post(apq, {"query": HOMES, "extensions": persisted(HOMES)})
    assert registered["data"]["homes"]["totalCount"] > 0
    by_post, _ = await post(apq, {"extensions": persisted(HOMES)})
    assert by_post == registered
    by_get, _ = await get(apq, {"extensions": json.dumps(persisted(HOMES))})
    assert by_get == registered


async def test_registration_over_get(apq) -> None:
    document = "query HomesGet { homes(first: 1) { totalCount } }"
    registered, _ = await get(apq, {"query": document, "extensions": json.dumps(persisted(document))})
    assert registered["data"]["homes"]["totalCount"] > 0
    found, _ = await get(apq, {"extensions": json.dumps(persisted(document))})
    assert found == registered


async def test_a_wrong_hash_is_refused_and_not_stored(apq) -> None:
    wrong = {"persistedQuery": {"version": 1, "sha256Hash": sha("{ __typename }")}}
    body, statements = await post(apq, {"query": HOMES, "extensions": wrong})
    error = only_error(body)
    assert error["message"] == "provided sha does not match query"
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert statements == []
    lookup, _ = await post(apq, {"extensions": wrong})
    assert only_error(lookup)["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


async def test_a_document_over_the_size_cap_runs_but_is_not_stored(apq) -> None:
    large = "query Large { homes(first: 1) { totalCount } }" + " " * 200
    ran, _ = await post(apq, {"query": large, "extensions": persisted(large)})
    assert ran["data"]["homes"]["totalCount"] > 0
    lookup, _ = await post(apq, {"extensions": persisted(large)})
    assert only_error(lookup)["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


async def test_the_store_is_capped_in_entries(demo_db) -> None:
    async for client in make_client(demo_db, apq_max_entries=1):
        first, second = "{ homes(first: 1) { totalCount } }", "{ homes(first: 2) { totalCount } }"
        for document in (first, second):
            await post(client, {"query": document, "extensions": persisted(document)})
        evicted, _ = await post(client, {"extensions": persisted(first)})
        kept, _ = await post(client, {"extensions": persisted(second)})
    assert only_error(evicted)["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert kept["data"]["homes"]["totalCount"] > 0


# --- the safelist --------------------------------------------------------------------------


MANIFESTS = {
    "apollo": {
        "format": "apollo-persisted-query-manifest",
        "version": 1,
        "operations": [{"id": sha(HOMES), "body": HOMES, "name": "Homes", "type": "query"}],
    },
    # GraphQL Codegen's client preset (persisted-documents.json): {hash: body}.
    "codegen": {sha(HOMES): HOMES},
}


def manifest_file(tmp_path: Path, kind: str) -> str:
    path = tmp_path / f"{kind}.json"
    path.write_text(json.dumps(MANIFESTS[kind]))
    return str(path)


@pytest.fixture(params=sorted(MANIFESTS))
async def safelisted(demo_db, tmp_path: Path, request) -> AsyncIterator[GraphQLClient]:
    async for client in make_client(demo_db, safelist=manifest_file(tmp_path, request.param)):
        yield client


async def test_the_safelist_refuses_an_unlisted_document(safelisted) -> None:
    unlisted = "{ homes(first: 2) { totalCount } }"
    for body in ({"query": unlisted}, {"query": unlisted, "extensions": persisted(unlisted)}):
        refused, statements = await post(safelisted, body)
        error = only_error(refused)
        assert error["extensions"]["code"] == "PERSISTED_QUERY_NOT_IN_LIST"
        assert error["message"] == "This document is not in the list of trusted documents."
        assert statements == []
    lookup, _ = await post(safelisted, {"extensions": persisted(unlisted)})
    assert only_error(lookup)["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


async def test_the_safelist_runs_a_listed_document_by_body_or_id(safelisted) -> None:
    by_body, _ = await post(safelisted, {"query": HOMES})
    by_id, _ = await post(safelisted, {"extensions": persisted(HOMES)})
    by_get, _ = await get(safelisted, {"extensions": json.dumps(persisted(HOMES))})
    assert by_body["data"]["homes"]["totalCount"] > 0
    assert by_id == by_body == by_get


async def test_the_safelist_matches_exact_text_only(safelisted) -> None:
    # No normalisation: a document that differs in any character is another document.
    for variant in (HOMES + " ", HOMES.replace("Homes", "homes", 1), HOMES.replace(" {", "{"), HOMES + "#"):
        refused, statements = await post(safelisted, {"query": variant})
        assert only_error(refused)["extensions"]["code"] == "PERSISTED_QUERY_NOT_IN_LIST"
        assert statements == []


def test_a_manifest_of_neither_format_is_refused_at_start_up(tmp_path: Path) -> None:
    for content in (
        {"format": "apollo-persisted-query-manifest", "version": 2, "operations": []},
        {"h": 1},
        [],
    ):
        path = tmp_path / "bad.json"
        path.write_text(json.dumps(content))
        with pytest.raises(ValueError, match=r"bad\.json"):
            load_manifest(path)


async def test_the_safelist_holds_over_the_websocket(demo_db, tmp_path: Path) -> None:
    # graphql-transport-ws runs queries too: the safelist must hold there, not only over HTTP.
    app = create_app(Settings(env="test", safelist=manifest_file(tmp_path, "codegen")), engine=demo_db)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    answers = {}
    try:
        async with websockets.connect(
            f"ws://127.0.0.1:{port}/graphql", subprotocols=["graphql-transport-ws"]
        ) as socket:
            await socket.send(json.dumps({"type": "connection_init"}))
            assert json.loads(await socket.recv())["type"] == "connection_ack"
            for id, query in (
                ("listed", HOMES),
                ("unlisted", "{ homes(first: 2) { totalCount } }"),
                ("unlisted subscription", "subscription { demandPublished { title } }"),
            ):
                await socket.send(json.dumps({"id": id, "type": "subscribe", "payload": {"query": query}}))
                answers[id] = json.loads(await asyncio.wait_for(socket.recv(), 5))
                assert json.loads(await asyncio.wait_for(socket.recv(), 5)) == {"id": id, "type": "complete"}
    finally:
        server.should_exit = True
        await task
    assert answers["listed"]["payload"]["data"]["homes"]["totalCount"] > 0
    for id in ("unlisted", "unlisted subscription"):
        assert answers[id]["type"] == "next"
        [error] = answers[id]["payload"]["errors"]
        assert error["extensions"]["code"] == "PERSISTED_QUERY_NOT_IN_LIST"
        assert error["message"] == "This document is not in the list of trusted documents."


async def test_the_router_is_exempt_from_the_safelist(safelisted) -> None:
    body, _ = await post(safelisted, {"query": "{ _service { sdl } }"}, **{"x-router-secret": SECRET})
    assert "type Query" in body["data"]["_service"]["sdl"]
    refused, _ = await post(safelisted, {"query": "{ _service { sdl } }"}, **{"x-router-secret": "wrong"})
    assert only_error(refused)["extensions"]["code"] == "PERSISTED_QUERY_NOT_IN_LIST"


def redis_store(**kwargs: Any) -> RedisStore:
    """A store of its own (its own keys) in the test Redis."""
    kwargs = {"max_entries": 100, "ttl_seconds": 60, **kwargs}
    return RedisStore(REDIS_URL, namespace=f"test-apq-{uuid.uuid4().hex}:", **kwargs)


async def test_instances_share_registrations_through_redis(redis_client) -> None:
    document = f"{{ __typename }} # {uuid.uuid4().hex}"
    store = redis_store()
    other = RedisStore(
        REDIS_URL, max_entries=100, ttl_seconds=60, namespace=store.keys[0].removesuffix("documents")
    )
    first, second = (TrustedDocuments(s, max_document_bytes=1_000, safelist=None) for s in (store, other))
    lookup = GraphQLRequestData(
        query=None, variables=None, operation_name=None, extensions=persisted(document)
    )
    missing = await second.resolve(lookup, from_router=False)
    assert isinstance(missing, GraphQLError) and missing.message == "PersistedQueryNotFound"
    await first.resolve(dataclasses.replace(lookup, query=document), from_router=False)
    found = await second.resolve(lookup, from_router=False)
    assert isinstance(found, GraphQLRequestData) and found.query == document
    for key in store.keys:
        assert 0 < await redis_client.ttl(key) <= 60
    for instance in (store, other):
        await instance.redis.aclose()


async def test_the_redis_store_is_capped_in_entries_least_recently_used_first(redis_client) -> None:
    store = redis_store(max_entries=3)
    for key in "abc":
        await store.put(key, f"document {key}")
    assert await store.get("a") == "document a"  # used: b is now the least recently used
    await store.put("d", "document d")
    assert [await store.get(key) for key in "abcd"] == ["document a", None, "document c", "document d"]
    assert await redis_client.hlen(store.keys[0]) == await redis_client.zcard(store.keys[1]) == 3
    await store.redis.aclose()


async def test_a_flood_of_registrations_from_two_instances_cannot_pass_the_cap(redis_client) -> None:
    store = redis_store(max_entries=50)
    twin = RedisStore(
        REDIS_URL, max_entries=50, ttl_seconds=60, namespace=store.keys[0].removesuffix("documents")
    )
    await asyncio.gather(
        *((store if i % 2 else twin).put(f"{i:064x}", "{ __typename }" * 10) for i in range(120))
    )
    assert await redis_client.hlen(store.keys[0]) == 50
    assert await redis_client.zcard(store.keys[1]) == 50
    for instance in (store, twin):
        await instance.redis.aclose()


async def test_redis_documents_expire_a_ttl_after_their_last_use(redis_client) -> None:
    now = [1_000.0]
    store = redis_store(ttl_seconds=10, clock=lambda: now[0])
    await store.put("a", "document a")
    await store.put("b", "document b")
    now[0] += 8
    assert await store.get("a") == "document a"  # used again: ten more seconds
    now[0] += 8
    assert await store.get("a") == "document a"
    assert await store.get("b") is None
    await store.put("c", "document c")  # a write drops what expired
    assert await redis_client.hkeys(store.keys[0]) == [b"a", b"c"]
    await store.redis.aclose()
