"""Invitations: createInvitation (who invites whom), acceptInvitation (claiming an imported
participant, one acceptance per invitation, the code's budget), revokeInvitation, and the staff list."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from datasources.tables import Account, AuditEntry, Home, Invitation, OneTimeCode
from domain.workflows.invitations import CODE_ATTEMPTS
from tests.workflows.conftest import WorkflowClient
from tests.workflows.test_accounts import codes
from tests.workflows.test_joining import REGISTER, send, sign_up_input

ACCOUNTS, AUDIT, HOMES = Account.__table__, AuditEntry.__table__, Home.__table__
INVITATIONS, CODES = Invitation.__table__, OneTimeCode.__table__
PASSWORD = "amber-willow-cloud"
CREATE = """
mutation($input: CreateInvitationInput!) {
  createInvitation(input: $input) {
    invitation { id role status displayName sentTo expiresAt participant { id } invitedBy { id } }
    code
    userErrors { field code message }
  }
}"""
ACCEPT = """
mutation($input: AcceptInvitationInput!) {
  acceptInvitation(input: $input) {
    account { id displayName roles participant { id } }
    userErrors { field code message }
  }
}"""
REVOKE = """
mutation($input: RevokeInvitationInput!) {
  revokeInvitation(input: $input) { invitation { id status } userErrors { field code } }
}"""
LIST = """
query($statuses: [InvitationStatus!]) {
  invitations(first: 10, filter: {statuses: $statuses}) { totalCount nodes { id status role } }
}"""
LOGIN = (
    "mutation($input: LoginInput!) { login(input: $input) { token viewer { roles } userErrors { code } } }"
)


async def invite(
    graph: WorkflowClient, viewer: str, role: str, participant: str | None = None, **more
) -> dict:
    values = {"role": role, "displayName": "李华", **more}
    if participant is not None:
        values["participantId"] = graph.world.gid(participant)
    return await graph.mutate(viewer, "createInvitation", CREATE, {"input": values})


async def accept(graph: WorkflowClient, code: str, username: str = "li_hua", **more) -> dict:
    values = {"code": code, "username": username, "password": PASSWORD, **more}
    return await graph.mutate("anonymous", "acceptInvitation", ACCEPT, {"input": values})


async def test_an_imported_volunteer_claims_herself_by_invitation(graph: WorkflowClient) -> None:
    volunteer = await graph.build.volunteer(name="王芳", ref="import-v-7")
    graph.world.ids["V7"], graph.world.types["V7"] = volunteer[1], "Volunteer"
    created = await invite(
        graph, "supervisor", "VOLUNTEER", "V7", phone="13912345678", email="wf@example.org"
    )
    assert created["userErrors"] == []
    invitation, code = created["invitation"], created["code"]
    assert (invitation["role"], invitation["status"], invitation["participant"]["id"]) == (
        "VOLUNTEER",
        "OPEN",
        graph.world.gid("V7"),
    )
    assert invitation["sentTo"] == "139****5678, w***@example.org"
    assert graph.outbox.last_code("13912345678") == code == graph.outbox.last_code("wf@example.org")
    stored = await graph.rows(CODES)
    assert len(stored) == 1 and code.split("-")[1] not in stored[0]["code_hash"]

    accepted = await accept(graph, code, displayName="王芳")
    assert accepted["userErrors"] == []
    account = accepted["account"]
    assert (account["displayName"], account["roles"]) == ("王芳", ["VOLUNTEER"])
    signed_in = await graph.mutate(
        "anonymous", "login", LOGIN, {"input": {"username": "li_hua", "password": PASSWORD}}
    )
    assert signed_in["token"] and signed_in["viewer"]["roles"] == ["VOLUNTEER"]
    rows = await graph.rows(ACCOUNTS, ACCOUNTS.c.username == "li_hua")
    assert [(r["participant_kind"], r["participant_id"]) for r in rows] == [("VOLUNTEER", volunteer[1])]
    # The same person is not invited twice: she signs in with her account.
    again = await invite(graph, "supervisor", "VOLUNTEER", "V7")
    assert codes(again) == [(["input", "participantId"], "INVALID_STATE")] and again["code"] is None
    shown = await graph.post("admin", LIST, {"statuses": ["ACCEPTED"]})
    assert shown["data"]["invitations"]["nodes"] == [
        {"id": invitation["id"], "status": "ACCEPTED", "role": "VOLUNTEER"}
    ]
    actions = [e["action"] for e in await graph.rows(AUDIT, AUDIT.c.action.like("%Invitation"))]
    assert actions == ["createInvitation", "acceptInvitation", "acceptInvitation"]


async def test_a_new_home_gets_its_manager_by_invitation(graph: WorkflowClient) -> None:
    home = await graph.build.home(name="新家")
    graph.world.ids["H9"], graph.world.types["H9"] = home[1], "Home"
    created = await invite(graph, "admin", "HOME_MANAGER", "H9")
    accepted = await accept(graph, created["code"], username="manager9")
    assert accepted["userErrors"] == [] and accepted["account"]["displayName"] == "李华"
    account_id = (await graph.rows(ACCOUNTS, ACCOUNTS.c.username == "manager9"))[0]["id"]
    assert (await graph.row(HOMES, home[1]))["manager_account_id"] == account_id
    # A second account for the home does not replace its manager.
    second = await invite(graph, "admin", "HOME_MANAGER", "H9")
    assert (await accept(graph, second["code"], username="helper9"))["userErrors"] == []
    assert (await graph.row(HOMES, home[1]))["manager_account_id"] == account_id


async def test_who_may_invite_to_which_role(graph: WorkflowClient) -> None:
    expected = [
        ("anonymous", "SUPERVISOR", None, (None, "UNAUTHENTICATED")),
        ("supervisor", "SUPERVISOR", None, (None, "FORBIDDEN")),  # staff roles: an ADMIN's
        ("admin", "ADMIN", "H1", (["input", "participantId"], "INVALID")),
        ("m1", "HOME_MANAGER", "H1", (None, "FORBIDDEN")),  # managers come from staff
        ("v1", "VOLUNTEER", "V2", (None, "FORBIDDEN")),
        ("o1", "ORG_MEMBER", "O2", (None, "FORBIDDEN")),  # colleagues of her own organization only
        ("admin", "HOME_MANAGER", None, (["input", "participantId"], "REQUIRED")),
        ("admin", "HOME_MANAGER", "O1", (["input", "participantId"], "INVALID")),
        ("admin", "VOLUNTEER", "V1", (["input", "participantId"], "INVALID_STATE")),  # v1 has an account
    ]
    for viewer, role, participant, problem in expected:
        payload = await invite(graph, viewer, role, participant)
        assert codes(payload) == [problem], (viewer, role)
    assert len(await graph.rows(INVITATIONS)) == 1  # the world's own INV1
    colleague = await invite(graph, "o1", "ORG_MEMBER")
    assert colleague["userErrors"] == [] and colleague["invitation"]["participant"]["id"] == graph.world.gid(
        "O1"
    )
    staff = await invite(graph, "admin", "SUPERVISOR")
    assert staff["userErrors"] == [] and staff["invitation"]["participant"] is None
    bad = await invite(graph, "admin", "SUPERVISOR", displayName=" ", phone="call me", validDays=31)
    assert codes(bad) == [
        (["input", "displayName"], "REQUIRED"),
        (["input", "phone"], "INVALID"),
        (["input", "validDays"], "OUT_OF_RANGE"),
    ]


async def test_one_invitation_accepted_twice_makes_one_account(graph: WorkflowClient) -> None:
    created = await invite(graph, "o1", "ORG_MEMBER")
    payloads = await asyncio.gather(
        *(accept(graph, created["code"], username=f"colleague{n}") for n in range(4))
    )
    assert sorted(len(p["userErrors"]) for p in payloads) == [0, 1, 1, 1]
    assert {(tuple(field), code) for p in payloads for field, code in codes(p)} == {
        (("input", "code"), "INVALID")
    }
    made = await graph.rows(ACCOUNTS, ACCOUNTS.c.username.like("colleague%"))
    assert [(r["roles"], r["participant_id"]) for r in made] == [(["ORG_MEMBER"], graph.world.ids["O1"])]
    invitation = (await graph.rows(INVITATIONS))[-1]
    assert (invitation["status"], invitation["account_id"]) == ("ACCEPTED", made[0]["id"])


async def test_guesses_beyond_the_budget_spend_the_invitation(graph: WorkflowClient) -> None:
    created = await invite(graph, "admin", "SUPERVISOR")
    invitation_id = created["code"].split("-")[0]
    guesses = await asyncio.gather(
        *(
            accept(graph, f"{invitation_id}-WRONGWRONG{n:02d}", username=f"guess{n}")
            for n in range(CODE_ATTEMPTS + 3)
        )
    )
    assert all(codes(p) == [(["input", "code"], "INVALID")] for p in guesses)
    assert [row["attempts_left"] for row in await graph.rows(CODES)] == [0]
    assert codes(await accept(graph, created["code"])) == [(["input", "code"], "INVALID")]
    assert await graph.rows(ACCOUNTS, ACCOUNTS.c.username.like("guess%")) == []


async def test_bad_input_is_refused_at_once_and_the_code_survives(graph: WorkflowClient) -> None:
    created = await invite(graph, "admin", "SUPERVISOR")
    bad = await graph.mutate(
        "anonymous", "acceptInvitation", ACCEPT,
        {"input": {"code": created["code"], "username": "a b", "password": "password"}},
    )  # fmt: skip
    assert codes(bad) == [(["input", "username"], "INVALID"), (["input", "password"], "INVALID")]
    taken = await accept(graph, created["code"], username="user_v1")
    assert codes(taken) == [(["input", "username"], "INVALID")]
    assert taken["userErrors"][0]["message"] == "该用户名已被使用，请换一个"  # as at sign-up
    assert (await accept(graph, created["code"], username="new_supervisor"))["userErrors"] == []


async def test_revoked_and_expired_invitations_do_not_work(graph: WorkflowClient) -> None:
    first = await invite(graph, "o1", "ORG_MEMBER")
    second = await invite(graph, "admin", "HOME_MANAGER", "H2")
    first_id, second_id = first["invitation"]["id"], second["invitation"]["id"]
    assert codes(
        await graph.mutate("m1", "revokeInvitation", REVOKE, {"input": {"invitationId": first_id}})
    ) == [(["input", "invitationId"], "NOT_FOUND")]
    revoked = await graph.mutate("o1", "revokeInvitation", REVOKE, {"input": {"invitationId": first_id}})
    assert revoked["userErrors"] == [] and revoked["invitation"]["status"] == "REVOKED"
    again = await graph.mutate("admin", "revokeInvitation", REVOKE, {"input": {"invitationId": first_id}})
    assert codes(again) == [(None, "INVALID_STATE")]
    assert codes(await accept(graph, first["code"])) == [(["input", "code"], "INVALID")]
    past = datetime.now(UTC) - timedelta(minutes=1)
    await graph.build.change(Invitation, int(second["code"].split("-")[0]), expires_at=past)
    assert codes(await accept(graph, second["code"])) == [(["input", "code"], "INVALID")]
    waiting = await invite(graph, "admin", "SUPERVISOR")
    listed = await graph.post("supervisor", LIST, {"statuses": ["OPEN"]})
    open_ones = [waiting["invitation"]["id"], graph.world.gid("INV1")]  # newest first
    assert [n["id"] for n in listed["data"]["invitations"]["nodes"]] == open_ones
    expired = await graph.post("supervisor", LIST, {"statuses": ["EXPIRED", "REVOKED"]})
    assert {(n["id"], n["status"]) for n in expired["data"]["invitations"]["nodes"]} == {
        (first_id, "REVOKED"),
        (second_id, "EXPIRED"),
    }
    refused = await graph.post("o1", LIST)
    assert (
        refused["data"]["invitations"] is None and refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    )
    # Its sender reads her own invitation; nobody else but staff does.
    node = "query($id: ID!) { node(id: $id) { id } }"
    assert (await graph.post("o1", node, {"id": first_id}))["data"]["node"] == {"id": first_id}
    assert (await graph.post("m1", node, {"id": first_id}))["data"]["node"] is None


async def test_the_list_loads_participants_and_senders_in_batches(graph: WorkflowClient) -> None:
    for viewer, role, participant in (
        ("admin", "HOME_MANAGER", "H1"),
        ("o1", "ORG_MEMBER", None),
        ("admin", "SUPERVISOR", None),
    ):
        assert (await invite(graph, viewer, role, participant))["userErrors"] == []
    text = """
    query($n: Int!) {
      invitations(first: $n) { nodes { role participant { id } invitedBy { id } account { id } } }
    }"""
    counts = {}
    for n in (1, 4):
        async with graph.counter.count() as statements:
            body = await graph.post("admin", text, {"n": n})
        assert "errors" not in body, body
        assert len(body["data"]["invitations"]["nodes"]) == n
        counts[n] = len(statements)
    # The viewer's account, the page, then one batch per kind of link whatever the page's size.
    assert counts[4] <= counts[1] + 2, counts


async def test_a_taken_username_is_refused_as_sign_up_refuses_it(graph: WorkflowClient) -> None:
    """Neither path tells more than the other about who has an account: the same problem."""
    created = await invite(graph, "admin", "SUPERVISOR")
    by_invitation = await accept(graph, created["code"], username="user_v1")
    await send(graph)
    signing_up = await graph.mutate(
        "anonymous", "registerVolunteer", REGISTER, {"input": await sign_up_input(graph, username="user_v1")}
    )
    assert by_invitation["userErrors"] == signing_up["userErrors"]
    assert codes(by_invitation) == [(["input", "username"], "INVALID")]
    # Without a valid code nothing tells whether the name is taken.
    wrong = f"{created['code'].split('-')[0]}-AAAAAAAAAAAA"
    assert (await accept(graph, wrong, username="user_v1"))["userErrors"] == (
        await accept(graph, wrong, username="free_name_1")
    )["userErrors"]
