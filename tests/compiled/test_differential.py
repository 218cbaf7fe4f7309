"""Compiled execution answers exactly as the resolvers do: the bench's queries, the perf-anchor
queries and documents touching every step the compiler knows, for every kind of viewer.

Each document runs on two apps over the same database, one with YWX_COMPILED_EXECUTION off, and
the whole bodies (data, errors, their order) must be equal; and the compiled path must have been
taken where it should (the counter of schema/compiled/executor.py).

Errors are compared in path order: the compiled path gives them in path order, the resolvers in
the order their coroutines happen to finish (a rating list of one item before one of two), which
GraphQL leaves unspecified. Their count, messages, paths, locations and extensions must be equal.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from app import create_app
from bench.read_queries import FRONT_END_VIEW, PARTNER_DASHBOARD, VOLUNTEER_BROWSE
from datasources.tables import Account, Demand, Organization
from domain.global_ids import encode
from schema.compiled.executor import COUNTS
from settings import Settings
from tests.builders import token_for
from tests.databases import StatementCounter

# The two queries the perf anchor measures (../shared/perf-anchor/queries/*_ywx.graphql), with
# the rating's comment (personal: refused with an error per rating to most viewers).
ANCHOR_DASHBOARD = """
query($n: Int!) {
  organizations(first: 50, filter: {statuses: [ACTIVE]}, orderBy: {field: RATING_COUNT, direction: DESC}) {
    nodes {
      id name kind status createdAt
      resources(first: $n) {
        nodes { id title category status quantity quantityCommitted unit createdAt }
      }
      ratingsReceived(first: $n) {
        nodes { score quality timeliness communication comment createdAt }
      }
    }
  }
}
"""

ANCHOR_FRONT = """
query($home: ID!, $n: Int!) {
  node(id: $home) {
    ... on Home {
      name community district { name }
      demands(first: $n, filter: {statuses: [OPEN, MATCHED]}) {
        totalCount
        nodes {
          title urgency neededBy quantity quantityMatched
          engagements(first: $n) {
            nodes {
              status quantity proposedAt
              resource { title category provider { __typename name } }
            }
          }
        }
      }
    }
  }
}
"""

# Every compiled step: aliases, fragments, @include/@skip, pageInfo, edges and cursors, totals,
# lists of enums and strings, links of every kind, drafts and hidden rows (visibility).
SHAPES = """
fragment R on Resource { id title tags targetGroups status district { code name } }
query($n: Int!, $withCount: Boolean!, $after: String) {
  __typename
  first: resources(first: $n, after: $after, filter: {statuses: [PUBLISHED, DRAFT]}) {
    __typename
    totalCount @include(if: $withCount)
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor __typename }
    edges { cursor node { ...R provider { __typename id name ... on Organization { kind status } } } }
  }
  homes(first: $n, orderBy: {field: NAME, direction: ASC}) {
    nodes {
      id name address
      demands(first: 3) @skip(if: $withCount) { nodes { title status } }
      demands(first: 3) { totalCount nodes { title tags requester { name } district { name } } }
      engagements(first: 3) { nodes { status demand { title } resource { title } } }
      ratingsReceived(first: 5) { totalCount nodes { id score comment hidden } }
    }
  }
  demands(last: $n, orderBy: {field: NEEDED_BY, direction: ASC}) {
    nodes { id title neededBy engagements { totalCount nodes { id status } } }
    pageInfo { startCursor endCursor hasPreviousPage }
  }
}
"""

ANCHORS = Path(__file__).parents[2] / ".." / "shared" / "perf-anchor" / "queries"
ROLES = ("anonymous", "home manager", "organization member", "volunteer", "staff")


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
    async with demo_db.connect() as connection:
        pk = (
            await connection.execute(
                select(Demand.requester_id)
                .where(Demand.requester_kind == "HOME")
                .group_by(Demand.requester_id)
                .order_by(func.count().desc(), Demand.requester_id)
                .limit(1)
            )
        ).scalar_one()
    return encode("Home", pk)


async def _both(clients: Any, query: str, variables: dict, headers: dict[str, str]) -> tuple[dict, dict, int]:
    compiled, resolved = clients
    body = {"query": query, "variables": variables}
    before = COUNTS.compiled
    fast = (await compiled.post("/graphql", json=body, headers=headers)).json()
    taken = COUNTS.compiled - before
    slow = (await resolved.post("/graphql", json=body, headers=headers)).json()
    return _in_path_order(fast), _in_path_order(slow), taken


def _in_path_order(body: dict) -> dict:
    if "errors" in body:
        body["errors"].sort(key=lambda error: [str(part).zfill(6) for part in error.get("path") or []])
    return body


COMPILED_QUERIES = {
    "anchor dashboard": ANCHOR_DASHBOARD,
    "anchor front-end view": ANCHOR_FRONT,
    "shapes": SHAPES,
}
# Computed fields (reputation, distance): the resolvers answer, the same way.
FALLBACK_QUERIES = {
    "bench front-end view": FRONT_END_VIEW,
    "bench dashboard": PARTNER_DASHBOARD,
    "bench browse": VOLUNTEER_BROWSE,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", [*COMPILED_QUERIES, *FALLBACK_QUERIES])
@pytest.mark.parametrize("n", [2, 20])
async def test_compiled_answers_as_the_resolvers(clients, viewers, home, role, name, n) -> None:
    query = {**COMPILED_QUERIES, **FALLBACK_QUERIES}[name]
    variables: dict[str, Any] = {"n": n, "withCount": n == 2, "after": None}
    if "$home" in query:
        variables["home"] = home
    fast, slow, taken = await _both(clients, query, variables, viewers[role])
    assert fast == slow
    assert fast.get("data")
    assert taken == (1 if name in COMPILED_QUERIES else 0)


async def test_the_perf_anchor_files_are_the_ones_tested() -> None:
    if not ANCHORS.is_dir():
        pytest.skip("the perf anchor lives outside this repository")
    compact = lambda text: " ".join(line.split("#")[0] for line in text.splitlines()).split()  # noqa: E731
    assert compact((ANCHORS / "dash_ywx.graphql").read_text()) == compact(ANCHOR_DASHBOARD)
    assert compact((ANCHORS / "front_ywx.graphql").read_text()) == compact(ANCHOR_FRONT)


async def test_paging_on_with_a_cursor(clients, viewers) -> None:
    first, _, _ = await _both(clients, SHAPES, {"n": 3, "withCount": True, "after": None}, viewers["staff"])
    cursor = first["data"]["first"]["pageInfo"]["endCursor"]
    fast, slow, taken = await _both(
        clients, SHAPES, {"n": 3, "withCount": True, "after": cursor}, viewers["staff"]
    )
    assert fast == slow and taken == 1
    assert fast["data"]["first"]["pageInfo"]["hasPreviousPage"] is True


@pytest.mark.parametrize("query", [ANCHOR_DASHBOARD, ANCHOR_FRONT])
async def test_compiled_statements_follow_the_shape(demo_db, clients, home, query) -> None:
    counter = StatementCounter(demo_db)
    compiled, resolved = clients
    counts = {}
    for label, client in (("compiled", compiled), ("resolved", resolved)):
        for n in (2, 20):
            async with counter.count() as statements:
                await client.post("/graphql", json={"query": query, "variables": {"n": n, "home": home}})
            counts[(label, n)] = len(statements)
    assert counts[("compiled", 2)] == counts[("compiled", 20)] <= counts[("resolved", 20)]


async def test_errors_and_refusals_fall_back(clients, viewers) -> None:
    for query, variables in (
        ("{ organizations(first: 1000) { nodes { id } } }", {}),  # a bad argument: BAD_USER_INPUT
        ('{ node(id: "nope") { id } }', {}),  # not found
        ("{ complaints(first: 2) { nodes { id } } }", {}),  # a guarded list
        ("mutation { logout { ok } }", {}),
    ):
        fast, slow, taken = await _both(clients, query, variables, viewers["anonymous"])
        assert fast == slow and taken == 0
