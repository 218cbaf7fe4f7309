"""The loaders of a request batch in waves (datasources/loaders/waves.py), on aiodataloader's
public API alone: keys asked on different ticks share one batch call, errors reach every key
of the call and are not cached, and one cancelled waiter leaves the others theirs."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from datasources.loaders.base import BatchLoader
from datasources.loaders.waves import QUIET_TICKS, Dispatcher


class Doubling(BatchLoader):
    """Each key's value is twice the key; every call of the batch function is recorded."""

    def __init__(self, dispatcher: Dispatcher | None = None, fail: Exception | None = None) -> None:
        super().__init__(dispatcher)
        self.calls: list[list[int]] = []
        self.fail = fail
        self.short = False

    async def batch_load_fn(self, keys: Sequence[int]) -> list[int]:
        self.calls.append(list(keys))
        await asyncio.sleep(0)  # as a statement would
        if self.fail:
            raise self.fail
        return [2 * key for key in keys][: -1 if self.short else None]


async def ticks(count: int) -> None:
    for _ in range(count):
        await asyncio.sleep(0)


async def test_keys_asked_on_different_ticks_share_one_call() -> None:
    loader = Doubling(Dispatcher())

    async def later(key: int, wait: int) -> int:
        await ticks(wait)
        return await loader.load(key)

    values = await asyncio.gather(*(later(key, wait) for key, wait in [(1, 0), (2, 3), (3, 6), (2, 1)]))
    assert values == [2, 4, 6, 4]
    assert loader.calls == [[1, 2, 3]]
    assert await loader.load(3) == 6 and loader.calls == [[1, 2, 3]]  # cached


async def test_the_next_level_is_the_next_wave_and_each_loader_calls_once_per_wave() -> None:
    dispatcher = Dispatcher()
    parents, children = Doubling(dispatcher), Doubling(dispatcher)

    async def path(key: int) -> int:
        return await children.load(await parents.load(key))

    assert await asyncio.gather(*(path(key) for key in (1, 2, 3))) == [4, 8, 12]
    assert (parents.calls, children.calls) == ([[1, 2, 3]], [[2, 4, 6]])


async def test_a_failed_call_fails_each_of_its_keys_and_is_not_cached() -> None:
    loader = Doubling(Dispatcher(), fail=RuntimeError("the database is down"))
    results = await asyncio.gather(loader.load(1), loader.load(2), return_exceptions=True)
    assert [str(result) for result in results] == ["the database is down"] * 2
    loader.fail = None
    assert await loader.load(1) == 2
    assert loader.calls == [[1, 2], [1]]


async def test_a_batch_function_returning_too_few_values_fails_each_key() -> None:
    loader = Doubling(Dispatcher())
    loader.short = True
    results = await asyncio.gather(loader.load(1), loader.load(2), return_exceptions=True)
    assert all(isinstance(result, TypeError) for result in results), results


async def test_one_cancelled_waiter_leaves_the_others_their_value() -> None:
    loader = Doubling(Dispatcher())
    first = asyncio.ensure_future(loader.load(5))
    second = asyncio.ensure_future(loader.load(5))
    await ticks(1)
    first.cancel()
    assert await second == 10
    with pytest.raises(asyncio.CancelledError):
        await first


async def test_without_a_dispatcher_a_loader_batches_each_tick() -> None:
    loader = Doubling()
    assert await asyncio.gather(loader.load(1), loader.load(2)) == [2, 4]
    assert await loader.load(3) == 6
    assert loader.calls == [[1, 2], [3]]


async def test_a_wave_waits_for_quiet() -> None:
    """Keys asked less than QUIET_TICKS ticks apart go out together; then the wave is sent."""
    loader = Doubling(Dispatcher())
    early = loader.load(1)
    await ticks(QUIET_TICKS - 2)
    late = loader.load(2)
    assert await asyncio.gather(early, late) == [2, 4]
    assert loader.calls == [[1, 2]]
