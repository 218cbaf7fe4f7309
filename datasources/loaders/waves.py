"""Dispatching the DataLoaders of one request in waves.

Plain DataLoaders dispatch on the next tick of the event loop, but the branches of a GraphQL
query reach the same depth on different ticks (a cached parent resolves sooner than one that
waits for SQL), so one relationship could be fetched in several statements, and how many
would depend on timing and data. Here the loaders of a request share one `Dispatcher`: it
waits until no batch is in flight and the resolvers have gone quiet, then dispatches every
loader with keys at once. Each wave is one statement per loader in use, so the statements of
a request follow the query's shape. (A batch function must not await another loader of the
same request: that loader would wait for the batch to finish.)

How, with nothing but aiodataloader's public API: each loader's batch function, as
aiodataloader sees it, is a `HeldBatch`. aiodataloader calls it on its next tick with the keys
queued so far, as always; the held batch parks those keys and waits for the wave. The wave
calls the loader's real batch function once with every key parked since the last wave (so
one statement), and gives each parked call its share of the values, which aiodataloader then
hands to the futures of `load` as usual.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

# Ticks without a new key before a wave goes out: enough for a resolved batch to wake its
# resolvers and for them to ask for the next level (a handful of ticks in graphql-core).
QUIET_TICKS = 8

BatchLoadFn = Callable[[list[Any]], Awaitable[Sequence[Any]]]


class Dispatcher:
    def __init__(self) -> None:
        self.waiting: dict[HeldBatch, None] = {}  # batches with keys, in order of first use
        self.keys_asked = 0
        self.in_flight = 0  # parked calls taken by a wave whose values are not handed over yet
        self.idle = asyncio.Event()
        self.idle.set()
        self.settling = False
        self.settle_task: asyncio.Future | None = None
        self.running: set[asyncio.Future] = set()  # the waves' batches

    def hold(self, batch_load_fn: BatchLoadFn) -> HeldBatch:
        """`batch_load_fn`, to be called by waves of this dispatcher."""
        return HeldBatch(self, batch_load_fn)

    def asked(self, held: HeldBatch) -> None:
        """A key not loaded before was asked of `held`'s loader: a wave will carry it."""
        self.keys_asked += 1
        self.expect(held)

    def expect(self, held: HeldBatch) -> None:
        self.waiting[held] = None
        if not self.settling:
            self.settling = True
            self.settle_task = asyncio.ensure_future(self.settle())

    async def settle(self) -> None:
        quiet, last_seen = 0, -1
        while quiet < QUIET_TICKS:
            if self.in_flight:
                await self.idle.wait()
                quiet, last_seen = 0, -1
                continue
            await asyncio.sleep(0)
            if self.keys_asked != last_seen:
                quiet, last_seen = 0, self.keys_asked
            else:
                quiet += 1
        held_batches, self.waiting = list(self.waiting), {}
        self.settling = False
        for held in held_batches:
            parked = held.take()
            if parked:
                self.in_flight += len(parked)
                self.idle.clear()
                run = asyncio.ensure_future(held.run(parked))
                self.running.add(run)  # the loop keeps only a weak reference to a task
                run.add_done_callback(self.running.discard)

    def finished(self) -> None:
        """A parked call of a wave has handed its values to aiodataloader."""
        self.in_flight -= 1
        if self.in_flight == 0:
            self.idle.set()


class _Parked:
    """The keys of one call of a held batch, and the future of their values."""

    def __init__(self, keys: list[Any]) -> None:
        self.keys = keys
        self.values: asyncio.Future[list[Any]] = asyncio.get_running_loop().create_future()
        self.taken = False  # by a wave, which counts it in flight


class HeldBatch:
    """A loader's batch function, held until the dispatcher's next wave."""

    def __init__(self, dispatcher: Dispatcher, batch_load_fn: BatchLoadFn) -> None:
        self.dispatcher = dispatcher
        self.batch_load_fn = batch_load_fn
        self.parked: list[_Parked] = []

    async def load(self, keys: list[Any]) -> list[Any]:
        """The batch function aiodataloader calls: the values of `keys`, once a wave ran."""
        parked = _Parked(list(keys))
        self.parked.append(parked)
        self.dispatcher.expect(self)  # `asked` has normally done it already
        try:
            return await parked.values
        finally:
            if parked.taken:
                # On the next tick, as a finished task's callback would: aiodataloader gives
                # the values to the futures of `load` first, so their waiters wake before the
                # dispatcher counts quiet ticks again.
                asyncio.get_running_loop().call_soon(self.dispatcher.finished)
            elif parked in self.parked:  # cancelled before its wave
                self.parked.remove(parked)

    def take(self) -> list[_Parked]:
        """The calls parked since the last wave (for this wave to run)."""
        parked, self.parked = [p for p in self.parked if not p.values.done()], []
        for one in parked:
            one.taken = True
        return parked

    async def run(self, parked: list[_Parked]) -> None:
        """One call of the real batch function for all the keys of `parked`."""
        keys = [key for one in parked for key in one.keys]
        try:
            values = list(await self.batch_load_fn(keys))
            if len(values) != len(keys):
                raise TypeError(f"{self.batch_load_fn!r} returned {len(values)} values for {len(keys)} keys")
        except Exception as error:  # each key's future gets it (aiodataloader's rule)
            for one in parked:
                if not one.values.done():
                    one.values.set_exception(error)
            return
        except BaseException:  # cancelled: so are the calls waiting for it
            for one in parked:
                one.values.cancel()
            raise
        start = 0
        for one in parked:
            end = start + len(one.keys)
            if not one.values.done():
                one.values.set_result(values[start:end])
            start = end
