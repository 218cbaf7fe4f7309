"""Joining (docs/accounts.md#joining): a phone's sign-up code, then registerVolunteer; every
refusal at once, codes' budget and single use, nothing revealed about who is registered, races,
and anonymous idempotency."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from sqlalchemy import select

from app import create_app
from datasources.tables import Account, AuditEntry, District, OneTimeCode, Volunteer
from domain.global_ids import encode
from domain.workflows.joining import PRIVACY_POLICY_VERSION, SIGN_UP_CODE_ATTEMPTS
from settings import Settings
from tests.workflows.conftest import WorkflowClient

SEND = """
mutation($phone: String!) {
  sendSignUpCode(input: {phone: $phone}) { sent resendAfterSeconds userErrors { field code message } }
}"""
REGISTER = """
mutation($input: RegisterVolunteerInput!) {
  registerVolunteer(input: $input) {
    volunteer { id name realName phone skills availability idNumber district { id } }
    token expiresAt
    userErrors { field code message }
  }
}"""
VIEWER = "{ viewer { username roles participant { id } } }"
PHONE = "13912345678"
volunteers, accounts, codes_table = Volunteer.__table__, Account.__table__, OneTimeCode.__table__


def errors(payload: dict[str, Any]) -> list[tuple[list[str] | None, str]]:
    return [(error["field"], error["code"]) for error in payload["userErrors"]]


async def district(graph: WorkflowClient) -> str:
    async with graph.engine.connect() as connection:
        table = District.__table__
        pk = (await connection.execute(select(table.c.id).where(table.c.code == "110105"))).scalar_one()
    return encode("District", pk)


async def sign_up_input(graph: WorkflowClient, phone: str = PHONE, **changes: Any) -> dict[str, Any]:
    """A valid volunteer sign-up (after a code was sent to `phone`)."""
    return {
        "username": "li_na",
        "password": "青山绿水-1987",
        "displayName": "小李",
        "realName": "李娜",
        "phone": phone,
        "phoneCode": graph.outbox.last_code(phone),
        "districtId": await district(graph),
        "skills": ["心理疏导", "摄影"],
        "availability": ["WEEKEND_DAYTIME"],
        "idNumber": "11010519491231002X",
        "location": {"lat": 39.92, "lon": 116.44},
        "privacyPolicyVersion": PRIVACY_POLICY_VERSION,
        **changes,
    }


async def send(graph: WorkflowClient, phone: str = PHONE, viewer: str = "anonymous") -> dict[str, Any]:
    return await graph.mutate(viewer, "sendSignUpCode", SEND, {"phone": phone})


async def test_a_volunteer_signs_up_with_a_verified_phone_and_is_signed_in(graph: WorkflowClient) -> None:
    sent = await send(graph, "+86 139-1234-5678")
    assert sent == {"sent": True, "resendAfterSeconds": 60, "userErrors": []}
    [notice] = graph.outbox.to(PHONE)
    assert notice.kind == "sign_up_code" and len(notice.code or "") == 6
    payload = await graph.mutate(
        "anonymous", "registerVolunteer", REGISTER, {"input": await sign_up_input(graph)}
    )
    assert payload["userErrors"] == []
    volunteer = payload["volunteer"]
    # Her own personal fields are hers to read at once: the rest of the request runs as her.
    assert volunteer["realName"] == "李娜" and volunteer["phone"] == PHONE and volunteer["name"] == "小李"
    assert volunteer["idNumber"] == "11010519491231002X" and volunteer["skills"] == ["心理疏导", "摄影"]
    assert payload["token"] and payload["expiresAt"]
    response = await graph.http.post(
        "/graphql", json={"query": VIEWER}, headers={"authorization": f"Bearer {payload['token']}"}
    )
    assert response.json()["data"]["viewer"] == {
        "username": "li_na",
        "roles": ["VOLUNTEER"],
        "participant": {"id": volunteer["id"]},
    }
    [account] = await graph.rows(accounts, accounts.c.username == "li_na")
    assert account["consent_version"] == PRIVACY_POLICY_VERSION and account["consented_at"] is not None
    assert account["password_hash"].startswith("$argon2id$") and account["phone"] == PHONE
    [entry] = await graph.rows(AuditEntry.__table__, AuditEntry.__table__.c.action == "registerVolunteer")
    assert entry["actor_account_id"] == account["id"] and "李娜" not in str(entry)
    login = await graph.mutate(
        "anonymous",
        "login",
        'mutation { login(input: {username: "li_na", password: "青山绿水-1987"}) { token } }',
    )
    assert login["token"]


async def test_every_problem_comes_at_once_and_nothing_is_written(graph: WorkflowClient) -> None:
    await send(graph)
    bad = await sign_up_input(
        graph,
        username="ad",
        password="password1",
        displayName="",
        realName="李",
        skills=["心理疏导", "跳伞"],
        availability=["SOMETIMES"],
        idNumber="110105194912310021",
        email="not-an-address",
        location={"lat": 95.0, "lon": 116.4},
        privacyPolicyVersion="2020-01-01",
    )
    payload = await graph.mutate("anonymous", "registerVolunteer", REGISTER, {"input": bad})
    assert payload["volunteer"] is None and payload["token"] is None
    assert sorted(map(str, errors(payload))) == sorted(
        map(
            str,
            [
                (["input", "username"], "INVALID"),
                (["input", "password"], "INVALID"),
                (["input", "displayName"], "REQUIRED"),
                (["input", "realName"], "INVALID"),
                (["input", "email"], "INVALID"),
                (["input", "privacyPolicyVersion"], "INVALID"),
                (["input", "skills"], "INVALID"),
                (["input", "availability"], "INVALID"),
                (["input", "idNumber"], "INVALID"),
                (["input", "location"], "OUT_OF_RANGE"),
            ],
        )
    )
    assert await graph.rows(accounts, accounts.c.username == "ad") == []
    # The refusal did not use the code up: corrected, the same code signs her up.
    fixed = await graph.mutate(
        "anonymous", "registerVolunteer", REGISTER, {"input": await sign_up_input(graph)}
    )
    assert fixed["userErrors"] == []


async def test_messages_come_in_both_languages(graph: WorkflowClient) -> None:
    await send(graph)
    weak = await sign_up_input(graph, password="li_na")
    zh = await graph.mutate("anonymous", "registerVolunteer", REGISTER, {"input": weak})
    en = await graph.mutate(
        "anonymous", "registerVolunteer", REGISTER, {"input": weak}, **{"accept-language": "en"}
    )
    assert [e["message"] for e in zh["userErrors"]] == ["密码至少需要8个字符", "密码不能与用户名相同"]
    assert [e["message"] for e in en["userErrors"]] == [
        "The password must be at least 8 characters",
        "The password must not be the username",
    ]


async def test_wrong_guesses_spend_the_code_and_a_used_code_is_refused(graph: WorkflowClient) -> None:
    await send(graph)
    right = graph.outbox.last_code(PHONE)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for _ in range(SIGN_UP_CODE_ATTEMPTS):
        payload = await graph.mutate(
            "anonymous", "registerVolunteer", REGISTER, {"input": await sign_up_input(graph, phoneCode=wrong)}
        )
        assert errors(payload) == [(["input", "phoneCode"], "INVALID")]
    spent = await graph.mutate(
        "anonymous", "registerVolunteer", REGISTER, {"input": await sign_up_input(graph)}
    )
    assert errors(spent) == [(["input", "phoneCode"], "INVALID")]
    assert await graph.rows(volunteers, volunteers.c.phone == PHONE) == []

    other = "13987654321"
    await send(graph, other)
    first = await graph.mutate(
        "anonymous", "registerVolunteer", REGISTER, {"input": await sign_up_input(graph, other)}
    )
    assert first["userErrors"] == []
    again = await sign_up_input(graph, other, username="li_na_2")
    assert errors(await graph.mutate("anonymous", "registerVolunteer", REGISTER, {"input": again})) == [
        (["input", "phoneCode"], "INVALID")
    ]


async def test_concurrent_guesses_at_a_sign_up_code_stop_at_its_budget(graph: WorkflowClient) -> None:
    """The race the issue names: more wrong guesses at once than the budget; then even the right
    code is refused and nothing was written."""
    await send(graph)
    right = graph.outbox.last_code(PHONE)
    guesses = [f"{(int(right) + n) % 1_000_000:06d}" for n in range(1, SIGN_UP_CODE_ATTEMPTS + 4)]
    inputs = [await sign_up_input(graph, phoneCode=guess) for guess in guesses]
    payloads = await asyncio.gather(
        *(graph.mutate("anonymous", "registerVolunteer", REGISTER, {"input": one}) for one in inputs)
    )
    assert all(errors(payload) == [(["input", "phoneCode"], "INVALID")] for payload in payloads)
    assert [row["attempts_left"] for row in await graph.rows(codes_table)] == [0]
    spent = await graph.mutate(
        "anonymous", "registerVolunteer", REGISTER, {"input": await sign_up_input(graph)}
    )
    assert errors(spent) == [(["input", "phoneCode"], "INVALID")]
    assert await graph.rows(volunteers, volunteers.c.phone == PHONE) == []


async def test_a_registered_phone_gets_a_notice_not_a_code_and_the_same_answer(graph: WorkflowClient) -> None:
    registered = "13600000000"  # the world's volunteer V1
    assert await send(graph, registered) == await send(graph, "13711112222")
    [notice] = graph.outbox.to(registered)
    assert notice.kind == "phone_already_registered" and notice.code is None
    # A code is stored all the same (never told), so re-sends are spaced alike.
    assert len(await graph.rows(codes_table)) == 2


async def test_a_code_is_sent_again_no_sooner_than_a_minute_later(graph: WorkflowClient) -> None:
    assert (await send(graph))["sent"] and (await send(graph))["sent"]
    assert len(graph.outbox.to(PHONE)) == 1
    bad = await send(graph, "12345")
    assert errors(bad) == [(["input", "phone"], "INVALID")] and bad["sent"] is False


async def test_a_taken_username_is_refused_and_the_code_still_works(graph: WorkflowClient) -> None:
    await send(graph)
    taken = await sign_up_input(graph, username="user_v1")  # the world's account of V1
    payload = await graph.mutate("anonymous", "registerVolunteer", REGISTER, {"input": taken})
    assert errors(payload) == [(["input", "username"], "INVALID")]
    assert payload["userErrors"][0]["message"] == "该用户名已被使用，请换一个"
    retried = await graph.mutate(
        "anonymous", "registerVolunteer", REGISTER, {"input": await sign_up_input(graph)}
    )
    assert retried["userErrors"] == []


async def test_before_the_phone_is_proven_nothing_tells_whether_a_username_is_taken(
    graph: WorkflowClient,
) -> None:
    """A wrong code, or any problem of the form, gets the same answer for a taken username
    (the world's user_v1) as for a free one; the taken one is told only after the proof."""
    await send(graph)

    async def refusal(username: str, **changes: Any) -> list[dict[str, Any]]:
        values = await sign_up_input(graph, username=username, **changes)
        return (await graph.mutate("anonymous", "registerVolunteer", REGISTER, {"input": values}))[
            "userErrors"
        ]

    for changes in ({"phoneCode": "000000"}, {"password": "password"}, {"districtId": "RGlzdHJpY3Q6OTk5"}):
        taken = await refusal("user_v1", **changes)
        assert taken == await refusal("free_name_1", **changes), changes
        assert taken and all(e["field"] != ["input", "username"] for e in taken), changes
    assert [(e["field"], e["code"]) for e in await refusal("user_v1")] == [(["input", "username"], "INVALID")]


async def test_two_sign_ups_of_one_username_at_once_make_one_account(graph: WorkflowClient) -> None:
    phones = ("13911110001", "13911110002", "13911110003")
    inputs = []
    for phone in phones:
        await send(graph, phone)
        inputs.append(await sign_up_input(graph, phone))
    results = await asyncio.gather(
        *(graph.mutate("anonymous", "registerVolunteer", REGISTER, {"input": one}) for one in inputs)
    )
    assert sorted(str(errors(result)) for result in results) == sorted(
        [str([]), *[str([(["input", "username"], "INVALID")])] * 2]
    )
    assert len(await graph.rows(accounts, accounts.c.username == "li_na")) == 1
    assert len(await graph.rows(volunteers, volunteers.c.name == "小李")) == 1


async def test_an_anonymous_retry_with_the_same_key_signs_up_once(graph: WorkflowClient) -> None:
    await send(graph)
    one = await sign_up_input(graph, idempotencyKey="6f1d2c3b-aaaa-4bbb-8ccc-0123456789ab")
    first = await graph.mutate("anonymous", "registerVolunteer", REGISTER, {"input": one})
    retry = await graph.mutate("anonymous", "registerVolunteer", REGISTER, {"input": one})
    assert first["userErrors"] == [] and retry["userErrors"] == []
    assert retry["volunteer"]["id"] == first["volunteer"]["id"] and retry["token"]
    assert len(await graph.rows(accounts, accounts.c.username == "li_na")) == 1
    # Another input with the same key is another command (here: the code is used by now).
    other = {**one, "displayName": "李娜娜"}
    assert errors(await graph.mutate("anonymous", "registerVolunteer", REGISTER, {"input": other})) == [
        (["input", "phoneCode"], "INVALID")
    ]


async def test_staff_and_accounts_acting_for_someone_cannot_sign_up(graph: WorkflowClient) -> None:
    await send(graph)
    one = await sign_up_input(graph, username=None, password=None)
    assert errors(await graph.mutate("admin", "registerVolunteer", REGISTER, {"input": one})) == [
        (None, "FORBIDDEN")
    ]
    assert errors(await graph.mutate("v1", "registerVolunteer", REGISTER, {"input": one})) == [
        (None, "INVALID_STATE")
    ]
    assert await graph.rows(volunteers, volunteers.c.phone == PHONE) == []


async def test_codes_and_sign_ups_share_a_budget_per_client_address(graph: WorkflowClient) -> None:
    settings = Settings(env="test", anonymous_submission_limit=2)
    app = create_app(settings, engine=graph.engine, notifier=graph.outbox)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        limited = WorkflowClient(http, graph.world, graph.engine, None)
        limited.outbox = graph.outbox
        assert (await send(limited, "13900000001"))["sent"]
        assert (await send(limited, "13900000002"))["sent"]
        refused = await send(limited, "13900000003")
        assert errors(refused) == [(None, "RATE_LIMITED")] and not refused["sent"]
        sign_up = await sign_up_input(limited, "13900000001")
        payload = await limited.mutate("anonymous", "registerVolunteer", REGISTER, {"input": sign_up})
        assert errors(payload) == [(None, "RATE_LIMITED")]
        assert graph.outbox.to("13900000003") == []
        # Signed-in callers are not counted.
        assert (await send(limited, "13900000003", viewer="v1"))["sent"]
