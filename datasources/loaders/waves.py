"""Dispatching the DataLoaders of one request in waves.

Plain DataLoaders dispatch on the next tick of the event loop, but the branches of a GraphQL
query reach the same depth on different ticks (a cached parent resolves sooner than one that
waits for SQL), so one relationship could be fetched in several statements, and how many
would depend on timing and data. Here the loaders of a request share one `Dispatcher`: it
waits until no batch is in flight and the resolvers have gone quiet, then dispatches every
loader with keys at once. Each wave is one statement per loader in use, so the statements of
a request follow the query's shape. (A batch function must not await another loader of the
same request: that loader would wait for the batch to finish.)
"""

from __future__ import annotations

import asyncio
from typing import Any

from aiodataloader import dispatch_queue_batch

# Ticks without a new key before a wave goes out: enough for a resolved batch to wake its
# resolvers and for them to ask for the next level (a handful of ticks in graphql-core).
QUIET_TICKS = 8


class Dispatcher:
    def __init__(self) -> None:
        self.waiting: dict[Any, None] = {}  # loaders with queued keys, in order of first use
        self.keys_asked = 0
        self.in_flight = 0
        self.idle = asyncio.Event()
        self.idle.set()
        self.settling = False
        self.settle_task: asyncio.Future | None = None

    def asked(self, loader: Any) -> None:
        """A key was queued on `loader`: make sure a wave will carry it."""
        self.keys_asked += 1
        self.waiting[loader] = None
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
        loaders, self.waiting = list(self.waiting), {}
        self.settling = False
        for loader in loaders:
            queue, loader._queue = loader._queue, []
            if queue:
                self.in_flight += 1
                self.idle.clear()
                batch = asyncio.ensure_future(dispatch_queue_batch(loader, queue))
                batch.add_done_callback(self.finished)

    def finished(self, _batch: asyncio.Future) -> None:
        self.in_flight -= 1
        if self.in_flight == 0:
            self.idle.set()
