"""Query cost: computed before execution, reported in `extensions.cost`, and over the viewer's
limit refused (QUERY_TOO_COMPLEX) with no resolver run and no SQL statement executed."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from graphql import parse

import schema.connection_fields
from app import create_app
from bench.read_queries import FRONT_END_VIEW, PARTNER_DASHBOARD, VOLUNTEER_BROWSE
from schema import build_schema
from schema.cost import CostCache, document_cost
from settings import Settings
from tests.conftest import ENGLISH
from tests.databases import StatementCounter

GRAPH = build_schema()._schema  # graphql-core's schema, what the cost walks
DEFAULTS = Settings(env="test")

# The issue's first probe, cut to 5 aliases: still far over any limit.
ALIASED_HOMES = (
    "{"
    + " ".join(
        f"a{i}: homes(first: 100) {{ nodes {{ demands(first: 100) {{ nodes {{"
        " engagements(first: 100) { nodes { id } } } } } }"
        for i in range(5)
    )
    + "}"
)
# One page of organizations with $n resources each: 1 + n * (1 + 1 + n) ... see `test_first_...`.
PAGED = (
    "query($n: Int!) { organizations(first: $n) { nodes { name resources(first: $n) { nodes { title } } } } }"
)


def cost(query: str, variables: dict | None = None) -> int:
    return document_cost(GRAPH, parse(query), None, variables)


@pytest.mark.parametrize(
    "query", [FRONT_END_VIEW, PARTNER_DASHBOARD, VOLUNTEER_BROWSE], ids=["front-end", "dashboard", "browse"]
)
def test_the_front_ends_documents_pass_the_default_anonymous_limit(query) -> None:
    # At the page size they are sent with (20); PARTNER_DASHBOARD is perf-anchor's dash_ywx_full.
    assert cost(query, {"n": 20, "home": "SG9tZTox"}) <= DEFAULTS.max_cost_anonymous


def test_the_partner_dashboard_costs_its_nodes() -> None:
    # 1 connection + 50 organizations x (itself, reputation, 2 connections, 20 + 20 items).
    assert cost(PARTNER_DASHBOARD, {"n": 20}) == 1 + 50 * (1 + 1 + 1 + 20 + 1 + 20)


def test_first_and_last_size_lists_and_the_default_page_size_stands_in() -> None:
    assert cost("{ homes(first: 3) { nodes { name } } }") == 1 + 3
    assert cost("{ homes(last: 7) { edges { node { name } } } }") == 1 + 7 * 2
    assert cost("{ homes { nodes { name } } }") == 1 + 20
    assert cost("{ homes { totalCount } }") == 1
    # Past the largest page the field refuses `first` itself, with its own error.
    assert cost("{ homes(first: 5000) { nodes { name } } }") == 1 + 100


def test_computed_lists_weigh_their_work_per_parent() -> None:
    plain = cost("{ demands(first: 10) { nodes { title } } }")
    suggested = cost("{ demands(first: 10) { nodes { suggestedResources(first: 5) { score } } } }")
    assert suggested == plain + 10 * (50 + 5)
    assert cost("{ demands(first: 10) { nodes { suggestedResources { score } } } }") == suggested  # default 5
    assert cost("{ insights { total { demands } } }") == 100 + 1 + 1


def test_ids_and_representations_count_what_is_given() -> None:
    assert cost('{ nodes(ids: ["a", "b", "c"]) { id } }') == 3
    representations = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Home { name } } }"
    assert cost(representations, {"r": [{"__typename": "Home", "id": "x"}] * 10_000}) == 10_000


def test_fragments_count_and_introspection_is_free() -> None:
    spread = "query { homes(first: 4) { nodes { ...H } } } fragment H on Home { district { name } }"
    assert cost(spread) == 1 + 4 * 2
    assert cost("{ __schema { types { name fields { name args { name } } } } }") == 0


def test_the_cache_keys_on_the_variables_that_size_lists() -> None:
    cache = CostCache(maxsize=2)
    document = parse(PAGED)
    assert cache.cost(GRAPH, PAGED, document, None, {"n": 5}) == 1 + 5 * (1 + 1 + 5)
    assert cache.cost(GRAPH, PAGED, document, None, {"n": 10}) == 1 + 10 * (1 + 1 + 10)
    assert cache.cost(GRAPH, PAGED, document, None, {"n": 5}) == 1 + 5 * (1 + 1 + 5)
    assert len(cache.entries) == 2


@pytest.fixture
def resolver_calls(monkeypatch) -> list[str]:
    """The root lists resolved during the test (every root connection goes through one)."""
    calls: list[str] = []
    real = schema.connection_fields.root_list

    async def recording(info: Any, spec: Any, args: Any, filter: Any) -> Any:
        calls.append(info.field_name)
        return await real(info, spec, args, filter)

    monkeypatch.setattr(schema.connection_fields, "root_list", recording)
    return calls


async def test_an_over_cost_document_is_refused_before_any_resolver_or_statement(
    client, resolver_calls
) -> None:
    async with client.counter.count() as statements:
        body = await client.post(ALIASED_HOMES)
    assert statements == []
    assert resolver_calls == []
    assert "data" not in body  # refused before execution: a request error (the GraphQL spec)
    [error] = body["errors"]
    requested, limit = cost(ALIASED_HOMES), DEFAULTS.max_cost_anonymous
    assert error["extensions"] == {
        "code": "QUERY_TOO_COMPLEX",
        "cost": {"requested": requested, "limit": limit},
    }
    assert f"{requested}" in error["message"] and f"{limit}" in error["message"]
    assert body["extensions"]["cost"] == {"requested": requested, "limit": limit}


async def test_an_admitted_document_runs_and_reports_its_cost(client) -> None:
    async with client.counter.count() as statements:
        body = await client.post(PAGED, {"n": 3})
    assert "errors" not in body
    assert len(body["data"]["organizations"]["nodes"]) == 3 and statements  # it ran (compiled: no resolver)
    assert body["extensions"]["cost"] == {
        "requested": 1 + 3 * (1 + 1 + 3),
        "limit": DEFAULTS.max_cost_anonymous,
    }


async def test_variables_that_change_first_change_the_cost(client) -> None:
    small = await client.post(PAGED, {"n": 5})
    large = await client.post(PAGED, {"n": 100})  # 1 + 100 * 102: over the anonymous limit
    assert small["extensions"]["cost"]["requested"] == 1 + 5 * 7
    assert "errors" not in small
    assert large["extensions"]["cost"]["requested"] == 1 + 100 * 102
    assert large["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


async def test_signed_in_viewers_have_the_higher_limit(client) -> None:
    login = await client.data(
        'mutation { login(input: {username: "demo_volunteer", password: "yiwuxian-demo"}) { token } }'
    )
    headers = {"Authorization": f"Bearer {login['login']['token']}"}
    anonymous = await client.post(PAGED, {"n": 100})
    signed_in = await client.post(PAGED, {"n": 100}, **headers)
    assert anonymous["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert "errors" not in signed_in
    assert signed_in["extensions"]["cost"] == {
        "requested": 1 + 100 * 102,
        "limit": DEFAULTS.max_cost_signed_in,
    }


async def test_the_limits_are_settings(demo_db) -> None:
    app = create_app(Settings(env="test", max_cost_anonymous=3), engine=demo_db)
    counter = StatementCounter(demo_db)
    transport = httpx.ASGITransport(app=app)
    async with (
        httpx.AsyncClient(transport=transport, base_url="http://test", headers=ENGLISH) as http,
        counter.count() as statements,
    ):
        response = await http.post("/graphql", json={"query": "{ homes(first: 3) { nodes { name } } }"})
    body = response.json()
    assert body["errors"][0]["extensions"]["cost"] == {"requested": 4, "limit": 3}
    assert statements == []
