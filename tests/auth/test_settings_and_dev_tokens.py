"""Secrets from settings (production refuses the development one) and `yiwuxian token`."""

from __future__ import annotations

import jwt
import pytest
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncEngine

import cli
from auth.dev_tokens import DevTokenRefused, mint_dev_token
from auth.tokens import TokenIssuer
from settings import DEV_JWT_SECRET, Settings, get_settings
from tests.auth.world import World


@pytest.mark.parametrize("secret", [DEV_JWT_SECRET, "short-but-not-default"])
def test_production_refuses_a_development_or_short_secret(secret: str) -> None:
    with pytest.raises(ValidationError, match="YWX_JWT_SECRET must be set in production"):
        Settings(env="production", jwt_secret=secret)


def test_production_starts_with_a_real_secret() -> None:
    assert Settings(env="production", jwt_secret="s" * 40).jwt_secret == "s" * 40


def test_a_key_set_needs_its_issuer_and_audience() -> None:
    with pytest.raises(ValidationError, match="YWX_JWT_ISSUER and YWX_JWT_AUDIENCE"):
        Settings(jwks_url="http://127.0.0.1/jwks.json", jwt_issuer="https://idp")


def test_secrets_come_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("YWX_JWT_SECRET", "from-the-environment-" + "x" * 20)
    monkeypatch.setenv("YWX_JWT_TTL_SECONDS", "600")
    settings = Settings()
    assert settings.jwt_secret.startswith("from-the-environment-")
    assert settings.jwt_ttl_seconds == 600


def claims_of(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


async def test_dev_tokens_name_a_matching_account(world_db: tuple[AsyncEngine, World]) -> None:
    engine, world = world_db
    settings = Settings(env="development")
    minted = await mint_dev_token(settings, engine, "HOME_MANAGER", world.gid("H1"), None)
    assert minted.account_id == world.ids["m1"]
    verified = TokenIssuer(settings.jwt_secret, 60).verify(minted.token)
    assert verified.subject == str(world.ids["m1"])
    assert claims_of(minted.token)["participant"] == world.gid("H1")
    staff = await mint_dev_token(settings, engine, "SUPERVISOR", None, "user_supervisor", ttl_seconds=120)
    assert staff.account_id == world.ids["supervisor"]
    assert claims_of(staff.token)["exp"] - claims_of(staff.token)["iat"] == 120


@pytest.mark.parametrize(
    ("env", "role", "participant", "username", "message"),
    [
        ("production", "ADMIN", None, None, "only when YWX_ENV=development"),
        ("test", "ADMIN", None, None, "only when YWX_ENV=development"),
        ("development", "BOSS", None, None, "unknown role"),
        ("development", "HOME_MANAGER", None, None, "acts for a Home"),
        ("development", "HOME_MANAGER", "O1", None, "acts for a Home"),
        ("development", "ADMIN", "H1", None, "acts for no participant"),
        ("development", "VOLUNTEER", "bm9wZQ==", None, "not the global id of a participant"),
        ("development", "ADMIN", None, "user_v1", "no active 'user_v1'"),
    ],
)
async def test_dev_tokens_are_refused_when_they_make_no_sense(
    world_db, env, role, participant, username, message
) -> None:
    engine, world = world_db
    settings = Settings(env=env, jwt_secret="p" * 32)
    participant_id = world.gid(participant) if participant in world.ids else participant
    with pytest.raises(DevTokenRefused, match=message):
        await mint_dev_token(settings, engine, role, participant_id, username)


def test_the_token_command_refuses_outside_development(monkeypatch, capsys, tmp_path) -> None:
    monkeypatch.setenv("YWX_ENV", "production")
    monkeypatch.setenv("YWX_JWT_SECRET", "p" * 40)
    monkeypatch.setenv("YWX_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/none.db")
    get_settings.cache_clear()
    try:
        assert cli.main(["token", "--role", "ADMIN"]) == 2
    finally:
        get_settings.cache_clear()
    assert "development" in capsys.readouterr().err
