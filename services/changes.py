"""What a command reports back: which objects it changed, and what else to announce.

Every service command is `async (connection, viewer, command) -> Changed`: it runs inside the
transaction it is given (resolvers/commands.py opens it), raises `domain.problems.Rejected`
for expected failures, and names what it changed. After the commit each changed object is
announced under the mutation's name, and each of `also` under its own, and each of `notices`
is sent (services/notifier.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar, runtime_checkable

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from auth.throttle import LoginThrottle
from auth.viewer import Viewer
from services.notifier import Notice


@dataclass(frozen=True)
class Announcement:
    """A change to tell subscriptions about: an object, and the mutation it counts as."""

    type_name: str
    pk: int
    mutation: str


@dataclass(frozen=True)
class Changed:
    type_name: str
    pks: tuple[int, ...]
    also: tuple[Announcement, ...] = ()
    notices: tuple[Notice, ...] = ()  # sent after the commit, never on a replay
    # A secret made for the caller (an invitation's code): in the payload's `code` once, never
    # stored in clear, so never on a replay.
    shown: str | None = None


def changed(type_name: str, pk: int, *also: Announcement) -> Changed:
    return Changed(type_name, (pk,), also)


@dataclass(frozen=True)
class Before:
    """What a command's `prepared` may use before its transaction opens."""

    engine: AsyncEngine  # the engine commands write with: a read there sees what they will
    viewer: Viewer
    throttle: LoginThrottle | None  # sign-in's attempt budgets (auth/throttle.py), when the app has one


@runtime_checkable
class Prepares(Protocol):
    """A command with slow work to do before its transaction opens (hashing a new password,
    verifying the current one: Argon2 must not run under the write lock); `resolvers.commands.run`
    awaits `prepared(before)` first and runs the command it returns (it may raise Rejected)."""

    async def prepared(self, before: Before) -> Any: ...


C = TypeVar("C")
# A use case: the transaction's connection, who asks, and the typed command.
ServiceCommand = Callable[[AsyncConnection, Viewer, C], Awaitable[Changed]]
