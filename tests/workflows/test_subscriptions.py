"""Subscriptions: announced changes reach the subscribers who may see them, and nobody else."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

from auth import visibility
from auth.identity import Identity
from auth.viewer import ANONYMOUS
from datasources.loaders import Loaders
from datasources.pubsub import MemoryBroker, announce
from datasources.tables import Appeal, Demand
from domain.global_ids import encode
from resolvers.context import Context
from schema import build_schema
from settings import Settings
from tests.workflows.conftest import WorkflowClient
from tests.workflows.test_appeals import CONVERT, REPLY

SCHEMA = build_schema()
DEMANDS = "subscription($f: PublishedFilter) { demandPublished(filter: $f) { title status } }"
ENGAGEMENT = "subscription($id: ID!) { engagementChanged(id: $id) { status } }"


async def _subscribe(
    graph: WorkflowClient, broker: MemoryBroker, viewer: str, query: str, variables: dict
) -> Any:
    identity = Identity.from_settings(Settings(env="test"))
    headers = graph.world.headers(viewer)
    who = await identity.authenticate(headers.get("authorization"), graph.engine)
    context = Context(
        engine=graph.engine,
        viewer=who,
        loaders=Loaders(graph.engine, visibility.visible_for(who)),
        broker=broker,
    )
    return await SCHEMA.subscribe(query, variable_values=variables, context_value=context)


async def _next(stream: Any, broker: MemoryBroker, channel: str, announcing: Any, within: float = 5) -> Any:
    """The stream's next event after `announcing` runs, once the stream listens; TimeoutError
    if none comes `within` seconds after `announcing` has finished."""
    waiting = asyncio.ensure_future(stream.__anext__())
    for _ in range(200):
        if broker.subscriber_count(channel):
            break
        await asyncio.sleep(0.01)
    await announcing()
    return await asyncio.wait_for(waiting, within)


async def _open_draft(graph: WorkflowClient) -> int:
    pk = graph.world.ids["D_draft"]
    await graph.build.change(Demand, pk, status="OPEN")
    return pk


async def test_a_published_demand_reaches_a_subscriber_as_she_may_see_it(graph: WorkflowClient) -> None:
    broker = MemoryBroker()
    stream = await _subscribe(
        graph, broker, "anonymous", DEMANDS, {"f": {"categories": ["PROFESSIONAL_SERVICE"]}}
    )
    pk = await _open_draft(graph)

    async def publish() -> None:
        await announce(broker, "Demand", graph.world.ids["D_H1"], "updateDemand")  # not a publication
        await announce(broker, "Demand", pk, "publishDemand")

    event = await _next(stream, broker, "Demand", publish)
    assert event.errors is None
    assert event.data == {"demandPublished": {"title": "Demand D_draft", "status": "OPEN"}}
    # A client that goes away cancels the operation (as the WebSocket handler does): the
    # subscriber's queue is gone with it.
    waiting = asyncio.ensure_future(stream.__anext__())
    await asyncio.sleep(0.05)
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    assert broker.subscriber_count("Demand") == 0


async def test_the_filter_keeps_other_categories_out(graph: WorkflowClient) -> None:
    broker = MemoryBroker()
    stream = await _subscribe(graph, broker, "anonymous", DEMANDS, {"f": {"categories": ["FUNDING"]}})
    pk = await _open_draft(graph)
    with pytest.raises(asyncio.TimeoutError):
        await _next(stream, broker, "Demand", lambda: announce(broker, "Demand", pk, "publishDemand"))


async def test_a_draft_is_never_pushed_to_anyone(graph: WorkflowClient) -> None:
    broker = MemoryBroker()
    stream = await _subscribe(graph, broker, "m1", DEMANDS, {})
    pk = graph.world.ids["D_draft"]  # still a draft: not published, whatever the message says
    with pytest.raises(asyncio.TimeoutError):
        await _next(stream, broker, "Demand", lambda: announce(broker, "Demand", pk, "publishDemand"))


async def test_an_engagement_is_followed_by_its_parties_only(graph: WorkflowClient) -> None:
    broker = MemoryBroker()
    engagement = graph.world.gid("E_active")
    stream = await _subscribe(graph, broker, "m1", ENGAGEMENT, {"id": engagement})
    event = await _next(
        stream, broker, "Engagement", lambda: announce(broker, "Engagement", graph.world.ids["E_active"], "x")
    )
    assert event.data == {"engagementChanged": {"status": "ACCEPTED"}}


async def test_an_unknown_engagement_is_not_found_before_any_event(graph: WorkflowClient) -> None:
    unknown = encode("Engagement", 999_999)
    refused = await _subscribe(graph, MemoryBroker(), "m1", ENGAGEMENT, {"id": unknown})
    first = await asyncio.wait_for(refused.__anext__(), 5)
    assert first.errors and first.errors[0].extensions["code"] == "NOT_FOUND"


async def test_a_broker_that_is_down_does_not_fail_the_change(
    graph: WorkflowClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Announcing comes after the commit: a broker that is down costs the subscribers that one
    message (logged), never the change itself."""
    tried: list[tuple[str, dict]] = []

    async def down(channel: str, message: dict) -> None:
        tried.append((channel, message))
        raise ConnectionError("redis is down")

    monkeypatch.setattr(graph.broker, "publish", down)
    appeal = graph.world.ids["AP1"]
    reply = {"input": {"appealId": graph.world.gid("AP1"), "body": "已收到，我们明天联系您"}}
    with caplog.at_level(logging.ERROR, logger="yiwuxian.pubsub"):
        payload = await graph.mutate("m1", "replyToAppeal", REPLY, reply)

    assert payload == {
        "appeal": {"status": "REPLIED", "replies": [{"body": "已收到，我们明天联系您"}]},
        "userErrors": [],
    }
    assert (await graph.row(Appeal.__table__, appeal))["status"] == "REPLIED"
    assert tried == [("Appeal", {"pk": appeal, "mutation": "replyToAppeal"})]
    [logged] = [record for record in caplog.records if record.name == "yiwuxian.pubsub"]
    assert logged.levelno == logging.ERROR and "replyToAppeal" in logged.getMessage()
    assert logged.exc_info is not None and logged.exc_info[0] is ConnectionError


async def test_real_mutations_reach_their_subscribers(graph: WorkflowClient) -> None:
    """End to end: the app's own mutations announce after their commit."""
    appeal = graph.world.gid("AP1")
    followed = await _subscribe(
        graph,
        graph.broker,
        "anonymous",
        'subscription { appealReplied(trackingCode: "TESTAPPEAL01") { status replies { body } } }',
        {},
    )
    reply = {"input": {"appealId": appeal, "body": "已收到，我们明天联系您"}}

    async def answer() -> None:
        assert (await graph.mutate("m1", "replyToAppeal", REPLY, reply))["userErrors"] == []

    event = await _next(followed, graph.broker, "Appeal", answer)
    assert event.data == {
        "appealReplied": {"status": "REPLIED", "replies": [{"body": "已收到，我们明天联系您"}]}
    }

    published = await _subscribe(graph, graph.broker, "anonymous", DEMANDS, {})
    convert = {
        "input": {"appealId": appeal, "title": "就业培训", "category": "PROFESSIONAL_SERVICE", "quantity": 1}
    }

    async def turn_into_demand() -> None:
        assert (await graph.mutate("m1", "convertAppealToDemand", CONVERT, convert))["userErrors"] == []

    event = await _next(published, graph.broker, "Demand", turn_into_demand)
    assert event.data == {"demandPublished": {"title": "就业培训", "status": "OPEN"}}


@pytest.mark.parametrize(
    ("locale", "said"),
    [
        ("zh-CN", "查询码NOSUCHCODE不存在，请核对后重试"),
        ("en", "No record has the tracking code 'NOSUCHCODE'"),
    ],
)
async def test_an_unknown_tracking_code_is_said_as_such(
    graph: WorkflowClient, locale: str, said: str
) -> None:
    context = Context(
        engine=graph.engine,
        viewer=ANONYMOUS,
        loaders=Loaders(graph.engine, visibility.visible_for(ANONYMOUS)),
        broker=graph.broker,
        locale=locale,
    )
    document = 'subscription { appealReplied(trackingCode: "NOSUCHCODE") { status } }'
    stream = await SCHEMA.subscribe(document, context_value=context)
    result = await anext(stream)  # pyright: ignore[reportArgumentType]
    [error] = result.errors
    assert error.message.startswith(said) and "global id" not in error.message
    assert error.extensions["code"] == "NOT_FOUND"
