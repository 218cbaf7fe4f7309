"""The two apps the compiled tests compare (compiled on, off) and the viewers they compare for."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from app import create_app
from bench.read_queries import first_home_with_demands
from datasources.tables import Account, Organization
from settings import Settings
from tests.builders import token_for


async def _app_client(demo_db: Any, compiled: bool) -> httpx.AsyncClient:
    settings = Settings(
        env="test", max_cost_anonymous=10**12, max_cost_signed_in=10**12, compiled_execution=compiled
    )
    transport = httpx.ASGITransport(app=create_app(settings, engine=demo_db))
    return httpx.AsyncClient(transport=transport, base_url="http://test")


@pytest.fixture(scope="module")
async def clients(demo_db) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient]]:
    compiled, resolved = await _app_client(demo_db, True), await _app_client(demo_db, False)
    async with compiled, resolved:
        yield compiled, resolved


@pytest.fixture(scope="module")
async def viewers(demo_db) -> dict[str, dict[str, str]]:
    """Authorization headers of one real account of each kind (the organization member's
    organization is the most rated, so she sees comments the others do not)."""
    async with demo_db.connect() as connection:
        accounts = (await connection.execute(select(Account).order_by(Account.id))).all()
        most_rated = (
            (
                await connection.execute(
                    select(Organization.id)
                    .where(Organization.status == "ACTIVE")
                    .order_by(Organization.rating_count.desc(), Organization.id)
                )
            )
            .scalars()
            .all()
        )

    def header(account: Any) -> dict[str, str]:
        participant = (account.participant_kind, account.participant_id) if account.participant_kind else None
        return {"authorization": f"Bearer {token_for(account.id, account.roles, participant)}"}

    def first(condition: Any) -> Any:
        return next(account for account in accounts if condition(account))

    members = {a.participant_id: a for a in accounts if a.participant_kind == "ORGANIZATION"}
    member = next(members[pk] for pk in most_rated if pk in members)
    return {
        "anonymous": {},
        "home manager": header(first(lambda a: a.participant_kind == "HOME")),
        "organization member": header(member),
        "volunteer": header(first(lambda a: a.participant_kind == "VOLUNTEER")),
        "staff": header(first(lambda a: "ADMIN" in a.roles)),
    }


@pytest.fixture(scope="module")
async def home(demo_db) -> str:
    return await first_home_with_demands(demo_db)
