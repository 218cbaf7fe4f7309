"""Every mutation that sets a password hashes it before its write transaction opens (Argon2
takes 0.1 to 1 s of CPU: under SQLite's write lock it would hold up every other writer)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

import auth.passwords
import resolvers.commands
from tests.workflows.conftest import WorkflowClient
from tests.workflows.test_invitations import accept, invite
from tests.workflows.test_joining import REGISTER, send, sign_up_input
from tests.workflows.test_passwords import CHANGE, ISSUE, NEW, RESET, signs_in, with_password


@pytest.fixture
def hashed_in_transaction(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """For each password hashed, whether a command's write transaction was open meanwhile."""
    open_transactions: list[None] = []
    seen: list[bool] = []
    original_transaction, hasher = resolvers.commands.write_transaction, auth.passwords.HASHER

    @asynccontextmanager
    async def watched(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
        async with original_transaction(engine) as connection:
            open_transactions.append(None)
            try:
                yield connection
            finally:
                open_transactions.pop()

    class WatchedHasher:
        def hash(self, password: str, *, salt: bytes | None = None) -> str:
            seen.append(bool(open_transactions))
            return hasher.hash(password, salt=salt)

        def __getattr__(self, name: str) -> object:  # verify and the rest: as they were
            return getattr(hasher, name)

    monkeypatch.setattr(resolvers.commands, "write_transaction", watched)
    auth.passwords._dummy_hash()  # made once, by the first sign-in check: not a new password
    monkeypatch.setattr(auth.passwords, "HASHER", WatchedHasher())  # every hash is made by it
    return seen


async def test_change_and_reset_hash_before_the_transaction(
    graph: WorkflowClient, hashed_in_transaction: list[bool]
) -> None:
    await with_password(graph, "v1")
    hashed_in_transaction.clear()  # that one was the test's own
    changed = await graph.mutate(
        "v1", "changePassword", CHANGE, {"input": {"currentPassword": "old-secret-2026", "newPassword": NEW}}
    )
    assert changed["userErrors"] == []
    issued = await graph.mutate(
        "supervisor", "issuePasswordReset", ISSUE, {"input": {"accountId": graph.world.gid("o1")}}
    )
    reset = {"input": {"username": "user_o1", "code": issued["code"], "newPassword": NEW}}
    assert (await graph.mutate("anonymous", "resetPassword", RESET, reset))["userErrors"] == []
    assert await signs_in(graph, "v1", NEW) and await signs_in(graph, "o1", NEW)
    assert hashed_in_transaction == [False, False]


async def test_accepting_an_invitation_and_signing_up_hash_before_the_transaction(
    graph: WorkflowClient, hashed_in_transaction: list[bool]
) -> None:
    created = await invite(graph, "admin", "SUPERVISOR")
    assert (await accept(graph, created["code"]))["userErrors"] == []
    await send(graph)
    signed_up = await graph.mutate(
        "anonymous", "registerVolunteer", REGISTER, {"input": await sign_up_input(graph)}
    )
    assert signed_up["userErrors"] == []
    assert hashed_in_transaction == [False, False]


async def test_a_refused_password_is_not_hashed(
    graph: WorkflowClient, hashed_in_transaction: list[bool]
) -> None:
    await with_password(graph, "v1")
    hashed_in_transaction.clear()  # that one was the test's own
    weak = {"input": {"currentPassword": "old-secret-2026", "newPassword": "password"}}
    assert (await graph.mutate("v1", "changePassword", CHANGE, weak))["userErrors"]
    assert hashed_in_transaction == []
