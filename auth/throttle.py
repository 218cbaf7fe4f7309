"""Slowing down password guessing and anonymous floods: attempts reserved before they run.

An attempt is *reserved* before the work it limits (checking a password, accepting a
submission): one atomic step looks at every counter it falls under and adds it to all of
them, or, if any counter is at its limit, to none and the attempt is refused. So concurrent
requests cannot all pass a check before any of them is counted: whatever the concurrency,
at most the limit run.

The counters sit behind `Counter`, a small async interface, so several instances can share
them: `RedisCounter` when `YWX_REDIS_URL` is set (the reservation is one Lua script), else
`MemoryCounter`, the in-process default (no `await` between looking and adding). `LoginThrottle`
limits sign-in attempts and guesses at the current password of `changePassword`; `RateLimit`
anything else, e.g. anonymous appeals per client address.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

# The strict limit is per username *and* address: a stranger who guesses wrong uses up her own
# attempts, not the owner's. A username also has a ceiling over every address (against guesses
# spread over many), this many times the strict limit; and an address has a ceiling over every
# username (against sprays), larger still because many users share one address behind a NAT.
USERNAME_LIMIT_FACTOR = 4
CLIENT_LIMIT_FACTOR = 10
MAX_TRACKED_KEYS = 100_000  # the in-process counter forgets the oldest keys beyond this

Limits = Sequence[tuple[str, int]]  # (counter key, its limit)


class Counter(Protocol):
    """Attempts per key within a sliding window, reserved all-or-nothing over several keys."""

    async def reserve(self, limits: Limits) -> str | None:
        """Add one attempt to every key if each holds fewer than its limit, atomically; the
        attempt's token (to release it), or None when refused (then nothing was added)."""
        ...

    async def release(self, keys: Sequence[str], token: str) -> None:
        """Take a reserved attempt back from its keys (it turned out not to count)."""
        ...

    async def count(self, key: str) -> int: ...

    async def clear(self, key: str) -> None: ...


class MemoryCounter:
    """Attempts per key in this process, forgotten after `window_seconds`. Reserving has no
    `await` between looking and adding, so on the event loop it is atomic."""

    def __init__(self, window_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.window = window_seconds
        self.clock = clock
        self._attempts: OrderedDict[str, dict[str, float]] = OrderedDict()  # key: token -> time

    def _recent(self, key: str) -> dict[str, float]:
        attempts = self._attempts.get(key)
        if attempts is None:
            return {}
        horizon = self.clock() - self.window
        for token in [token for token, at in attempts.items() if at <= horizon]:
            del attempts[token]
        if not attempts:
            del self._attempts[key]
        return attempts

    async def reserve(self, limits: Limits) -> str | None:
        if any(len(self._recent(key)) >= limit for key, limit in limits):
            return None
        token, now = uuid.uuid4().hex, self.clock()
        for key, _limit in limits:
            attempts = self._attempts.setdefault(key, {})
            attempts[token] = now
            self._attempts.move_to_end(key)
        while len(self._attempts) > MAX_TRACKED_KEYS:
            self._attempts.popitem(last=False)
        return token

    async def release(self, keys: Sequence[str], token: str) -> None:
        for key in keys:
            attempts = self._attempts.get(key)
            if attempts is not None:
                attempts.pop(token, None)

    async def count(self, key: str) -> int:
        return len(self._recent(key))

    async def clear(self, key: str) -> None:
        self._attempts.pop(key, None)


# KEYS: the counters; ARGV: now, window, token, then each key's limit.
_RESERVE = """
local now, window = tonumber(ARGV[1]), tonumber(ARGV[2])
for i, key in ipairs(KEYS) do
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  if redis.call('ZCARD', key) >= tonumber(ARGV[3 + i]) then return 0 end
end
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key, now, ARGV[3])
  redis.call('EXPIRE', key, math.ceil(window) + 1)
end
return 1
"""


class RedisCounter:
    """Attempts per key in Redis, shared by every instance of the service: each key a sorted
    set of attempt times (a sliding window, expiring with it); reserving is one Lua script, so
    no other instance's attempt runs between looking and adding. `namespace` prefixes the keys
    (tests use their own)."""

    def __init__(
        self,
        client: Any,
        window_seconds: float,
        clock: Callable[[], float] = time.time,
        namespace: str = "",
    ) -> None:
        self.client = client
        self.window = window_seconds
        self.clock = clock
        self.namespace = namespace
        self._reserve = client.register_script(_RESERVE)

    async def reserve(self, limits: Limits) -> str | None:
        token = uuid.uuid4().hex
        keys = [self.namespace + key for key, _limit in limits]
        arguments = [self.clock(), self.window, token, *(limit for _key, limit in limits)]
        reserved = await self._reserve(keys=keys, args=arguments)
        return token if int(reserved) == 1 else None

    async def release(self, keys: Sequence[str], token: str) -> None:
        async with self.client.pipeline(transaction=True) as pipe:
            for key in keys:
                pipe.zrem(self.namespace + key, token)
            await pipe.execute()

    async def count(self, key: str) -> int:
        key = self.namespace + key
        async with self.client.pipeline(transaction=True) as pipe:
            pipe.zremrangebyscore(key, "-inf", self.clock() - self.window)
            pipe.zcard(key)
            results = await pipe.execute()
        return int(results[-1])

    async def clear(self, key: str) -> None:
        await self.client.delete(self.namespace + key)


def attempt_counter(redis_url: str | None, window_seconds: float) -> Counter:
    """Redis when configured (several instances share the counts), else in-process."""
    if not redis_url:
        return MemoryCounter(window_seconds)
    import redis.asyncio as redis  # only needed when configured

    return RedisCounter(redis.from_url(redis_url), window_seconds, namespace="ywx:")


def _key(scope: str, kind: str, *values: str) -> str:
    # Hashed, so the counters (and a Redis holding them) never store usernames or addresses.
    return f"{scope}:{kind}:" + hashlib.sha256("\x00".join(values).encode()).hexdigest()[:32]


class RateLimit:
    """At most `limit` actions per client within the counter's window; `scope` names the
    action, so limits of different actions never share counts."""

    def __init__(self, counter: Counter, limit: int, scope: str) -> None:
        self.counter = counter
        self.limit = limit
        self.scope = scope

    async def allow(self, client: str) -> bool:
        """Reserve one action of `client`: False (and nothing counted) when the client already
        has `limit` within the window; each attempt let through counts, accepted or not."""
        return await self.counter.reserve([(_key(self.scope, "client", client), self.limit)]) is not None


@dataclass(frozen=True)
class Attempt:
    """A reserved sign-in attempt: it counts as a failure unless released or succeeded."""

    keys: tuple[str, ...]
    token: str


class LoginThrottle:
    """Reserves each sign-in attempt before the password is checked, under three limits:
    `max_failures` per username and address, `USERNAME_LIMIT_FACTOR` times as many per username
    and `CLIENT_LIMIT_FACTOR` times as many per address, each within the counter's window; and
    the guesses at a signed-in account's current password (`reserve_current_password`)."""

    def __init__(self, counter: Counter, max_failures: int) -> None:
        self.counter = counter
        self.max_failures = max_failures

    def limits(self, username: str, client: str | None) -> list[tuple[str, int]]:
        name = username.casefold()
        limits = [
            (_key("login", "pair", name, client or "-"), self.max_failures),
            (_key("login", "user", name), self.max_failures * USERNAME_LIMIT_FACTOR),
        ]
        if client:
            limits.append((_key("login", "client", client), self.max_failures * CLIENT_LIMIT_FACTOR))
        return limits

    async def reserve(self, username: str, client: str | None) -> Attempt | None:
        """The attempt, or None when any limit is reached (the password must not be checked)."""
        return await self._reserve(self.limits(username, client))

    async def reserve_current_password(self, account_id: int) -> Attempt | None:
        """An attempt at a signed-in account's current password (`changePassword`), or None
        past `max_failures` within the window. Keyed on the account alone: whoever holds its
        token guesses for it from any address, and no stranger without one can spend it."""
        return await self._reserve([(_key("password", "account", str(account_id)), self.max_failures)])

    async def _reserve(self, limits: Limits) -> Attempt | None:
        token = await self.counter.reserve(limits)
        return None if token is None else Attempt(tuple(key for key, _limit in limits), token)

    async def release(self, attempt: Attempt) -> None:
        """No password was checked after all (e.g. the account look-up failed): not a guess."""
        await self.counter.release(attempt.keys, attempt.token)

    async def succeeded(self, attempt: Attempt) -> None:
        """The right password: the attempt does not count, nor do earlier failures of this
        username from this address (the owner's typos); other addresses' failures still do."""
        await self.release(attempt)
        await self.counter.clear(attempt.keys[0])
