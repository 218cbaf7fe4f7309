"""Accounts: signOutEverywhere (the token version), disableAccount, enableAccount, setAccountRoles."""

from __future__ import annotations

import asyncio

from datasources.tables import Account, AuditEntry
from tests.builders import token_for
from tests.workflows.conftest import WorkflowClient

ACCOUNTS, AUDIT = Account.__table__, AuditEntry.__table__
FIELDS = "account { id roles isActive version } userErrors { field code message }"
SIGN_OUT = f"mutation($input: SignOutEverywhereInput!) {{ signOutEverywhere(input: $input) {{ {FIELDS} }} }}"
DISABLE = f"mutation($input: DisableAccountInput!) {{ disableAccount(input: $input) {{ {FIELDS} }} }}"
ENABLE = f"mutation($input: EnableAccountInput!) {{ enableAccount(input: $input) {{ {FIELDS} }} }}"
SET_ROLES = f"mutation($input: SetAccountRolesInput!) {{ setAccountRoles(input: $input) {{ {FIELDS} }} }}"
VIEWER = "{ viewer { id } }"


def codes(payload: dict) -> list[tuple[list[str] | None, str]]:
    return [(error["field"], error["code"]) for error in payload["userErrors"]]


async def status_with(graph: WorkflowClient, token: str) -> int:
    """The HTTP status of a small signed-in request with `token`."""
    response = await graph.http.post(
        "/graphql", json={"query": VIEWER}, headers={"authorization": f"Bearer {token}"}
    )
    return response.status_code


async def test_signing_out_everywhere_refuses_every_earlier_token(graph: WorkflowClient) -> None:
    other_session = graph.world.tokens["v1"]
    payload = await graph.mutate("v1", "signOutEverywhere", SIGN_OUT, {"input": {}})
    assert payload["userErrors"] == [] and payload["account"]["version"] == 2
    assert await status_with(graph, other_session) == 401
    assert (await graph.row(ACCOUNTS, graph.world.ids["v1"]))["token_version"] == 1
    fresh = token_for(graph.world.ids["v1"], ["VOLUNTEER"], graph.world.party("V1"))
    assert await status_with(graph, fresh) == 401  # minted at the old version
    # Our tokens are judged by their version, not their second: one minted at the new version
    # within the second of the sign-out works (the provider's, judged by `iat`, would not).
    again = token_for(graph.world.ids["v1"], ["VOLUNTEER"], graph.world.party("V1"), token_version=1)
    assert await status_with(graph, again) == 200
    entries = await graph.rows(AUDIT, AUDIT.c.action == "signOutEverywhere")
    assert [(e["actor_account_id"], e["entity_id"]) for e in entries] == [(graph.world.ids["v1"],) * 2]


async def test_staff_sign_out_another_account_and_others_cannot(graph: WorkflowClient) -> None:
    target = {"input": {"accountId": graph.world.gid("v1")}}
    refused = await graph.mutate("v2", "signOutEverywhere", SIGN_OUT, target)
    assert codes(refused) == [(["input", "accountId"], "NOT_FOUND")]
    assert await status_with(graph, graph.world.tokens["v1"]) == 200
    done = await graph.mutate("supervisor", "signOutEverywhere", SIGN_OUT, target)
    assert done["userErrors"] == [] and await status_with(graph, graph.world.tokens["v1"]) == 401
    staff = {"input": {"accountId": graph.world.gid("admin")}}
    assert codes(await graph.mutate("supervisor", "signOutEverywhere", SIGN_OUT, staff)) == [
        (None, "FORBIDDEN")
    ]
    assert await status_with(graph, graph.world.tokens["supervisor"]) == 200


async def test_a_disabled_account_is_refused_at_once_and_enabling_does_not_revive_old_tokens(
    graph: WorkflowClient,
) -> None:
    variables = {"input": {"accountId": graph.world.gid("o1"), "reason": "冒用机构名义"}}
    payload = await graph.mutate("supervisor", "disableAccount", DISABLE, variables)
    assert payload["userErrors"] == []
    assert payload["account"]["isActive"] is False
    assert await status_with(graph, graph.world.tokens["o1"]) == 401
    again = await graph.mutate("supervisor", "disableAccount", DISABLE, variables)
    assert codes(again) == [(None, "INVALID_STATE")]
    enabled = await graph.mutate(
        "admin", "enableAccount", ENABLE, {"input": {"accountId": graph.world.gid("o1")}}
    )
    assert enabled["userErrors"] == [] and enabled["account"]["isActive"] is True
    assert await status_with(graph, graph.world.tokens["o1"]) == 401
    row = await graph.row(ACCOUNTS, graph.world.ids["o1"])
    fresh = token_for(row["id"], row["roles"], graph.world.party("O1"))
    assert await status_with(graph, fresh) == 401  # a token carries its version: only login mints a good one
    entries = await graph.rows(AUDIT, AUDIT.c.entity_type == "Account")
    assert [(e["action"], e["before"], e["after"]) for e in entries] == [
        ("disableAccount", {"status": "ACTIVE"}, {"status": "DISABLED", "reason": "冒用机构名义"}),
        ("enableAccount", {"status": "DISABLED"}, {"status": "ACTIVE"}),
    ]


async def test_who_may_disable_whom(graph: WorkflowClient) -> None:
    def of(name: str) -> dict:
        return {"input": {"accountId": graph.world.gid(name), "reason": "r"}}

    expected = [
        ("anonymous", "v1", (None, "UNAUTHENTICATED")),
        ("m1", "v1", (None, "FORBIDDEN")),
        ("supervisor", "admin", (None, "FORBIDDEN")),  # staff accounts are an admin's
        ("admin", "admin", (["input", "accountId"], "INVALID_STATE")),  # never your own
    ]
    for viewer, target, problem in expected:
        assert codes(await graph.mutate(viewer, "disableAccount", DISABLE, of(target))) == [problem], viewer
    blank = {"input": {"accountId": graph.world.gid("H1"), "reason": " "}}
    assert codes(await graph.mutate("admin", "disableAccount", DISABLE, blank)) == [
        (["input", "accountId"], "INVALID")
    ]
    missing = {"input": {"accountId": graph.world.gid("v1"), "reason": " "}}
    assert codes(await graph.mutate("admin", "disableAccount", DISABLE, missing)) == [
        (["input", "reason"], "REQUIRED")
    ]
    assert all(row["is_active"] for row in await graph.rows(ACCOUNTS))
    done = await graph.mutate("admin", "disableAccount", DISABLE, of("supervisor"))
    assert done["userErrors"] == [] and await status_with(graph, graph.world.tokens["supervisor"]) == 401


async def test_racing_disables_change_the_account_once(graph: WorkflowClient) -> None:
    variables = {"input": {"accountId": graph.world.gid("v2"), "reason": "r"}}
    payloads = await asyncio.gather(
        *(graph.mutate("admin", "disableAccount", DISABLE, variables) for _ in range(4))
    )
    assert sorted(len(p["userErrors"]) for p in payloads) == [0, 1, 1, 1]
    assert {code for p in payloads for _, code in codes(p)} <= {"INVALID_STATE", "CONFLICT"}
    row = await graph.row(ACCOUNTS, graph.world.ids["v2"])
    assert (row["is_active"], row["version"], row["token_version"]) == (False, 2, 1)
    assert len(await graph.rows(AUDIT, AUDIT.c.action == "disableAccount")) == 1


async def test_roles_fit_the_participant_and_take_effect_on_the_next_request(graph: WorkflowClient) -> None:
    def roles(name: str, values: list[str], version: int = 1) -> dict:
        return {"input": {"accountId": graph.world.gid(name), "roles": values, "expectedVersion": version}}

    misfit = await graph.mutate(
        "supervisor", "setAccountRoles", SET_ROLES, roles("m1", ["VOLUNTEER", "HOME_MANAGER"])
    )
    assert codes(misfit) == [(["input", "roles"], "INVALID")]
    assert "VOLUNTEER" in misfit["userErrors"][0]["message"]
    assert codes(await graph.mutate("supervisor", "setAccountRoles", SET_ROLES, roles("m1", []))) == [
        (["input", "roles"], "REQUIRED")
    ]
    # Staff roles are for accounts acting for nobody, and an ADMIN's to give.
    assert codes(await graph.mutate("admin", "setAccountRoles", SET_ROLES, roles("m1", ["ADMIN"]))) == [
        (["input", "roles"], "INVALID")
    ]
    assert codes(
        await graph.mutate("supervisor", "setAccountRoles", SET_ROLES, roles("supervisor", ["ADMIN"]))
    ) == [(["input", "accountId"], "INVALID_STATE")]
    promoted = await graph.mutate(
        "admin", "setAccountRoles", SET_ROLES, roles("supervisor", ["ADMIN", "SUPERVISOR"])
    )
    assert promoted["userErrors"] == [] and promoted["account"]["roles"] == ["ADMIN", "SUPERVISOR"]
    stale = await graph.mutate("admin", "setAccountRoles", SET_ROLES, roles("supervisor", ["SUPERVISOR"]))
    assert codes(stale) == [(["input", "accountId"], "CONFLICT")]
    # The account row decides: the supervisor's old token now acts as an admin.
    now_admin = await graph.mutate("supervisor", "setAccountRoles", SET_ROLES, roles("m1", ["HOME_MANAGER"]))
    assert now_admin["userErrors"] == [] and now_admin["account"]["version"] == 2
    entries = await graph.rows(AUDIT, AUDIT.c.action == "setAccountRoles")
    assert [(e["before"], e["after"]) for e in entries] == [
        ({"roles": ["SUPERVISOR"]}, {"roles": ["ADMIN", "SUPERVISOR"]}),
        ({"roles": ["HOME_MANAGER"]}, {"roles": ["HOME_MANAGER"]}),
    ]


async def test_supervisors_do_not_hand_out_staff_roles(graph: WorkflowClient) -> None:
    variables = {
        "input": {"accountId": graph.world.gid("admin"), "roles": ["SUPERVISOR"], "expectedVersion": 1}
    }
    assert codes(await graph.mutate("supervisor", "setAccountRoles", SET_ROLES, variables)) == [
        (None, "FORBIDDEN")
    ]
    assert codes(await graph.mutate("v1", "setAccountRoles", SET_ROLES, variables)) == [(None, "FORBIDDEN")]
    assert (await graph.row(ACCOUNTS, graph.world.ids["admin"]))["roles"] == ["ADMIN"]
