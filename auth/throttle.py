"""Slowing down password guessing and anonymous floods: counters per username and per client.

The counters sit behind `FailureCounter`, a small async interface, so several instances can
share them: `RedisFailureCounter` when `YWX_REDIS_URL` is set, else `MemoryFailureCounter`,
the in-process default (right for one process, per-process when several run). `LoginThrottle`
counts failed sign-ins; `RateLimit` counts anything else, e.g. anonymous appeals per client.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections import OrderedDict, deque
from collections.abc import Callable
from typing import Any, Protocol

# Many users share one address behind a NAT or a federation router: the per-client limit
# is this many times the per-username one, so it stops sprays, not one office.
CLIENT_LIMIT_FACTOR = 10
MAX_TRACKED_KEYS = 100_000  # the in-process counter forgets the oldest keys beyond this


class FailureCounter(Protocol):
    """Counts recent failures per key, within a sliding window."""

    async def count(self, key: str) -> int: ...

    async def add(self, key: str) -> int: ...

    async def clear(self, key: str) -> None: ...


class MemoryFailureCounter:
    """Failure times per key in this process, forgotten after `window_seconds`."""

    def __init__(self, window_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.window = window_seconds
        self.clock = clock
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()

    def _recent(self, key: str) -> deque[float]:
        times = self._failures.get(key)
        if times is None:
            return deque()
        horizon = self.clock() - self.window
        while times and times[0] <= horizon:
            times.popleft()
        if not times:
            del self._failures[key]
        return times

    async def count(self, key: str) -> int:
        return len(self._recent(key))

    async def add(self, key: str) -> int:
        times = self._recent(key)
        times.append(self.clock())
        self._failures[key] = times
        self._failures.move_to_end(key)
        while len(self._failures) > MAX_TRACKED_KEYS:
            self._failures.popitem(last=False)
        return len(times)

    async def clear(self, key: str) -> None:
        self._failures.pop(key, None)


class RedisFailureCounter:
    """Failure times per key in Redis, shared by every instance of the service.

    Each key is a sorted set of failure times: a sliding window like the in-process
    counter's, trimmed and read in one MULTI, and expiring with the window.
    """

    def __init__(self, client: Any, window_seconds: float, clock: Callable[[], float] = time.time) -> None:
        self.client = client
        self.window = window_seconds
        self.clock = clock

    async def _trimmed(self, key: str, added: float | None) -> int:
        now = self.clock()
        async with self.client.pipeline(transaction=True) as pipe:
            pipe.zremrangebyscore(key, "-inf", now - self.window)
            if added is not None:
                pipe.zadd(key, {f"{added}:{uuid.uuid4().hex[:8]}": added})
                pipe.expire(key, int(self.window) + 1)
            pipe.zcard(key)
            results = await pipe.execute()
        return int(results[-1])

    async def count(self, key: str) -> int:
        return await self._trimmed(key, None)

    async def add(self, key: str) -> int:
        return await self._trimmed(key, self.clock())

    async def clear(self, key: str) -> None:
        await self.client.delete(key)


def failure_counter(redis_url: str | None, window_seconds: float) -> FailureCounter:
    """Redis when configured (several instances share the counts), else in-process."""
    if not redis_url:
        return MemoryFailureCounter(window_seconds)
    import redis.asyncio as redis  # only needed when configured

    return RedisFailureCounter(redis.from_url(redis_url), window_seconds)


def _key(scope: str, kind: str, value: str) -> str:
    # Hashed, so the counters (and a Redis holding them) never store usernames or addresses.
    return f"{scope}:{kind}:" + hashlib.sha256(value.encode()).hexdigest()[:32]


class RateLimit:
    """At most `limit` actions per client within the counter's window; `scope` names the
    action, so limits of different actions never share counts."""

    def __init__(self, counter: FailureCounter, limit: int, scope: str) -> None:
        self.counter = counter
        self.limit = limit
        self.scope = scope

    async def allow(self, client: str) -> bool:
        """Count one action of `client`; False once it exceeds the limit (refusals count too,
        so a client that keeps trying stays refused until it pauses for a window)."""
        return await self.counter.add(_key(self.scope, "client", client)) <= self.limit


class LoginThrottle:
    """Refuses sign-in for a username (or a client) after too many recent failures."""

    def __init__(self, counter: FailureCounter, max_failures: int) -> None:
        self.counter = counter
        self.max_failures = max_failures

    def _keys(self, username: str, client: str | None) -> list[tuple[str, int]]:
        keys = [(_key("login", "user", username.casefold()), self.max_failures)]
        if client:
            keys.append((_key("login", "client", client), self.max_failures * CLIENT_LIMIT_FACTOR))
        return keys

    async def blocked(self, username: str, client: str | None) -> bool:
        for key, limit in self._keys(username, client):
            if await self.counter.count(key) >= limit:
                return True
        return False

    async def failed(self, username: str, client: str | None) -> None:
        for key, _limit in self._keys(username, client):
            await self.counter.add(key)

    async def succeeded(self, username: str) -> None:
        await self.counter.clear(_key("login", "user", username.casefold()))
