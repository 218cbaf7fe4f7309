"""Sign-in throttling shared through Redis: what one instance counts, every instance sees."""

from __future__ import annotations

import os
import uuid

import pytest
import redis.asyncio as redis

from auth.throttle import LoginThrottle, MemoryFailureCounter, RedisFailureCounter, failure_counter

REDIS_URL = os.environ.get("YWX_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
async def client():
    connection = redis.from_url(REDIS_URL)
    try:
        await connection.ping()
    except redis.ConnectionError as error:  # .ci/run starts Redis; a developer may not have it
        pytest.fail(f"Redis is not reachable at {REDIS_URL}: {error}")
    yield connection
    await connection.aclose()


async def test_two_instances_share_one_count(client) -> None:
    user = f"user-{uuid.uuid4().hex}"
    first = LoginThrottle(RedisFailureCounter(client, 60), max_failures=3)
    second = LoginThrottle(RedisFailureCounter(client, 60), max_failures=3)
    await first.failed(user, None)
    await second.failed(user, None)
    assert not await first.blocked(user, None)
    await first.failed(user, None)
    assert await second.blocked(user, None)
    await second.succeeded(user)
    assert not await first.blocked(user, None)


async def test_failures_leave_the_window(client) -> None:
    now = [1_000.0]
    counter = RedisFailureCounter(client, 10, clock=lambda: now[0])
    key = f"test:{uuid.uuid4().hex}"
    await counter.add(key)
    now[0] += 6
    assert await counter.add(key) == 2
    now[0] += 5  # the first failure is now older than the window
    assert await counter.count(key) == 1
    assert 0 < await client.ttl(key) <= 11
    await client.delete(key)


def test_the_counter_follows_the_settings() -> None:
    assert isinstance(failure_counter(None, 60), MemoryFailureCounter)
    assert isinstance(failure_counter(REDIS_URL, 60), RedisFailureCounter)
