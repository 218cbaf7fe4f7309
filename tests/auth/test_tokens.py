"""Bearer tokens: ours (HS256) and an external provider's (RS256/ES256 against its JWKS).

A token that cannot be trusted refuses the whole request with HTTP 401 and a JSON body; no
header at all is simply anonymous. The JWKS is served from a server on the loopback
interface, so the real fetch path (PyJWKClient) is exercised without leaving the machine.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from sqlalchemy import select, update

from app import create_app
from auth.tokens import EMBEDDED_AUDIENCE, EMBEDDED_ISSUER, TokenIssuer
from datasources.tables import Account
from domain.global_ids import encode
from settings import Settings
from tests.auth.world import World
from tests.builders import Builder

ISSUER = "https://idp.example.test/realms/ywx"
AUDIENCE = "yiwuxian-api"
VIEWER = "{ viewer { displayName roles participant { id } } }"


def now() -> datetime:
    return datetime.now(UTC)


async def status_and_body(
    http: httpx.AsyncClient, token: str | None, header: str | None = None
) -> tuple[int, Any]:
    headers = (
        {"authorization": header if header is not None else f"Bearer {token}"} if (token or header) else {}
    )
    response = await http.post("/graphql", json={"query": VIEWER}, headers=headers)
    return response.status_code, response.json()


# ---------------------------------------------------------------------------- our own tokens


def ours(world: World, account: str = "o1", **changes: Any) -> dict[str, Any]:
    claims = {
        "iss": EMBEDDED_ISSUER,
        "aud": EMBEDDED_AUDIENCE,
        "sub": str(world.ids[account]),
        "iat": now(),
        "exp": now() + timedelta(minutes=5),
        "roles": ["ORG_MEMBER"],
    }
    claims.update(changes)
    return {key: value for key, value in claims.items() if value is not None}


def signed(claims: dict[str, Any], secret: str | None = None) -> str:
    issuer = TokenIssuer(secret or Settings(env="test").jwt_secret, 60)
    return jwt.encode(claims, issuer._secret, algorithm="HS256")


async def test_a_valid_token_names_its_account(world_client, world: World) -> None:
    code, body = await status_and_body(world_client.http, signed(ours(world)))
    assert code == 200
    assert body["data"]["viewer"] == {
        "displayName": "Person o1",
        "roles": ["ORG_MEMBER"],
        "participant": {"id": world.gid("O1")},
    }


async def test_no_header_is_anonymous(world_client) -> None:
    code, body = await status_and_body(world_client.http, None)
    assert (code, body["data"]) == (200, {"viewer": None})


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("bad signature", lambda w: signed(ours(w), secret="another secret entirely"), "signature"),
        ("wrong audience", lambda w: signed(ours(w, aud="someone-else")), "audience"),
        ("wrong issuer", lambda w: signed(ours(w, iss="https://evil.example")), "issuer"),
        ("expired", lambda w: signed(ours(w, exp=now() - timedelta(minutes=5))), "expired"),
        ("no expiry", lambda w: signed(ours(w, exp=None)), "exp"),
        ("unknown account", lambda w: signed(ours(w, sub="999999")), "account"),
        ("alg none", lambda w: jwt.encode(ours(w), None, algorithm="none"), "not accepted"),
        ("garbage", lambda w: "not.a.token", "malformed"),
        ("RS256 without a configured provider", lambda w: rs256(ours(w), RSA_KEY, "k1"), "not accepted"),
    ],
)
async def test_untrustworthy_tokens_refuse_the_whole_request(
    world_client, world: World, name, make, reason
) -> None:
    response = await world_client.http.post(
        "/graphql",
        json={"query": "{ districts { totalCount } }"},
        headers={"authorization": f"Bearer {make(world)}"},
    )
    assert response.status_code == 401, name
    assert response.headers["www-authenticate"].startswith("Bearer")
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "UNAUTHENTICATED"}
    assert reason in error["message"]


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer    ", "token abc"])
async def test_other_authorization_schemes_are_refused(world_client, header: str) -> None:
    code, body = await status_and_body(world_client.http, None, header=header)
    assert code == 401
    assert "Bearer <token>" in body["errors"][0]["message"]


# ---------------------------------------------------------------------------- an external provider

RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
EC_KEY = ec.generate_private_key(ec.SECP256R1())


def jwk(private_key: Any, kid: str, alg: str) -> dict[str, Any]:
    algorithm = jwt.algorithms.RSAAlgorithm if alg == "RS256" else jwt.algorithms.ECAlgorithm
    key = json.loads(algorithm.to_jwk(private_key.public_key()))
    return {**key, "kid": kid, "alg": alg, "use": "sig"}


def rs256(claims: dict[str, Any], key: Any, kid: str) -> str:
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


def es256(claims: dict[str, Any], key: Any, kid: str) -> str:
    return jwt.encode(claims, key, algorithm="ES256", headers={"kid": kid})


@pytest.fixture(scope="module")
def jwks_url() -> Iterator[str]:
    keys = {"keys": [jwk(RSA_KEY, "rsa-1", "RS256"), jwk(EC_KEY, "ec-1", "ES256")]}
    body = json.dumps(keys).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/jwks.json"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
async def home(empty_db) -> int:
    _, pk = await Builder(empty_db).home(
        name="Home", subdistrict="s", community="c", address="a", at=(39.9, 116.4)
    )
    return pk


@pytest.fixture
async def external(empty_db, jwks_url) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(env="test", jwks_url=jwks_url, jwt_issuer=ISSUER, jwt_audience=AUDIENCE)
    app = create_app(settings, engine=empty_db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        yield http


def theirs(home: int, **changes: Any) -> dict[str, Any]:
    claims = {
        "iss": ISSUER,
        "aud": [AUDIENCE, "account"],
        "sub": "f3a1c0de-0000-4000-8000-000000000001",
        "iat": now(),
        "exp": now() + timedelta(minutes=5),
        "name": "张主任",
        "roles": ["HOME_MANAGER", "offline_access"],  # names that are not our roles are ignored
        "participant": encode("Home", home),
    }
    claims.update(changes)
    return {key: value for key, value in claims.items() if value is not None}


async def test_provider_tokens_map_claims_to_roles_and_participant(external, empty_db, home) -> None:
    code, body = await status_and_body(external, rs256(theirs(home), RSA_KEY, "rsa-1"))
    assert code == 200, body
    assert body["data"]["viewer"] == {
        "displayName": "张主任",
        "roles": ["HOME_MANAGER"],
        "participant": {"id": encode("Home", home)},
    }
    # The next token of the same person reuses her account; new roles are copied to it.
    code, body = await status_and_body(
        external, es256(theirs(home, roles=["SUPERVISOR"], participant=None), EC_KEY, "ec-1")
    )
    assert code == 200, body
    assert body["data"]["viewer"]["roles"] == ["SUPERVISOR"]
    async with empty_db.connect() as connection:
        linked = (
            await connection.execute(select(Account.username, Account.roles, Account.password_hash))
        ).all()
    assert len(linked) == 1
    username, roles, password_hash = linked[0]
    assert username.startswith("ext_") and "f3a1c0de" not in username
    assert roles == ["SUPERVISOR"] and password_hash is None


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("wrong audience", lambda h: rs256(theirs(h, aud="another-api"), RSA_KEY, "rsa-1")),
        ("wrong issuer", lambda h: rs256(theirs(h, iss="https://elsewhere.test"), RSA_KEY, "rsa-1")),
        ("expired", lambda h: rs256(theirs(h, exp=now() - timedelta(minutes=5)), RSA_KEY, "rsa-1")),
        ("not signed by the provider", lambda h: rs256(theirs(h), OTHER_RSA_KEY, "rsa-1")),
        ("unknown key id", lambda h: rs256(theirs(h), RSA_KEY, "rsa-9")),
        ("bad participant claim", lambda h: rs256(theirs(h, participant="bm90IGFuIGlk"), RSA_KEY, "rsa-1")),
        # HS256 "signed" with the provider's public key: must never be checked against it.
        ("algorithm confusion", lambda h: hs256_with_public_key(theirs(h))),
    ],
)
async def test_provider_tokens_are_checked(external, home, name, make) -> None:
    code, body = await status_and_body(external, make(home))
    assert code == 401, name
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def hs256_with_public_key(claims: dict[str, Any]) -> str:
    """HS256 "signed" with the provider's public key (PyJWT refuses to make one, so by hand)."""

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    pem = RSA_KEY.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    payload = {k: int(v.timestamp()) if isinstance(v, datetime) else v for k, v in claims.items()}
    header = {"alg": "HS256", "typ": "JWT", "kid": "rsa-1"}
    signing_input = b64(json.dumps(header).encode()) + "." + b64(json.dumps(payload).encode())
    return signing_input + "." + b64(hmac.new(pem, signing_input.encode(), hashlib.sha256).digest())


async def test_a_disabled_linked_account_is_refused(external, empty_db, home) -> None:
    token = rs256(theirs(home), RSA_KEY, "rsa-1")
    assert (await status_and_body(external, token))[0] == 200
    async with empty_db.begin() as connection:
        await connection.execute(update(Account.__table__).values(is_active=False))
    code, body = await status_and_body(external, token)
    assert code == 401
    assert "disabled" in body["errors"][0]["message"]


async def test_signing_out_everywhere_ends_the_providers_earlier_tokens(external, empty_db, home) -> None:
    """The provider's tokens cannot carry our token version: its sign-out time reaches them by
    their `iat`. Signed out with one of them, every token issued until then is refused, and the
    provider's next one works."""
    earlier = rs256(theirs(home, iat=now() - timedelta(minutes=2)), RSA_KEY, "rsa-1")
    token = rs256(theirs(home), RSA_KEY, "rsa-1")
    assert (await status_and_body(external, earlier))[0] == 200
    sign_out = "mutation { signOutEverywhere(input: {}) { account { id } userErrors { code } } }"
    response = await external.post(
        "/graphql", json={"query": sign_out}, headers={"authorization": f"Bearer {token}"}
    )
    assert response.json()["data"]["signOutEverywhere"]["userErrors"] == []
    for old in (earlier, token):
        code, body = await status_and_body(external, old)
        assert code == 401 and "signed out" in body["errors"][0]["message"]
    later = rs256(theirs(home, iat=now() + timedelta(seconds=2)), RSA_KEY, "rsa-1")
    code, body = await status_and_body(external, later)
    assert code == 200, body
    async with empty_db.connect() as connection:
        [(ended,)] = (await connection.execute(select(Account.sessions_ended_at))).all()
    assert ended is not None and ended <= now()


async def test_an_unreachable_key_set_is_a_503(empty_db, home) -> None:
    settings = Settings(
        env="test", jwks_url="http://127.0.0.1:9/jwks.json", jwt_issuer=ISSUER, jwt_audience=AUDIENCE
    )
    app = create_app(settings, engine=empty_db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        code, body = await status_and_body(http, rs256(theirs(home), RSA_KEY, "rsa-1"))
    assert code == 503
    assert body["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
