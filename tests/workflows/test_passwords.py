"""changePassword, issuePasswordReset and resetPassword: the policy, the sessions they end, and
the reset code's single use and attempt budget."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

import resolvers.commands
import services.passwords
from auth.passwords import hash_password
from datasources.tables import Account, AuditEntry, OneTimeCode
from services.passwords import RESET_CODE_ATTEMPTS
from tests.workflows.conftest import WorkflowClient
from tests.workflows.test_accounts import codes, status_with

ACCOUNTS, AUDIT, CODES = Account.__table__, AuditEntry.__table__, OneTimeCode.__table__
OLD, NEW = "old-secret-2026", "violet-harbour-lamp"
CHANGE = """
mutation($input: ChangePasswordInput!) {
  changePassword(input: $input) { account { id version } userErrors { field code message } }
}"""
ISSUE = """
mutation($input: IssuePasswordResetInput!) {
  issuePasswordReset(input: $input) { account { id } code userErrors { field code } }
}"""
RESET = """
mutation($input: ResetPasswordInput!) {
  resetPassword(input: $input) { account { id } userErrors { field code message } }
}"""
LOGIN = """
mutation($input: LoginInput!) { login(input: $input) { token userErrors { code } } }"""


async def with_password(graph: WorkflowClient, name: str, password: str = OLD) -> None:
    await graph.build.change(Account, graph.world.ids[name], password_hash=hash_password(password))


async def signs_in(graph: WorkflowClient, name: str, password: str) -> bool:
    variables = {"input": {"username": f"user_{name}", "password": password}}
    return (await graph.mutate("anonymous", "login", LOGIN, variables))["token"] is not None


async def test_a_changed_password_ends_every_session(graph: WorkflowClient) -> None:
    await with_password(graph, "v1")
    variables = {"input": {"currentPassword": OLD, "newPassword": NEW}}
    payload = await graph.mutate("v1", "changePassword", CHANGE, variables)
    assert payload["userErrors"] == [] and payload["account"]["version"] == 2
    assert await status_with(graph, graph.world.tokens["v1"]) == 401
    assert await signs_in(graph, "v1", NEW) and not await signs_in(graph, "v1", OLD)
    entries = await graph.rows(AUDIT, AUDIT.c.action == "changePassword")
    assert [(e["actor_account_id"], e["before"], e["after"]) for e in entries] == [
        (graph.world.ids["v1"], {}, {})
    ]


async def test_a_wrong_current_password_and_a_weak_one_are_refused_together(graph: WorkflowClient) -> None:
    await with_password(graph, "v1")
    before = await graph.row(ACCOUNTS, graph.world.ids["v1"])
    variables = {"input": {"currentPassword": "guess", "newPassword": "password"}}
    payload = await graph.mutate("v1", "changePassword", CHANGE, variables)
    assert codes(payload) == [
        (["input", "currentPassword"], "INVALID_CREDENTIALS"),
        (["input", "newPassword"], "INVALID"),
    ]
    named = await graph.mutate(
        "v1", "changePassword", CHANGE, {"input": {"currentPassword": OLD, "newPassword": "user_v1"}}
    )
    assert codes(named) == [(["input", "newPassword"], "INVALID")] * 2  # too short, and the username
    assert "username" in named["userErrors"][1]["message"] or "用户名" in named["userErrors"][1]["message"]
    short = {"input": {"currentPassword": OLD, "newPassword": "x7#"}}
    assert codes(await graph.mutate("v1", "changePassword", CHANGE, short)) == [
        (["input", "newPassword"], "INVALID")
    ]
    assert await graph.row(ACCOUNTS, graph.world.ids["v1"]) == before
    anonymous = await graph.mutate(
        "anonymous", "changePassword", CHANGE, {"input": {"currentPassword": OLD, "newPassword": NEW}}
    )
    assert codes(anonymous) == [(None, "UNAUTHENTICATED")]


@pytest.fixture
def verified(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """For each current password `changePassword` verified, whether a write transaction was open."""
    open_transactions: list[None] = []
    seen: list[bool] = []
    original_transaction, original_verify = (
        resolvers.commands.write_transaction,
        services.passwords.verify_password,
    )

    @asynccontextmanager
    async def watched(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
        async with original_transaction(engine) as connection:
            open_transactions.append(None)
            try:
                yield connection
            finally:
                open_transactions.pop()

    async def verify(password_hash: str | None, password: str) -> bool:
        seen.append(bool(open_transactions))
        return await original_verify(password_hash, password)

    monkeypatch.setattr(resolvers.commands, "write_transaction", watched)
    monkeypatch.setattr(services.passwords, "verify_password", verify)
    return seen


async def test_the_current_password_is_verified_before_the_transaction(
    graph: WorkflowClient, verified: list[bool]
) -> None:
    await with_password(graph, "v1")
    wrong = {"input": {"currentPassword": "a wrong guess", "newPassword": NEW}}
    assert codes(await graph.mutate("v1", "changePassword", CHANGE, wrong)) == [
        (["input", "currentPassword"], "INVALID_CREDENTIALS")
    ]
    right = {"input": {"currentPassword": OLD, "newPassword": NEW}}
    assert (await graph.mutate("v1", "changePassword", CHANGE, right))["userErrors"] == []
    assert verified == [False, False]


async def test_guesses_at_the_current_password_stop_at_the_budget_whatever_the_concurrency(
    counters: str, graph: WorkflowClient, verified: list[bool]
) -> None:
    """A stolen token's holder guessing the current password: 12 at once, the account's budget
    is 5 (`login_max_failures`); past it even the right password is refused, nothing changed."""
    await with_password(graph, "v1")
    before = await graph.row(ACCOUNTS, graph.world.ids["v1"])
    guesses = await asyncio.gather(
        *(
            graph.mutate(
                "v1",
                "changePassword",
                CHANGE,
                {"input": {"currentPassword": f"guess {n}", "newPassword": NEW}},
            )
            for n in range(12)
        )
    )
    found = sorted(code for payload in guesses for _field, code in codes(payload))
    assert len(verified) <= 5, counters
    assert found == ["INVALID_CREDENTIALS"] * len(verified) + ["RATE_LIMITED"] * (12 - len(verified))
    right = {"input": {"currentPassword": OLD, "newPassword": NEW}}
    refused = await graph.mutate("v1", "changePassword", CHANGE, right)
    assert codes(refused) == [(None, "RATE_LIMITED")] and refused["account"] is None
    assert len(verified) <= 5  # the right one was not even checked
    assert await graph.row(ACCOUNTS, graph.world.ids["v1"]) == before
    assert await graph.rows(AUDIT, AUDIT.c.action == "changePassword") == []
    # The budget is the account's for changing its password, not its sign-in's: she still signs in.
    assert await signs_in(graph, "v1", OLD)


async def test_the_right_password_forgets_earlier_wrong_guesses(graph: WorkflowClient) -> None:
    await with_password(graph, "v1")
    for n in range(4):
        wrong = {"input": {"currentPassword": f"typo {n}", "newPassword": NEW}}
        assert codes(await graph.mutate("v1", "changePassword", CHANGE, wrong)) == [
            (["input", "currentPassword"], "INVALID_CREDENTIALS")
        ]
    weak = {"input": {"currentPassword": OLD, "newPassword": "password"}}  # right, but refused
    assert codes(await graph.mutate("v1", "changePassword", CHANGE, weak)) == [
        (["input", "newPassword"], "INVALID")
    ]
    for n in range(4):  # a new budget of five
        wrong = {"input": {"currentPassword": f"typo {n}", "newPassword": NEW}}
        assert codes(await graph.mutate("v1", "changePassword", CHANGE, wrong))[0][1] == "INVALID_CREDENTIALS"
    right = {"input": {"currentPassword": OLD, "newPassword": NEW}}
    assert (await graph.mutate("v1", "changePassword", CHANGE, right))["userErrors"] == []


async def test_an_account_without_a_password_cannot_change_one(graph: WorkflowClient) -> None:
    variables = {"input": {"currentPassword": "", "newPassword": NEW}}
    assert codes(await graph.mutate("m1", "changePassword", CHANGE, variables)) == [(None, "INVALID_STATE")]


async def test_staff_issue_a_reset_code_that_works_once(graph: WorkflowClient) -> None:
    await with_password(graph, "o1")
    issued = await graph.mutate(
        "supervisor", "issuePasswordReset", ISSUE, {"input": {"accountId": graph.world.gid("o1")}}
    )
    assert issued["userErrors"] == [] and len(issued["code"]) == 10
    code = issued["code"]
    # Sent to the account's phone and e-mail too; stored only as a hash.
    assert graph.outbox.last_code("o1@example.org") == code
    assert [row["code_hash"] for row in await graph.rows(CODES)] != [code]
    reset = {"input": {"username": "user_o1", "code": f" {code.lower()} ", "newPassword": NEW}}
    payload = await graph.mutate("anonymous", "resetPassword", RESET, reset)
    assert payload["userErrors"] == [] and payload["account"]["id"] == graph.world.gid("o1")
    assert await status_with(graph, graph.world.tokens["o1"]) == 401
    assert await signs_in(graph, "o1", NEW)
    again = {"input": {"username": "user_o1", "code": code, "newPassword": "another-fine-phrase"}}
    assert codes(await graph.mutate("anonymous", "resetPassword", RESET, again)) == [
        (["input", "code"], "INVALID")
    ]
    assert await signs_in(graph, "o1", NEW)
    actions = [e["action"] for e in await graph.rows(AUDIT, AUDIT.c.entity_type == "Account")]
    assert actions == ["issuePasswordReset", "resetPassword"]


async def test_guesses_beyond_the_budget_spend_the_code(graph: WorkflowClient) -> None:
    issued = await graph.mutate(
        "admin", "issuePasswordReset", ISSUE, {"input": {"accountId": graph.world.gid("v2")}}
    )
    code = issued["code"]

    def attempt(guess: str) -> dict:
        return {"input": {"username": "user_v2", "code": guess, "newPassword": NEW}}

    guesses = await asyncio.gather(
        *(
            graph.mutate("anonymous", "resetPassword", RESET, attempt(f"WRONG{n:05d}"))
            for n in range(RESET_CODE_ATTEMPTS + 2)
        )
    )
    assert all(codes(p) == [(["input", "code"], "INVALID")] for p in guesses)
    assert [row["attempts_left"] for row in await graph.rows(CODES)] == [0]
    # The budget is spent: even the right code is refused now.
    assert codes(await graph.mutate("anonymous", "resetPassword", RESET, attempt(code))) == [
        (["input", "code"], "INVALID")
    ]
    assert (await graph.row(ACCOUNTS, graph.world.ids["v2"]))["password_hash"] is None


async def test_a_reset_never_tells_whether_a_username_exists(graph: WorkflowClient) -> None:
    issued = await graph.mutate(
        "admin", "issuePasswordReset", ISSUE, {"input": {"accountId": graph.world.gid("v2")}}
    )
    unknown = {"input": {"username": "nobody_here", "code": issued["code"], "newPassword": NEW}}
    wrong = {"input": {"username": "user_v2", "code": "AAAAAAAAAA", "newPassword": NEW}}
    first = await graph.mutate("anonymous", "resetPassword", RESET, unknown)
    second = await graph.mutate("anonymous", "resetPassword", RESET, wrong)
    assert (
        first["userErrors"]
        == second["userErrors"]
        == [{"field": ["input", "code"], "code": "INVALID", "message": first["userErrors"][0]["message"]}]
    )
    weak = {"input": {"username": "user_v2", "code": issued["code"], "newPassword": "123456"}}
    assert codes(await graph.mutate("anonymous", "resetPassword", RESET, weak)) == [
        (["input", "newPassword"], "INVALID"),
        (["input", "newPassword"], "INVALID"),
    ]
    # The weak password's refusal rolled back: the code is still good.
    good = {"input": {"username": "user_v2", "code": issued["code"], "newPassword": NEW}}
    assert (await graph.mutate("anonymous", "resetPassword", RESET, good))["userErrors"] == []


async def test_who_may_issue_a_reset(graph: WorkflowClient) -> None:
    def of(name: str) -> dict:
        return {"input": {"accountId": graph.world.gid(name)}}

    expected = [
        ("anonymous", "v1", (None, "UNAUTHENTICATED")),
        ("m1", "v1", (None, "FORBIDDEN")),
        ("supervisor", "admin", (None, "FORBIDDEN")),
        ("admin", "admin", (["input", "accountId"], "INVALID_STATE")),
    ]
    for viewer, target, problem in expected:
        payload = await graph.mutate(viewer, "issuePasswordReset", ISSUE, of(target))
        assert codes(payload) == [problem] and payload["code"] is None, viewer
    assert await graph.rows(CODES) == []
