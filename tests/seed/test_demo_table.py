"""Each claim of the README's demo-account table (and the joining rows beside it) holds in the
demo seed; the `beijing` scale was checked by hand (see the seed's docs)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from app import create_app
from datasources.seed import NOW, seed_database
from datasources.seed.accounts import DEMO_PASSWORD
from domain.workflows.joining import PRIVACY_POLICY_VERSION
from settings import Settings
from tests.builders import gid
from tests.databases import migrated_database
from tests.seed.queries import fetch

LOGIN = "mutation($u: String!, $p: String!) { login(input: {username: $u, password: $p}) { token } }"
ACCEPT = """
mutation($input: AcceptInvitationInput!) {
  acceptInvitation(input: $input) { account { roles participant { id } } userErrors { field code } }
}"""
SUGGESTED = """
query($id: ID!) { node(id: $id) { ... on Demand { suggestedResources(first: 5) { resource { id } } } } }
"""


@pytest.fixture(scope="module")
async def http(demo_db: AsyncEngine) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Settings(env="test"), engine=demo_db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
        yield client


async def post(http: httpx.AsyncClient, query: str, variables: dict[str, object], **headers: str) -> dict:
    response = await http.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


async def acting_for(engine: AsyncEngine, username: str) -> int:
    [(participant,)] = await fetch(
        engine, "SELECT participant_id FROM accounts WHERE username = :u", u=username
    )
    return participant


async def test_demo_home_has_an_open_demand_that_gets_suggestions(
    http: httpx.AsyncClient, demo_db: AsyncEngine
) -> None:
    home = await acting_for(demo_db, "demo_home")
    open_demands = await fetch(
        demo_db,
        "SELECT id FROM demands WHERE requester_kind = 'HOME' AND requester_id = :h AND status = 'OPEN'",
        h=home,
    )
    assert open_demands
    token = (await post(http, LOGIN, {"u": "demo_home", "p": DEMO_PASSWORD}))["login"]["token"]
    suggested = []
    for (demand,) in open_demands:
        data = await post(http, SUGGESTED, {"id": gid("Demand", demand)}, Authorization=f"Bearer {token}")
        suggested += data["node"]["suggestedResources"]
    assert suggested


async def test_demo_volunteer_has_an_accepted_application(demo_db: AsyncEngine) -> None:
    volunteer = await acting_for(demo_db, "demo_volunteer")
    accepted = await fetch(
        demo_db,
        "SELECT count(*) FROM volunteer_applications WHERE volunteer_id = :v AND status = 'ACCEPTED'",
        v=volunteer,
    )
    assert accepted[0][0] >= 1


async def test_demo_social_worker_is_verified(demo_db: AsyncEngine) -> None:
    worker = await acting_for(demo_db, "demo_social_worker")
    [(status,)] = await fetch(
        demo_db, "SELECT verification_status FROM social_workers WHERE id = :w", w=worker
    )
    assert status == "VERIFIED"


async def test_a_self_registered_social_worker_awaits_verification(demo_db: AsyncEngine) -> None:
    pending = await fetch(
        demo_db,
        "SELECT s.certificate_number, a.consent_version FROM social_workers s JOIN accounts a"
        " ON a.participant_kind = 'SOCIAL_WORKER' AND a.participant_id = s.id"
        " WHERE s.verification_status = 'PENDING'",
    )
    assert len(pending) == 1
    [(certificate, consent)] = pending
    assert certificate and consent == PRIVACY_POLICY_VERSION


async def test_open_invitations_for_a_home_claim_and_for_staff(demo_db: AsyncEngine) -> None:
    rows = await fetch(
        demo_db, "SELECT role, participant_kind, status, expires_at FROM invitations ORDER BY id"
    )
    assert [(role, kind, status) for role, kind, status, _ in rows] == [
        ("HOME_MANAGER", "HOME", "OPEN"),
        ("SUPERVISOR", None, "OPEN"),
    ]
    assert all(str(expires) > str(NOW.replace(tzinfo=None)) for *_, expires in rows)


async def test_volunteers_who_signed_up_recorded_consent(demo_db: AsyncEngine) -> None:
    rows = await fetch(
        demo_db,
        "SELECT a.consent_version, a.consented_at FROM accounts a JOIN volunteers v"
        " ON a.participant_kind = 'VOLUNTEER' AND a.participant_id = v.id",
    )
    consented = [row for row in rows if row[0] is not None]
    assert consented and len(consented) < len(rows)  # sign-up-like ones only, not the imported-like
    assert all(version == PRIVACY_POLICY_VERSION and at is not None for version, at in consented)


async def test_the_seeded_invitations_can_be_accepted_with_the_codes_the_seed_shows(tmp_path) -> None:
    """Their codes are shown once by the seed (`./dev seed` prints them), stored hashed, and work
    in `acceptInvitation` like any other: the home's manager claims the home, the supervisor joins
    the staff; a code is good once."""
    async with migrated_database(tmp_path) as engine:
        seeded = await seed_database(engine, scale="demo", seed=1)
        assert [invitation.role for invitation in seeded.invitations] == ["HOME_MANAGER", "SUPERVISOR"]
        hashes = await fetch(
            engine, "SELECT subject, code_hash FROM one_time_codes WHERE purpose = 'invitation'"
        )
        assert sorted(subject for subject, _ in hashes) == sorted(
            str(i.invitation_id) for i in seeded.invitations
        )
        assert not any(code_hash in {i.code for i in seeded.invitations} for _, code_hash in hashes)
        [(home,)] = await fetch(
            engine, "SELECT participant_id FROM invitations WHERE role = 'HOME_MANAGER' AND status = 'OPEN'"
        )
        app = create_app(Settings(env="test"), engine=engine)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            accepted = []
            for n, invitation in enumerate(seeded.invitations):
                variables = {
                    "input": {
                        "code": invitation.code,
                        "username": f"invited_{n}",
                        "password": "lantern-orchard-7",
                    }
                }
                payload = (await post(http, ACCEPT, variables))["acceptInvitation"]
                assert payload["userErrors"] == [], invitation
                accepted.append(payload["account"])
                again = {"input": {**variables["input"], "username": f"again_{n}"}}
                assert (await post(http, ACCEPT, again))["acceptInvitation"]["userErrors"] == [
                    {"field": ["input", "code"], "code": "INVALID"}
                ]
            assert accepted == [
                {"roles": ["HOME_MANAGER"], "participant": {"id": gid("Home", home)}},
                {"roles": ["SUPERVISOR"], "participant": None},
            ]
            signed_in = await post(http, LOGIN, {"u": "invited_0", "p": "lantern-orchard-7"})
            assert signed_in["login"]["token"]
