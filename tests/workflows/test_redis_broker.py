"""Subscription events shared through Redis: what one instance announces, another's
subscribers hear (the scale-out path, YWX_REDIS_URL)."""

from __future__ import annotations

import asyncio
import uuid

import redis.asyncio as redis

from datasources.pubsub import CHANNEL_PREFIX, MemoryBroker, RedisBroker, announce, broker_for
from tests.conftest import REDIS_URL


async def _listening(client: redis.Redis, channel: str) -> None:
    for _ in range(300):
        if dict(await client.pubsub_numsub(CHANNEL_PREFIX + channel)).get(
            (CHANNEL_PREFIX + channel).encode(), 0
        ):
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"nobody subscribed to {channel}")


async def test_an_announcement_on_one_instance_reaches_a_subscriber_of_another(redis_client) -> None:
    channel = f"Test{uuid.uuid4().hex[:8]}"  # a channel of this test alone
    announcing = RedisBroker(redis.from_url(REDIS_URL))
    subscribing = RedisBroker(redis.from_url(REDIS_URL))
    stream = subscribing.listen(channel)
    try:
        waiting = asyncio.ensure_future(stream.__anext__())
        await _listening(redis_client, channel)
        await announce(announcing, channel, 42, "publishDemand")
        assert await asyncio.wait_for(waiting, 5) == {"pk": 42, "mutation": "publishDemand"}
    finally:
        await stream.aclose()
        await announcing.close()
        await subscribing.close()
    assert dict(await redis_client.pubsub_numsub(CHANNEL_PREFIX + channel)) == {
        (CHANNEL_PREFIX + channel).encode(): 0
    }


async def test_an_unreachable_redis_does_not_fail_the_announcement(caplog) -> None:
    broker = RedisBroker(redis.from_url("redis://127.0.0.1:1/0"))  # nothing listens on port 1
    await announce(broker, "Demand", 1, "publishDemand")  # logged, not raised
    await broker.close()
    assert [record.getMessage() for record in caplog.records] == [
        "could not announce publishDemand of Demand 1"
    ]


def test_the_broker_follows_the_settings() -> None:
    assert isinstance(broker_for(None), MemoryBroker)
    assert isinstance(broker_for(REDIS_URL), RedisBroker)
