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

from pathlib import Path
from typing import Any

import pytest

from bench.read_queries import FRONT_END_VIEW, PARTNER_DASHBOARD, VOLUNTEER_BROWSE
from tests.compiled.compare import both
from tests.databases import StatementCounter

# The queries the perf anchor measures, as bench/perf_anchor/ holds them (its run.sh checks they are
# the harness's): the dashboard with the rating's comment (personal: refused with an error per
# rating to most viewers), the same less the comment, and the front-end view.
ANCHOR_QUERIES = Path(__file__).parents[2] / "bench" / "perf_anchor"
ANCHOR_DASHBOARD = (ANCHOR_QUERIES / "dash_ywx.graphql").read_text(encoding="utf-8")
ANCHOR_DASHBOARD_LESS_COMMENT = (ANCHOR_QUERIES / "dashnc_ywx.graphql").read_text(encoding="utf-8")
ANCHOR_FRONT = (ANCHOR_QUERIES / "front_ywx.graphql").read_text(encoding="utf-8")

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

ROLES = ("anonymous", "home manager", "organization member", "volunteer", "staff")


COMPILED_QUERIES = {
    "anchor dashboard": ANCHOR_DASHBOARD,
    "anchor dashboard less comment": ANCHOR_DASHBOARD_LESS_COMMENT,
    "anchor front-end view": ANCHOR_FRONT,
    "shapes": SHAPES,
    "bench front-end view": FRONT_END_VIEW,
    "bench dashboard": PARTNER_DASHBOARD,
}
# Distances (`filter.near`, `distanceKm`): the resolvers answer, the same way.
FALLBACK_QUERIES = {
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
    fast, slow, taken = await both(clients, query, variables, viewers[role])
    assert fast == slow
    assert fast.get("data")
    assert taken == (1 if name in COMPILED_QUERIES else 0)


async def test_paging_on_with_a_cursor(clients, viewers) -> None:
    first, _, _ = await both(clients, SHAPES, {"n": 3, "withCount": True, "after": None}, viewers["staff"])
    cursor = first["data"]["first"]["pageInfo"]["endCursor"]
    fast, slow, taken = await both(
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
        fast, slow, taken = await both(clients, query, variables, viewers["anonymous"])
        assert fast == slow and taken == 0


async def test_lists_under_a_link_of_several_types_fall_back(clients, viewers) -> None:
    """A provider is any of four types: their ratings would be read in one statement per type
    found among the rows (data, not shape, would decide how many), so the resolvers answer."""
    query = """query($n: Int!) { engagements(first: $n) { nodes { resource { provider {
        name ratingsReceived(first: $n) { totalCount nodes { score } } } } } } }"""
    for n in (2, 20):
        fast, slow, taken = await both(clients, query, {"n": n}, viewers["staff"])
        assert fast == slow and taken == 0
