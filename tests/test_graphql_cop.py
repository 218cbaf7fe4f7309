"""graphql-cop's audit, check by check, against the production-mode app (docs/operations.md).

graphql-cop (github.com/dolevf/graphql-cop) cannot be installed here (its PyPI name holds an
empty placeholder, and the source is not on a registry we reach), so each of its checks is
made here: the request it sends, with its only header (its User-Agent), and the condition on
which it reports a finding. Each test asserts that the check finds nothing, and what the
service answers instead.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from app import create_app
from settings import Settings

HEADERS = {"user-agent": "graphql-cop/1.14"}  # all graphql-cop sends, unless told otherwise


@pytest.fixture
async def cop(demo_db) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(Settings(env="production", jwt_secret="c" * 32, router_secret="s" * 40), engine=demo_db)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://cop", headers=HEADERS) as http:
        yield http


async def graph_query(http: httpx.AsyncClient, query: str) -> dict[str, Any]:
    """graphql-cop's POST: `{"query": ...}` as JSON."""
    return (await http.post("/graphql", json={"query": query})).json()


def codes(body: dict[str, Any]) -> list[str]:
    return [error.get("extensions", {}).get("code") for error in body.get("errors", [])]


async def test_the_target_is_seen_as_graphql(cop) -> None:
    # graphql-cop's precondition: otherwise it checks nothing, and "clean" would mean nothing.
    assert (await graph_query(cop, "query { __typename }"))["data"] == {"__typename": "Query"}


async def test_alias_overloading(cop) -> None:
    # Flagged when `alias100` (the 101st alias of __typename) is answered.
    body = await graph_query(cop, "query { " + "".join(f"alias{i}:__typename \n" for i in range(101)) + " }")
    assert (body.get("data") or {}).get("alias100") is None
    assert codes(body) == ["TOO_MANY_ALIASES"]


async def test_batch_queries(cop) -> None:
    # Flagged when a list of 11 operations gets 10 or more results.
    response = await cop.post("/graphql", json=[{"query": "query { __typename }"}] * 11)
    body = response.json()
    assert not isinstance(body, list)
    assert response.status_code == 400 and "data" not in body


async def test_directive_overloading(cop) -> None:
    # Flagged when ten unknown directives on one field get ten errors (each one validated).
    body = await graph_query(cop, "query { __typename @aa@aa@aa@aa@aa@aa@aa@aa@aa@aa }")
    assert codes(body) == ["TOO_MANY_DIRECTIVES"]


async def test_field_duplication(cop) -> None:
    # Flagged when 500 times `__typename` in one selection set is answered.
    body = await graph_query(cop, "query { " + "__typename \n" * 500 + "} ")
    assert "data" not in body
    assert codes(body) == ["FIELD_REPEATED"]


async def test_field_suggestions(cop) -> None:
    # Flagged when the first error says "Did you mean".
    for query in ("query { __schema { directive } }", "{ volunteers { nodes { phon } } }"):
        body = await graph_query(cop, query)
        assert body["errors"] and not any("Did you mean" in e["message"] for e in body["errors"])


async def test_introspection(cop) -> None:
    body = await graph_query(cop, "query { __schema { types { name fields { name } } } }")
    assert "data" not in body and body["errors"]


async def test_circular_introspection(cop) -> None:
    query = "query { __schema { types { " + "fields { type { " * 4 + "name" + " } }" * 4 + " } } }"
    body = await graph_query(cop, query)
    assert "data" not in body and body["errors"]


async def test_circular_fragments(cop) -> None:
    query = (
        "query { __schema { ...A } } fragment A on __Schema { __typename ...B } "
        "fragment B on __Schema { ...A }"
    )
    assert (await graph_query(cop, query))["errors"]


@pytest.mark.parametrize("path", ["/graphiql", "/playground", "/console", "/graphql"])
async def test_graphiql_is_not_exposed(cop, path) -> None:
    # Flagged when any of these pages mentions GraphiQL or the Playground.
    response = await cop.get(path, headers={"accept": "text/html"})
    heuristics = ("graphiql.min.css", "GraphQL Playground", "GraphiQL", "graphql-playground")
    assert not any(word in response.text for word in heuristics)


async def test_get_based_queries(cop) -> None:
    # Flagged when `GET ?query={__typename}` is answered (a cross-site read, CSRF).
    response = await cop.get("/graphql", params={"query": "{__typename}"})
    assert response.status_code == 400
    assert codes(response.json()) == ["PREFLIGHT_REQUIRED"]


async def test_get_based_mutations(cop) -> None:
    # Flagged when `GET ?query=mutation {__typename}` is answered; refused even with the
    # preflight header (strawberry runs no mutation over GET).
    for headers in ({}, {"apollo-require-preflight": "true"}):
        response = await cop.get("/graphql", params={"query": "mutation {__typename}"}, headers=headers)
        assert response.status_code in {400, 405}
        assert "data" not in response.json()


async def test_post_based_url_encoded_csrf(cop) -> None:
    # Flagged when a POST with the query in the URL or as a form (no JSON) is answered.
    query = "query {__typename}"
    for response in (
        await cop.post("/graphql", params={"query": query}),
        await cop.post("/graphql", data={"query": query}),
    ):
        assert response.status_code in {400, 415}
        assert "data" not in response.json()


async def test_trace_mode(cop) -> None:
    # Flagged when an answer carries tracing, an exception or a stack trace.
    response = await cop.post("/graphql", json={"query": "query { __typename }"})
    assert "tracing" not in response.text and "stacktrace" not in response.text.lower()
    assert "exception" not in response.text


async def test_unhandled_errors(cop) -> None:
    # Flagged when an error's extensions carry an `exception`.
    body = await graph_query(cop, "qwerty cop { abc }")
    assert body["errors"]
    assert all("exception" not in error.get("extensions", {}) for error in body["errors"])


async def test_the_probes_find_what_is_there(demo_db) -> None:
    # In development introspection and GraphiQL are on: the same probes report them, so the
    # clean results above are the production settings' doing, not blind probes.
    app = create_app(Settings(env="development"), engine=demo_db)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://cop", headers=HEADERS) as http:
        introspected = await graph_query(http, "query { __schema { types { name fields { name } } } }")
        page = await http.get("/graphql", headers={"accept": "text/html"})
    assert introspected["data"]["__schema"]["types"]
    assert "GraphiQL" in page.text
