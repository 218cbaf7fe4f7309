"""Shape limits, the router's surface and GET (limits.py, docs/operations.md): each refusal has
its code and numbers, and nothing ran for a refused document (no SQL statement)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest

from app import create_app
from settings import Settings
from tests.conftest import ENGLISH, GraphQLClient
from tests.databases import StatementCounter

SECRET = "r" * 40
HEAVY = (
    "homes(first: 100) { nodes { demands(first: 100) { nodes { engagements(first: 100) { totalCount } } } } }"
)


@pytest.fixture(scope="module")
async def production(demo_db) -> AsyncIterator[GraphQLClient]:
    """The app as production runs it, with a router secret set."""
    settings = Settings(env="production", jwt_secret="p" * 32, router_secret=SECRET)
    transport = httpx.ASGITransport(app=create_app(settings, engine=demo_db))
    async with httpx.AsyncClient(transport=transport, base_url="http://t", headers=ENGLISH) as http:
        yield GraphQLClient(http=http, counter=StatementCounter(demo_db))


async def refused(client: GraphQLClient, query: str, variables: dict | None = None, **headers: str) -> dict:
    """The one error of a request refused before anything ran (no SQL statement)."""
    async with client.counter.count() as statements:
        body = await client.post(query, variables, **headers)
    assert body.get("data") is None, body
    assert statements == []
    [error] = body["errors"]
    return error


# --- shape ---------------------------------------------------------------------------------


async def test_many_aliases_are_refused_before_anything_runs(production) -> None:
    query = "{ " + " ".join(f"a{i}: {HEAVY}" for i in range(50)) + " }"
    error = await refused(production, query)
    assert error["extensions"]["code"] == "TOO_MANY_ALIASES"
    assert error["message"] == "The document has 50 aliases; at most 15 are allowed."


async def test_aliases_in_fragments_count_once_per_spread(production) -> None:
    query = (
        "{ homes(first: 1) { nodes { ...A } } districts { nodes { homes(first: 1) { nodes { ...A } } } } }"
        " fragment A on Home { " + " ".join(f"n{i}: name" for i in range(8)) + " }"
    )
    error = await refused(production, query)
    assert error["extensions"]["code"] == "TOO_MANY_ALIASES"
    assert "16 aliases" in error["message"]


async def test_a_few_aliases_run(production) -> None:
    data = await production.data("{ a: homes(first: 1) { totalCount } b: homes(first: 2) { totalCount } }")
    assert data["a"] == data["b"]


async def test_a_field_repeated_in_one_selection_set_is_refused(production) -> None:
    query = "{ " + " ".join(["__typename"] * 500) + " homes(first: 100) { totalCount } }"
    error = await refused(production, query)
    assert error["extensions"]["code"] == "FIELD_REPEATED"
    assert error["message"] == (
        "'__typename' is selected 500 times in one selection set; at most 5 are allowed."
    )


async def test_repeats_count_through_fragments(production) -> None:
    query = (
        "{ homes(first: 100) { nodes { name ...A ...B ... on Home { name name } } } }"
        " fragment A on Home { name } fragment B on Home { name name }"
    )
    error = await refused(production, query)
    assert error["extensions"]["code"] == "FIELD_REPEATED"
    assert "'name' is selected 6 times" in error["message"]


async def test_overlapping_fragments_of_real_front_ends_run(production) -> None:
    query = (
        "{ homes(first: 1) { nodes { id name ...A ...B } } }"
        " fragment A on Home { id name } fragment B on Home { id name district { name } }"
    )
    data = await production.data(query)
    assert len(data["homes"]["nodes"]) == 1


async def test_many_directives_on_one_field_are_refused(production) -> None:
    query = "{ homes(first: 100) @skip(if: false)" + " @aa" * 60 + " { totalCount } }"
    error = await refused(production, query)
    assert error["extensions"]["code"] == "TOO_MANY_DIRECTIVES"
    assert error["message"] == "'homes' carries 61 directives; at most 4 are allowed."


async def test_the_limits_are_settings(demo_db) -> None:
    settings = Settings(env="test", max_aliases=1, max_field_repeats=1, max_directives_per_field=1)
    transport = httpx.ASGITransport(app=create_app(settings, engine=demo_db))
    async with httpx.AsyncClient(transport=transport, base_url="http://t", headers=ENGLISH) as http:
        client = GraphQLClient(http=http, counter=StatementCounter(demo_db))
        aliases = await refused(client, "{ a: __typename b: __typename }")
        repeats = await refused(client, "{ __typename __typename }")
        directives = await refused(client, "{ __typename @skip(if: false) @include(if: true) }")
    assert aliases["message"] == "The document has 2 aliases; at most 1 are allowed."
    assert (
        repeats["message"] == "'__typename' is selected 2 times in one selection set; at most 1 are allowed."
    )
    assert directives["message"] == "'__typename' carries 2 directives; at most 1 are allowed."


@pytest.mark.parametrize(
    ("query", "without"),
    [
        ("{ volunteers { nodes { phon } } }", "Cannot query field 'phon' on type 'Volunteer'."),
        ("{ homes(frist: 1) { totalCount } }", "Unknown argument 'frist' on field 'Query.homes'."),
        (
            "{ demands(filter: {statuses: [OPN]}) { totalCount } }",
            "Value 'OPN' does not exist in 'DemandStatus' enum.",
        ),
        ("{ homes { nodes { ... on Hom { name } } } }", "Unknown type 'Hom'."),
    ],
)
async def test_production_suggests_no_names(production, client, query, without) -> None:
    hidden = (await production.post(query))["errors"][0]["message"]
    shown = (await client.post(query))["errors"][0]["message"]
    assert "Did you mean" in shown  # development and tests keep the help
    assert hidden == without


# --- _entities -----------------------------------------------------------------------------

ENTITIES = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Volunteer { id name } } }"


async def test_entities_are_bounded_like_lists(production) -> None:
    page = await production.data("{ volunteers(first: 1) { nodes { id } } }")
    representation = {"__typename": "Volunteer", "id": page["volunteers"]["nodes"][0]["id"]}
    async with production.counter.count() as statements:
        body = await production.post(ENTITIES, {"r": [representation] * 101}, **{"x-router-secret": SECRET})
        flood = await production.post(
            ENTITIES, {"r": [representation] * 10_000}, **{"x-router-secret": SECRET}
        )
    assert statements == []
    assert body["data"] is None  # a field error of `_entities`, before it loads anything
    [error] = body["errors"]
    assert error["extensions"]["code"] == "TOO_MANY_REPRESENTATIONS"
    assert error["message"] == "_entities got 101 representations; at most 100 are allowed."
    # 10,000 representations cost more than any limit: refused by the cost (schema/cost.py) first.
    assert [e["extensions"]["code"] for e in flood["errors"]] == ["QUERY_TOO_COMPLEX"]
    allowed = await production.post(ENTITIES, {"r": [representation] * 100}, **{"x-router-secret": SECRET})
    assert "errors" not in allowed and len(allowed["data"]["_entities"]) == 100


# --- the router's surface ------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "{ _service { sdl } }",
        "{ ... on Query { _service { sdl } } }",
        "query { ...F } fragment F on Query { _service { sdl } }",
        '{ districts { totalCount } _entities(representations: [{__typename: "Home"}]) { __typename } }',
    ],
)
async def test_the_router_fields_need_the_router_secret(production, query) -> None:
    for headers in ({}, {"x-router-secret": "wrong"}, {"x-router-secret": ""}):
        error = await refused(production, query, **headers)
        assert error["extensions"]["code"] == "FORBIDDEN"
        assert error["message"] == (
            "_service and _entities answer only the federation router "
            "(the request lacks its x-router-secret header, or it is wrong)."
        )


async def test_the_router_with_its_secret_gets_the_sdl(production) -> None:
    body = await production.post("{ _service { sdl } }", **{"x-router-secret": SECRET})
    assert "type Organization" in body["data"]["_service"]["sdl"]


async def test_other_fields_need_no_secret(production) -> None:
    assert (await production.data("{ homes(first: 1) { totalCount } }"))["homes"]["totalCount"] > 0


async def test_without_a_secret_set_the_router_fields_are_open(client) -> None:
    assert "sdl" in (await client.data("{ _service { sdl } }"))["_service"]


# --- GET -----------------------------------------------------------------------------------


async def get(client: GraphQLClient, query: str, **headers: str) -> httpx.Response:
    return await client.http.get("/graphql", params={"query": query}, headers=headers)


async def test_a_simple_cross_site_get_is_refused(production) -> None:
    for headers in ({}, {"content-type": "text/plain"}, {"apollo-require-preflight": ""}):
        async with production.counter.count() as statements:
            response = await get(production, "{ homes(first: 100) { totalCount } }", **headers)
        assert statements == []
        assert response.status_code == 400
        [error] = response.json()["errors"]
        assert error["extensions"]["code"] == "PREFLIGHT_REQUIRED"
        assert "apollo-require-preflight or x-apollo-operation-name" in error["message"]


@pytest.mark.parametrize(
    "headers",
    [
        {"content-type": "application/json"},
        {"apollo-require-preflight": "true"},
        {"x-apollo-operation-name": "Homes"},
    ],
)
async def test_a_preflighted_get_runs_a_query(production, headers) -> None:
    response = await get(production, "query Homes { homes(first: 1) { totalCount } }", **headers)
    assert response.status_code == 200
    assert response.json()["data"]["homes"]["totalCount"] > 0


async def test_get_never_runs_a_mutation(production) -> None:
    mutation = 'mutation { login(input: {username: "demo_home", password: "yiwuxian-demo"}) { token } }'
    async with production.counter.count() as statements:
        response = await get(production, mutation, **{"apollo-require-preflight": "true"})
    assert statements == []
    assert response.status_code == 400
    assert "mutations are not allowed when using GET" in response.text


async def test_get_refuses_a_persisted_query_request_without_preflight(production) -> None:
    extensions = json.dumps({"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}})
    response = await production.http.get("/graphql", params={"extensions": extensions})
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "PREFLIGHT_REQUIRED"
