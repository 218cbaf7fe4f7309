"""Suggestions for a whole page cost what they cost for a few: candidates for all the page's
demands (resources, volunteers) are fetched together, never one query per item."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import select

from app import create_app
from auth.tokens import TokenIssuer
from datasources.tables import Account
from settings import Settings
from tests.databases import StatementCounter

DEMANDS = """
query($n: Int!) {
  demands(first: $n, filter: {statuses: [OPEN]}) {
    nodes {
      title
      suggestedResources(first: 5) {
        score reasons { factor detail }
        resource { title provider { name reputation { score } } }
      }
    }
  }
}
"""
RESOURCES = """
query($n: Int!) {
  resources(first: $n, filter: {statuses: [PUBLISHED]}) {
    nodes { title suggestedDemands(first: 5) { score demand { title requester { name } } } }
  }
}
"""
VOLUNTEERS = """
query($n: Int!) {
  volunteers(first: $n) {
    nodes { name suggestedOpportunities(first: 5) { kind score resource { title } event { title } } }
  }
}
"""


class Counted:
    def __init__(self, http: httpx.AsyncClient, counter: StatementCounter, token: str) -> None:
        self.http, self.counter, self.token = http, counter, token

    async def run(self, query: str, n: int) -> tuple[list[str], dict]:
        async with self.counter.count() as statements:
            response = await self.http.post(
                "/graphql",
                json={"query": query, "variables": {"n": n}},
                headers={"authorization": f"Bearer {self.token}"},
            )
        body = response.json()
        assert "errors" not in body, body["errors"]
        return list(statements), body["data"]


@pytest.fixture
async def counted(demo_db) -> AsyncIterator[Counted]:
    async with demo_db.connect() as connection:
        admin = (await connection.execute(select(Account.id).where(Account.username == "admin"))).scalar_one()
    token, _ = TokenIssuer(Settings(env="test").jwt_secret, 600).mint(admin, ["ADMIN"], None)
    app = create_app(Settings(env="test"), engine=demo_db)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
        yield Counted(http, StatementCounter(demo_db), token)


in_list = re.compile(r"\(\?(, \?)*\)")  # an IN list of bound ids


def suggested(data: dict, root: str, field: str) -> list[list]:
    return [node[field] for node in data[root]["nodes"]]


@pytest.mark.parametrize(
    ("query", "root", "field"),
    [
        (DEMANDS, "demands", "suggestedResources"),
        (RESOURCES, "resources", "suggestedDemands"),
        (VOLUNTEERS, "volunteers", "suggestedOpportunities"),
    ],
)
async def test_fifty_items_with_suggestions_cost_the_statements_of_five(counted, query, root, field) -> None:
    few, _ = await counted.run(query, 5)
    many, many_data = await counted.run(query, 50)
    lists = suggested(many_data, root, field)
    assert len(lists) == 50
    assert sum(1 for found in lists if found) >= 10  # the page really has suggestions to load
    # One statement per kind of row, whatever the number of rows: no statement runs twice (a
    # per-row load would repeat one with other ids). The 50 may run one more than the 5: the
    # batched load of a kind of object only the larger page suggests (an event, say).
    shapes = [in_list.sub("(…)", statement) for statement in many]
    assert len(set(shapes)) == len(shapes), "\n".join(many)
    assert len(few) <= len(many) <= len(few) + 1, "\n".join(many)
    # The sign-in check, the page, the candidates (4 to 6 statements), the objects shown.
    assert len(many) <= 11
