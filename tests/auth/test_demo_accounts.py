"""The demo accounts documented in the README exist in the demo seed and sign in."""

from __future__ import annotations

import re
from pathlib import Path

from auth.viewer import ROLE_PARTICIPANT_KINDS
from datasources.seed.accounts import DEMO_PASSWORD
from domain.enums import Role
from tests.builders import TYPE_OF_KIND

README = Path(__file__).resolve().parents[2] / "README.md"
LOGIN = """mutation($u: String!, $p: String!) {
  login(input: {username: $u, password: $p}) {
    token viewer { username roles participant { __typename } } userErrors { code }
  }
}"""


def documented() -> list[tuple[str, str]]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Demo accounts", 1)[1].split("\n## ", 1)[0]
    assert f"`{DEMO_PASSWORD}`" in section
    return re.findall(r"^\| `(\w+)` \| (\w+) \|", section, flags=re.MULTILINE)


async def test_every_documented_demo_account_signs_in(client) -> None:
    accounts = documented()
    assert sorted(role for _, role in accounts) == sorted(Role)  # one per role
    for username, role in accounts:
        body = await client.post(LOGIN, {"u": username, "p": DEMO_PASSWORD})
        result = body["data"]["login"]
        assert result["userErrors"] == [] and result["token"], username
        assert result["viewer"]["username"] == username
        assert result["viewer"]["roles"] == [role]
        kind = ROLE_PARTICIPANT_KINDS.get(Role(role))
        expected = {"__typename": TYPE_OF_KIND[kind]} if kind else None
        assert result["viewer"]["participant"] == expected, username
