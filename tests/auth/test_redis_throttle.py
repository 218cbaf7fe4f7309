"""Sign-in throttling shared through Redis: what one instance counts, every instance sees."""

from __future__ import annotations

import uuid

from auth.throttle import LoginThrottle, MemoryFailureCounter, RedisFailureCounter, failure_counter
from tests.conftest import REDIS_URL


async def test_two_instances_share_one_count(redis_client) -> None:
    user = f"user-{uuid.uuid4().hex}"
    first = LoginThrottle(RedisFailureCounter(redis_client, 60), max_failures=3)
    second = LoginThrottle(RedisFailureCounter(redis_client, 60), max_failures=3)
    await first.failed(user, None)
    await second.failed(user, None)
    assert not await first.blocked(user, None)
    await first.failed(user, None)
    assert await second.blocked(user, None)
    await second.succeeded(user)
    assert not await first.blocked(user, None)


async def test_failures_leave_the_window(redis_client) -> None:
    now = [1_000.0]
    counter = RedisFailureCounter(redis_client, 10, clock=lambda: now[0])
    key = f"test:{uuid.uuid4().hex}"
    await counter.add(key)
    now[0] += 6
    assert await counter.add(key) == 2
    now[0] += 5  # the first failure is now older than the window
    assert await counter.count(key) == 1
    assert 0 < await redis_client.ttl(key) <= 11
    await redis_client.delete(key)


def test_the_counter_follows_the_settings() -> None:
    assert isinstance(failure_counter(None, 60), MemoryFailureCounter)
    assert isinstance(failure_counter(REDIS_URL, 60), RedisFailureCounter)
