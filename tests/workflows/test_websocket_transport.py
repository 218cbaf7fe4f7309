"""Subscriptions over a real WebSocket (graphql-transport-ws) on a real uvicorn server.

The other subscription tests call the schema directly; these prove the transport: signing in
with `connectionParams`, a bad token closing the socket with 4403 and the reason, and a mutation made over
HTTP reaching a subscriber on the socket, shown as that subscriber may see it.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import uvicorn
import websockets
from graphql import parse
from sqlalchemy.ext.asyncio import AsyncEngine

import resolvers.subscriptions
from app import create_app
from auth.tokens import TokenIssuer
from schema import build_schema
from schema.cost import document_cost
from settings import DEV_JWT_SECRET, Settings
from tests.auth.world import World, build_world
from tests.databases import migrated_database
from tests.test_fast_failures import unavailable_for
from tests.workflows.test_appeals import REPLY

PROTOCOL = "graphql-transport-ws"
REPLIED = """subscription {
  appealReplied(trackingCode: "TESTAPPEAL01") { status replies { body } contactName }
}"""


@dataclass
class Server:
    url: str  # http://127.0.0.1:<port>
    world: World
    engine: AsyncEngine

    @property
    def socket_url(self) -> str:
        return self.url.replace("http://", "ws://") + "/graphql"


@pytest.fixture
async def server(tmp_path) -> AsyncIterator[Server]:
    async with migrated_database(tmp_path) as engine:
        world = await build_world(engine)
        app = create_app(Settings(env="test"), engine=engine)
        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
        running = uvicorn.Server(config)
        task = asyncio.create_task(running.serve())
        while not running.started:
            await asyncio.sleep(0.01)
        port = running.servers[0].sockets[0].getsockname()[1]
        try:
            yield Server(f"http://127.0.0.1:{port}", world, engine)
        finally:
            running.should_exit = True
            await task


async def _open(server: Server, viewer: str) -> Any:
    socket = await websockets.connect(server.socket_url, subprotocols=[PROTOCOL])
    token = server.world.headers(viewer).get("authorization")
    await socket.send(json.dumps({"type": "connection_init", "payload": {"Authorization": token}}))
    return socket


async def _receive(socket: Any) -> dict[str, Any]:
    return json.loads(await asyncio.wait_for(socket.recv(), 5))


async def _subscribe(socket: Any, query: str) -> None:
    assert (await _receive(socket))["type"] == "connection_ack"
    await socket.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}}))
    await asyncio.sleep(0.2)  # the subscription starts listening before the change is made


async def test_a_reply_made_over_http_reaches_the_signed_in_manager_on_her_socket(server: Server) -> None:
    manager = await _open(server, "m1")
    resident = await _open(server, "anonymous")
    try:
        await _subscribe(manager, REPLIED)
        await _subscribe(resident, REPLIED)
        async with httpx.AsyncClient(base_url=server.url) as http:
            variables = {"input": {"appealId": server.world.gid("AP1"), "body": "已收到"}}
            response = await http.post(
                "/graphql",
                json={"query": REPLY, "variables": variables},
                headers=server.world.headers("m1"),
            )
        assert response.json()["data"]["replyToAppeal"]["userErrors"] == []
        seen_by_manager = await _receive(manager)
        seen_by_resident = await _receive(resident)
    finally:
        await manager.close()
        await resident.close()
    replied = {"status": "REPLIED", "replies": [{"body": "已收到"}]}
    assert seen_by_manager == {
        "id": "1",
        "type": "next",
        "payload": {
            "data": {"appealReplied": {**replied, "contactName": "王女士"}},
            # Subscriptions are costed too: by what one event selects.
            "extensions": {"cost": {"requested": 11, "limit": 25_000}},
        },
    }
    # The resident follows by her code; her own contact details are not shown to an
    # anonymous socket (anyone holding the code could be reading).
    assert seen_by_resident["payload"]["data"] == {"appealReplied": {**replied, "contactName": None}}


async def _refused(server: Server, token: str) -> tuple[int | None, str | None]:
    socket = await websockets.connect(server.socket_url, subprotocols=[PROTOCOL])
    await socket.send(
        json.dumps({"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}})
    )
    with pytest.raises(websockets.ConnectionClosed):
        await _receive(socket)
    return socket.close_code, socket.close_reason


async def test_a_bad_token_closes_the_socket_with_4403_saying_why(server: Server) -> None:
    # The reason tells a client whether to sign in again (expired) or give up (invalid);
    # strawberry alone says "Forbidden" for both.
    expired, _ = TokenIssuer(DEV_JWT_SECRET, 3600).mint(
        server.world.ids["m1"], ["HOME_MANAGER"], None,
        now=datetime.now(UTC) - timedelta(hours=2),
    )  # fmt: skip
    assert await _refused(server, "not-a-token") == (4403, "Forbidden: the token is malformed")
    assert await _refused(server, expired) == (4403, "Forbidden: the token has expired")


async def test_the_legacy_graphql_ws_protocol_is_refused_at_the_handshake(server: Server) -> None:
    # subscriptions-transport-ws ("graphql-ws") is unmaintained and would skip what the
    # graphql-transport-ws handler holds; a client asking only for it is closed with 4406.
    socket = await websockets.connect(server.socket_url, subprotocols=["graphql-ws"])
    with pytest.raises(websockets.ConnectionClosed) as closed:
        await socket.send(json.dumps({"type": "connection_init", "payload": {}}))
        await asyncio.wait_for(socket.recv(), 5)
    assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (4406, "Subprotocol not acceptable")


# Per event: each demand's 50 suggestions, each with 100 engagements and their demand.
COSTLY = """subscription {
  demandPublished {
    suggestedResources(first: 50) { resource { engagements(first: 100) { nodes { demand { title } } } } }
  }
}"""


async def test_a_subscription_over_the_cost_limit_is_refused_before_its_source_starts(
    server: Server, monkeypatch
) -> None:
    started: list[str] = []
    real = resolvers.subscriptions.demands_published

    async def recording(info: Any, filter: Any) -> Any:
        started.append(info.field_name)
        return await real(info, filter)

    monkeypatch.setattr(resolvers.subscriptions, "demands_published", recording)
    requested = document_cost(build_schema()._schema, parse(COSTLY))
    limit = Settings(env="test").max_cost_anonymous
    assert requested > limit

    socket = await _open(server, "anonymous")
    try:
        await _subscribe(socket, COSTLY)
        refused = await _receive(socket)
        ended = await _receive(socket)
        # Under the limit the same subscription starts (the source is what the refusal skipped).
        await socket.send(
            json.dumps(
                {
                    "id": "2",
                    "type": "subscribe",
                    "payload": {"query": "subscription { demandPublished { title } }"},
                }
            )
        )
        await asyncio.sleep(0.2)
    finally:
        await socket.close()
    assert refused["type"] == "next" and refused["id"] == "1"
    [error] = refused["payload"]["errors"]
    assert error["extensions"] == {
        "code": "QUERY_TOO_COMPLEX",
        "cost": {"requested": requested, "limit": limit},
    }
    assert f"{requested}" in error["message"] and f"{limit}" in error["message"]
    assert refused["payload"].get("data") is None
    assert ended == {"id": "1", "type": "complete"}
    assert started == ["demandPublished"]  # only the second, cheap one


async def test_a_shape_refusal_is_an_error_message_on_the_socket(server: Server) -> None:
    # Refused while parsing (limits.py), before validation: the operation's `error` message,
    # as over HTTP, not a dropped operation.
    socket = await _open(server, "anonymous")
    aliased = "subscription { " + " ".join(f"a{i}: demandPublished {{ title }}" for i in range(20)) + " }"
    try:
        await _subscribe(socket, aliased)
        refused = await _receive(socket)
    finally:
        await socket.close()
    assert refused["type"] == "error" and refused["id"] == "1"
    [error] = refused["payload"]
    assert error["extensions"] == {"code": "TOO_MANY_ALIASES"}


async def test_a_subscription_that_meets_the_database_unavailable_is_told_so_at_once(server: Server) -> None:
    """Its first event is the error, with SERVICE_UNAVAILABLE (retry later), not an internal
    error; the socket stays open for the client to subscribe again."""
    socket = await _open(server, "anonymous")
    try:
        with unavailable_for(server.engine, "appeals"):  # the subscription looks its appeal up
            await _subscribe(socket, REPLIED)
            first = await _receive(socket)
        await socket.send(json.dumps({"id": "2", "type": "subscribe", "payload": {"query": REPLIED}}))
        await asyncio.sleep(0.2)
        assert socket.close_code is None
    finally:
        await socket.close()
    assert first["type"] == "error" and first["id"] == "1", first
    assert [error["extensions"]["code"] for error in first["payload"]] == ["SERVICE_UNAVAILABLE"]


async def test_a_socket_whose_sign_in_meets_the_database_unavailable_is_told_to_retry(server: Server) -> None:
    with unavailable_for(server.engine, "accounts"):  # the token's account is looked up
        socket = await _open(server, "m1")
        with pytest.raises(websockets.ConnectionClosed):
            await _receive(socket)
    assert (socket.close_code, socket.close_reason) == (1013, "Try again later: the service is unavailable")
