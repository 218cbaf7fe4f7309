"""Someone signed in through the external identity provider, acting for nobody, creates her
volunteer profile with registerVolunteer, without username or password; her account then acts
for it on every later request with the provider's tokens."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from app import create_app
from datasources.seed.districts import ensure_districts
from domain.global_ids import encode
from domain.workflows.joining import PRIVACY_POLICY_VERSION
from settings import Settings
from tests.auth.test_tokens import AUDIENCE, ISSUER, RSA_KEY, jwks_url, rs256, theirs  # noqa: F401  (a fixture)
from tests.outbox import Outbox

PHONE = "13755556666"
REGISTER = """
mutation($input: RegisterVolunteerInput!) {
  registerVolunteer(input: $input) { volunteer { id realName } token userErrors { field code } }
}"""
VIEWER = "{ viewer { roles participant { id } } }"


@pytest.fixture
async def provider(empty_db, jwks_url) -> AsyncIterator[tuple[httpx.AsyncClient, Outbox, int]]:  # noqa: F811
    async with empty_db.begin() as connection:
        districts = await ensure_districts(connection)
    outbox = Outbox()
    settings = Settings(env="test", jwks_url=jwks_url, jwt_issuer=ISSUER, jwt_audience=AUDIENCE)
    app = create_app(settings, engine=empty_db, notifier=outbox)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        yield http, outbox, districts["110108"]


async def post(
    http: httpx.AsyncClient, token: str, query: str, variables: dict[str, Any] | None = None
) -> Any:
    response = await http.post(
        "/graphql",
        json={"query": query, "variables": variables or {}},
        headers={"authorization": f"Bearer {token}"},
    )
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


async def test_a_provider_account_creates_its_volunteer_profile(provider) -> None:  # type: ignore[no-untyped-def]
    http, outbox, district = provider
    token = rs256(theirs(0, participant=None, roles=[]), RSA_KEY, "rsa-1")
    assert (await post(http, token, VIEWER))["viewer"] == {"roles": [], "participant": None}
    send = "mutation($p: String!) { sendSignUpCode(input: {phone: $p}) { sent } }"
    assert (await post(http, token, send, {"p": PHONE}))["sendSignUpCode"]["sent"]
    sign_up = {
        "displayName": "小周",
        "realName": "周芳",
        "phone": PHONE,
        "phoneCode": outbox.last_code(PHONE),
        "districtId": encode("District", district),
        "privacyPolicyVersion": PRIVACY_POLICY_VERSION,
    }
    with_password = {**sign_up, "username": "zhou_fang", "password": "a-long-passphrase"}
    refused = (await post(http, token, REGISTER, {"input": with_password}))["registerVolunteer"]
    assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [
        (["input", "username"], "INVALID"),
        (["input", "password"], "INVALID"),
    ]
    payload = (await post(http, token, REGISTER, {"input": sign_up}))["registerVolunteer"]
    assert payload["userErrors"] == [] and payload["token"] is None  # she keeps the provider's tokens
    assert payload["volunteer"]["realName"] == "周芳"
    later = rs256(theirs(0, participant=None, roles=[]), RSA_KEY, "rsa-1")
    assert (await post(http, later, VIEWER))["viewer"] == {
        "roles": ["VOLUNTEER"],
        "participant": {"id": payload["volunteer"]["id"]},
    }
    again = (await post(http, later, REGISTER, {"input": sign_up}))["registerVolunteer"]
    assert [(e["field"], e["code"]) for e in again["userErrors"]] == [(None, "INVALID_STATE")]
