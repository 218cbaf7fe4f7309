"""Throttle counters shared through Redis: what one instance counts, every instance sees, and a
reservation is atomic across them."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from auth.throttle import LoginThrottle, MemoryCounter, RateLimit, RedisCounter, attempt_counter
from tests.conftest import REDIS_URL


def namespace() -> str:
    return f"test-{uuid.uuid4().hex}:"


async def test_two_instances_share_one_count(redis_client) -> None:
    space = namespace()
    first = LoginThrottle(RedisCounter(redis_client, 60, namespace=space), max_failures=3)
    second = LoginThrottle(RedisCounter(redis_client, 60, namespace=space), max_failures=3)
    assert await first.reserve("alice", "10.0.0.1")
    assert await second.reserve("alice", "10.0.0.1")
    mine = await first.reserve("alice", "10.0.0.1")
    assert mine is not None
    assert await second.reserve("alice", "10.0.0.1") is None  # 3 of 3, seen by the other instance
    await second.succeeded(mine)  # the owner's typos from this address are forgotten
    assert await first.reserve("alice", "10.0.0.1") is not None


async def test_attempts_leave_the_window(redis_client) -> None:
    now = [1_000.0]
    counter = RedisCounter(redis_client, 10, clock=lambda: now[0], namespace=namespace())
    assert await counter.reserve([("k", 2)])
    now[0] += 6
    assert await counter.reserve([("k", 2)])
    assert await counter.reserve([("k", 2)]) is None
    now[0] += 5  # the first attempt is now older than the window
    assert await counter.count("k") == 1
    assert await counter.reserve([("k", 2)])
    assert 0 < await redis_client.ttl(counter.namespace + "k") <= 11
    await counter.clear("k")


async def test_a_reservation_is_all_or_nothing(redis_client) -> None:
    counter = RedisCounter(redis_client, 60, namespace=namespace())
    assert await counter.reserve([("full", 1)])
    assert await counter.reserve([("free", 5), ("full", 1)]) is None
    assert await counter.count("free") == 0  # nothing added to the key that had room


async def test_sixty_concurrent_reservations_from_two_instances_get_the_limit(redis_client) -> None:
    space = namespace()
    instances = [LoginThrottle(RedisCounter(redis_client, 60, namespace=space), 5) for _ in range(2)]
    attempts = await asyncio.gather(
        *(instances[index % 2].reserve("alice", "10.0.0.1") for index in range(60))
    )
    assert sum(attempt is not None for attempt in attempts) == 5


def test_the_counter_follows_the_settings() -> None:
    assert isinstance(attempt_counter(None, 60), MemoryCounter)
    assert isinstance(attempt_counter(REDIS_URL, 60), RedisCounter)


@pytest.mark.parametrize("where", ["memory", "redis"])
async def test_sixty_concurrent_anonymous_submissions_spend_at_most_the_budget(redis_client, where) -> None:
    counter = (
        MemoryCounter(60) if where == "memory" else RedisCounter(redis_client, 60, namespace=namespace())
    )
    appeals = RateLimit(counter, 10, "submission")
    allowed = await asyncio.gather(*(appeals.allow("appeal:10.0.0.1") for _ in range(60)))
    assert sum(allowed) == 10
    assert await appeals.allow("complaint:10.0.0.1")  # each channel has its own budget
