"""`login`: a token for the right password; one generic, slowed-down answer for anything else."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

import auth.identity
import auth.login
from app import create_app
from auth.passwords import hash_password
from datasources.tables import Account
from domain.global_ids import encode
from settings import Settings
from tests.builders import Builder

PASSWORD = "correct horse battery staple"
LOGIN = """mutation($u: String!, $p: String!) {
  login(input: {username: $u, password: $p}) {
    token expiresAt viewer { username displayName roles participant { id } }
    userErrors { field code message }
  }
}"""


@pytest.fixture(scope="module")
def good_hash() -> str:
    return hash_password(PASSWORD)


@pytest.fixture
async def accounts(empty_db, good_hash) -> dict[str, int]:
    """alice (a home manager), bob (disabled), carol (no password), dave (an old, weak hash)."""
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    build = Builder(empty_db)
    home = await build.home(name="Home", subdistrict="s", community="c", address="a", at=(39.9, 116.4))
    ids = {}
    for username, password_hash, active in (
        ("alice", good_hash, True),
        ("bob", good_hash, False),
        ("carol", None, True),
        ("dave", weak, True),
    ):
        ids[username] = await build.account(
            ["HOME_MANAGER"],
            home,
            username=username,
            display_name=username.title(),
            password_hash=password_hash,
            is_active=active,
        )
    return {**ids, "home": home[1]}


async def http_client(engine, **settings) -> httpx.AsyncClient:
    app = create_app(Settings(env="test", **settings), engine=engine)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


@pytest.fixture
async def http(empty_db, accounts) -> AsyncIterator[httpx.AsyncClient]:
    async with await http_client(empty_db, login_failure_delay_ms=0) as client:
        yield client


async def login(http: httpx.AsyncClient, username: str, password: str, **headers: str) -> dict:
    response = await http.post(
        "/graphql", json={"query": LOGIN, "variables": {"u": username, "p": password}}, headers=headers
    )
    assert response.status_code == 200
    body = response.json()
    assert "errors" not in body, body
    return body["data"]["login"]


async def test_the_right_password_gives_a_token_that_signs_in(http, accounts) -> None:
    before = datetime.now(UTC)
    result = await login(http, "alice", PASSWORD)
    assert result["userErrors"] == []
    expires = datetime.fromisoformat(result["expiresAt"])
    assert before + timedelta(seconds=3590) <= expires <= datetime.now(UTC) + timedelta(seconds=3600)
    # The rest of the login request already runs as alice: she may read her own username.
    assert result["viewer"] == {
        "username": "alice",
        "displayName": "Alice",
        "roles": ["HOME_MANAGER"],
        "participant": {"id": encode("Home", accounts["home"])},
    }
    response = await http.post(
        "/graphql",
        json={"query": "{ viewer { username roles } }"},
        headers={"authorization": f"Bearer {result['token']}"},
    )
    assert response.json()["data"] == {"viewer": {"username": "alice", "roles": ["HOME_MANAGER"]}}
    anonymous = await http.post("/graphql", json={"query": "{ viewer { username } }"})
    assert anonymous.json()["data"] == {"viewer": None}


@pytest.mark.parametrize(
    ("username", "password"),
    [
        ("alice", "wrong password"),
        ("nobody", PASSWORD),  # no such user
        ("bob", PASSWORD),  # disabled
        ("carol", ""),  # no password set: an empty one is refused as missing, see below
        ("carol", PASSWORD),  # no password set
        ("alice", "x" * 10_000),  # over-long: refused without hashing megabytes
        ("a" * 500, PASSWORD),
    ],
)
async def test_every_wrong_credential_gets_the_same_answer(http, username, password) -> None:
    result = await login(http, username, password)
    assert result["token"] is None and result["viewer"] is None
    if password == "":
        assert result["userErrors"] == [
            {"field": ["input", "password"], "code": "REQUIRED", "message": "密码不能为空"}
        ]
        return
    assert result["userErrors"] == [
        {"field": None, "code": "INVALID_CREDENTIALS", "message": "用户名或密码错误"}
    ]


async def test_messages_follow_accept_language(http) -> None:
    result = await login(http, "alice", "wrong", **{"accept-language": "en-GB,en;q=0.8"})
    assert result["userErrors"][0]["message"] == "Wrong username or password"


async def test_unknown_users_cost_the_same_work_and_time(empty_db, accounts, checked) -> None:
    """An unknown username is verified against a dummy hash, and every failure waits."""
    verified = checked
    async with await http_client(empty_db, login_failure_delay_ms=300) as client:
        durations = []
        for username in ("alice", "nobody"):
            started = time.monotonic()
            result = await login(client, username, "wrong password")
            durations.append(time.monotonic() - started)
            assert result["userErrors"][0]["code"] == "INVALID_CREDENTIALS"
    assert len(verified) == 2 and verified[1] is None  # the missing user still costs one verification
    assert min(durations) >= 0.3


async def test_repeated_failures_for_a_username_are_refused(empty_db, accounts) -> None:
    async with await http_client(empty_db, login_failure_delay_ms=0, login_max_failures=3) as client:
        for _ in range(2):
            assert (await login(client, "alice", "wrong"))["userErrors"][0]["code"] == "INVALID_CREDENTIALS"
        # A success clears the username's counter.
        assert (await login(client, "alice", PASSWORD))["token"]
        for _ in range(3):
            assert (await login(client, "ALICE", "wrong"))["userErrors"][0]["code"] == "INVALID_CREDENTIALS"
        refused = await login(client, "alice", PASSWORD)  # even the right password, for now
        assert refused["token"] is None
        assert refused["userErrors"] == [
            {"field": None, "code": "RATE_LIMITED", "message": "请求过于频繁，请稍后再试"}
        ]
        # Unknown usernames are counted too, so a refusal reveals nothing about existence.
        for _ in range(3):
            await login(client, "nobody", "wrong")
        assert (await login(client, "nobody", "wrong"))["userErrors"][0]["code"] == "RATE_LIMITED"


async def test_a_client_spraying_many_usernames_is_refused(empty_db, accounts) -> None:
    async with await http_client(empty_db, login_failure_delay_ms=0, login_max_failures=1) as client:
        for index in range(10):  # the per-client limit is ten times the per-username one
            assert (await login(client, f"user{index}", "wrong"))["userErrors"][0][
                "code"
            ] == "INVALID_CREDENTIALS"
        assert (await login(client, "alice", PASSWORD))["userErrors"][0]["code"] == "RATE_LIMITED"


async def test_a_weak_hash_is_upgraded_at_sign_in(http, empty_db, accounts) -> None:
    assert (await login(http, "dave", PASSWORD))["token"]
    async with empty_db.connect() as connection:
        stored = (
            await connection.execute(select(Account.password_hash).where(Account.id == accounts["dave"]))
        ).scalar_one()
    assert "m=65536,t=3,p=4" in stored
    assert (await login(http, "dave", PASSWORD))["token"]


async def test_disabling_an_account_stops_its_tokens_at_once(http, empty_db, accounts) -> None:
    token = (await login(http, "alice", PASSWORD))["token"]
    headers = {"authorization": f"Bearer {token}"}
    query = {"query": "{ viewer { username } }"}
    assert (await http.post("/graphql", json=query, headers=headers)).json()["data"]["viewer"] == {
        "username": "alice"
    }
    await Builder(empty_db).change(Account, accounts["alice"], is_active=False)
    response = await http.post("/graphql", json=query, headers=headers)
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.fixture
def checked(monkeypatch) -> list[str | None]:
    """The password hashes verified (one per password checked)."""
    verified: list[str | None] = []
    real_verify = auth.login.verify_password

    async def counting_verify(password_hash, password):  # type: ignore[no-untyped-def]
        verified.append(password_hash)
        return await real_verify(password_hash, password)

    monkeypatch.setattr(auth.login, "verify_password", counting_verify)
    return verified


def from_address(app: Any, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 40_000))
    return httpx.AsyncClient(transport=transport, base_url="http://test")


async def test_sixty_concurrent_guesses_check_at_most_the_limit(
    empty_db, accounts, counters, checked
) -> None:
    """Issue 12: 60 at once for one username, the right password 16th: at most 5 checked."""
    passwords = ["wrong"] * 60
    passwords[15] = PASSWORD
    async with await http_client(empty_db, login_failure_delay_ms=0) as client:
        results = await asyncio.gather(*(login(client, "alice", password) for password in passwords))
    codes = [result["userErrors"][0]["code"] if result["userErrors"] else "OK" for result in results]
    assert len(checked) <= 5, counters
    assert codes.count("RATE_LIMITED") == 60 - len(checked)
    assert codes.count("OK") + codes.count("INVALID_CREDENTIALS") == len(checked)


async def test_an_address_gets_at_most_its_budget_of_checks_under_concurrency(
    empty_db, accounts, counters, checked
) -> None:
    """Issue 12's per-address budget (10 x the per-username limit) with many usernames at once
    from one address, scaled down (limit 2: a budget of 20, 24 at once) to spare Argon2 time."""
    async with await http_client(empty_db, login_failure_delay_ms=0, login_max_failures=2) as client:
        results = await asyncio.gather(*(login(client, f"user{index}", "wrong") for index in range(24)))
    refused = [result for result in results if result["userErrors"][0]["code"] == "RATE_LIMITED"]
    assert len(checked) == 20, counters
    assert len(refused) == 4


async def test_a_stranger_cannot_lock_the_owner_out(empty_db, accounts, counters) -> None:
    """Issue 12: 5 wrong guesses from a stranger's address; alice still signs in from hers."""
    app = create_app(Settings(env="test", login_failure_delay_ms=0), engine=empty_db)
    async with from_address(app, "203.0.113.66") as stranger, from_address(app, "198.51.100.7") as owner:
        for _ in range(5):
            assert (await login(stranger, "alice", "guess"))["userErrors"][0]["code"] == "INVALID_CREDENTIALS"
        assert (await login(stranger, "alice", PASSWORD))["userErrors"][0]["code"] == "RATE_LIMITED"
        assert (await login(owner, "alice", PASSWORD))["token"]
        # Her own typos from her address are hers to make, and a success forgets them.
        for _ in range(4):
            await login(owner, "alice", "typo")
        assert (await login(owner, "alice", PASSWORD))["token"]
        assert (await login(owner, "alice", "typo"))["userErrors"][0]["code"] == "INVALID_CREDENTIALS"


async def test_guesses_spread_over_addresses_meet_the_username_ceiling(empty_db, accounts) -> None:
    """4 x 5 failures from four addresses reach alice's ceiling: then every address is refused."""
    app = create_app(Settings(env="test", login_failure_delay_ms=0), engine=empty_db)
    for index in range(4):
        async with from_address(app, f"203.0.113.{index}") as stranger:
            for _ in range(5):
                assert (await login(stranger, "alice", "guess"))["userErrors"][0]["code"] == (
                    "INVALID_CREDENTIALS"
                )
    async with from_address(app, "198.51.100.7") as owner:
        assert (await login(owner, "alice", PASSWORD))["userErrors"][0]["code"] == "RATE_LIMITED"
        assert (await login(owner, "bob", "x"))["userErrors"][0]["code"] == "INVALID_CREDENTIALS"


async def test_a_failed_account_look_up_spends_no_guess(empty_db, accounts, monkeypatch) -> None:
    async def unreachable(*_args: Any) -> None:
        raise ConnectionError("the database is down")

    app = create_app(Settings(env="test", login_failure_delay_ms=0, login_max_failures=1), engine=empty_db)
    async with from_address(app, "198.51.100.7") as owner:
        with monkeypatch.context() as patch:
            patch.setattr(auth.login, "active_account_by_username", unreachable)
            for _ in range(3):
                body = (
                    await owner.post("/graphql", json={"query": LOGIN, "variables": {"u": "alice", "p": "x"}})
                ).json()
                assert (
                    body["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
                )  # the database is down: 503 (docs/operations.md)
        assert (await login(owner, "alice", PASSWORD))["token"]
