"""The parsed and validated documents kept between requests stay bounded, whatever documents come
(schema/document_cache.py; docs/operations.md, "Memory")."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette
from starlette.routing import Route

from app import GraphQLApp, create_app
from schema.document_cache import DocumentCache
from settings import Settings


def test_the_cache_is_bounded_by_its_entries_and_by_the_length_of_its_documents() -> None:
    cache: DocumentCache[int] = DocumentCache(max_entries=3, max_chars=100, max_document_chars=40)
    for n in range(5):
        cache.put(f"query{n}", n)
    assert list(cache.entries) == ["query2", "query3", "query4"]  # the least recently used went
    assert cache.get("query2") == 2  # now the most recently used
    cache.put("x" * 40, 40)
    assert list(cache.entries) == ["query4", "query2", "x" * 40]
    cache.put("y" * 40, 41)
    assert list(cache.entries) == ["query2", "x" * 40, "y" * 40] and cache.chars == 86
    cache.put("w" * 40, 42)  # three entries of 120 characters: over 100, the oldest goes too
    assert list(cache.entries) == ["y" * 40, "w" * 40] and cache.chars == 80
    cache.put("z" * 41, 0)  # longer than a document may be: not kept
    assert cache.get("z" * 41) is None and cache.chars == 80


def graphql_app(app: Starlette) -> GraphQLApp:
    (route,) = [route for route in app.routes if isinstance(route, Route) and route.path == "/graphql"]
    assert isinstance(route.app, GraphQLApp)
    return route.app


async def test_distinct_documents_do_not_grow_the_caches_and_repeated_ones_are_parsed_once(demo_db) -> None:
    app = create_app(Settings(env="test"), engine=demo_db)
    documents = graphql_app(app).documents
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
        # A hostile client's documents: each distinct, each long (a comment makes it so).
        for n in range(40):
            query = f"{{ districts {{ totalCount }} }} # {n} " + "x" * 18_000
            assert (await http.post("/graphql", json={"query": query})).status_code == 200
        for cache in (documents.parsed, documents.validated):
            assert len(cache.entries) <= cache.max_chars // 18_000
            assert cache.chars <= cache.max_chars
        query = "{ districts { totalCount } }"
        await http.post("/graphql", json={"query": query})
        parsed = documents.parsed.get(query)
        response = await http.post("/graphql", json={"query": query})
    assert response.json()["data"] == {"districts": {"totalCount": 16}}
    assert parsed is not None and documents.parsed.get(query) is parsed
    assert documents.validated.get(query) == ()
