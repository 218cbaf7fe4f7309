"""Publish and subscribe: what a mutation changed, for the subscriptions that wait for it.

A message is small JSON (`{"pk": 12, "mutation": "publishDemand"}`) on a channel named after
the changed type; subscribers load the object afresh, as themselves, so a message never
carries data a subscriber may not see. In-process by default; Redis pub/sub when
`YWX_REDIS_URL` is set, so a change on one instance of the service reaches the subscribers
of every instance.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import defaultdict
from collections.abc import AsyncIterator
from typing import Any, Protocol

log = logging.getLogger("yiwuxian.pubsub")

CHANNEL_PREFIX = "ywx:changed:"
# Messages a slow in-process subscriber may fall behind by before it misses some.
QUEUE_SIZE = 1000


class Broker(Protocol):
    async def publish(self, channel: str, message: dict[str, Any]) -> None: ...

    def listen(self, channel: str) -> AsyncIterator[dict[str, Any]]: ...

    async def close(self) -> None: ...


class MemoryBroker:
    """Subscribers of this process only: one bounded queue each."""

    def __init__(self) -> None:
        self._queues: dict[str, set[asyncio.Queue[dict[str, Any]]]] = defaultdict(set)

    async def publish(self, channel: str, message: dict[str, Any]) -> None:
        for queue in list(self._queues[channel]):
            try:
                queue.put_nowait(message)
            except asyncio.QueueFull:
                log.warning("a subscriber of %s fell behind; a message was dropped", channel)

    async def listen(self, channel: str) -> AsyncIterator[dict[str, Any]]:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(QUEUE_SIZE)
        self._queues[channel].add(queue)
        try:
            while True:
                yield await queue.get()
        finally:
            self._queues[channel].discard(queue)

    def subscriber_count(self, channel: str) -> int:
        return len(self._queues[channel])

    async def close(self) -> None:
        self._queues.clear()


class RedisBroker:
    """Redis pub/sub: every instance of the service publishes to and listens on Redis."""

    def __init__(self, client: Any) -> None:
        self.client = client

    async def publish(self, channel: str, message: dict[str, Any]) -> None:
        await self.client.publish(CHANNEL_PREFIX + channel, json.dumps(message))

    async def listen(self, channel: str) -> AsyncIterator[dict[str, Any]]:
        pubsub = self.client.pubsub(ignore_subscribe_messages=True)
        await pubsub.subscribe(CHANNEL_PREFIX + channel)
        try:
            async for message in pubsub.listen():
                if message.get("type") == "message":
                    yield json.loads(message["data"])
        finally:
            await pubsub.unsubscribe()
            await pubsub.aclose()

    async def close(self) -> None:
        await self.client.aclose()


def broker_for(redis_url: str | None) -> Broker:
    """Redis when configured, else in-process."""
    if not redis_url:
        return MemoryBroker()
    import redis.asyncio as redis  # only needed when configured

    return RedisBroker(redis.from_url(redis_url))


async def announce(broker: Broker | None, type_name: str, pk: int, mutation: str) -> None:
    """Tell subscribers that `mutation` changed object `pk` of `type_name`.

    Called after the commit: a broker that is down must not undo or fail a change that has
    been made, so a failure is logged and the mutation still succeeds.
    """
    if broker is None:
        return
    try:
        await broker.publish(type_name, {"pk": pk, "mutation": mutation})
    except Exception:  # Redis unreachable or similar: subscribers miss this one change
        log.exception("could not announce %s of %s %s", mutation, type_name, pk)
