"""What abusive documents cost the service now: the cost computation, and refusal times.

Usage:
    .venv/bin/python -m bench.abuse [--repeat 20]

Prints the time to compute the static cost of the partner dashboard (bench/read_queries.py;
the document of ../shared/perf-anchor/queries/dash_ywx_full.graphql), uncached and from the
cache, then for each over-cost document of issue 11's table its size,
its cost, and the wall time of the whole request through the ASGI app in this process
(anonymous, production settings; a throw-away empty SQLite database: refused documents never
reach it): the first request (parse, validation and cost computed) and the p50 of repeats
(parser, validation and cost caches warm), with the code of the refusal (the aliased ones meet
the shape limits of limits.py first; the cost, where one was computed, is the response's).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path

import httpx
from graphql import parse

from app import create_app
from bench.read_queries import PARTNER_DASHBOARD
from datasources.db import create_engine
from datasources.migrate import upgrade
from schema import build_schema
from schema.cost import CostCache, document_cost
from settings import Settings

ALIASED_HOMES = (
    "{"
    + " ".join(
        f"a{i}: homes(first: 100) {{ nodes {{ demands(first: 100) {{ nodes {{"
        " engagements(first: 100) { nodes { id status } } } } } }"
        for i in range(50)
    )
    + "}"
)
ALIASED_SUGGESTIONS = (
    "{"
    + " ".join(
        f"a{i}: demands(first: 100) {{ nodes {{ suggestedResources(first: 50) {{ score }} }} }}"
        for i in range(200)
    )
    + "}"
)
# The same, one of each (no aliases: the shape limits let them through; the cost does not).
ONE_HOMES = (
    "{ homes(first: 100) { nodes { demands(first: 100) { nodes {"
    " engagements(first: 100) { nodes { id } } } } } } }"
)
ONE_SUGGESTIONS = "{ demands(first: 100) { nodes { suggestedResources(first: 50) { score } } } }"
ENTITIES = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Home { name } } }"
PROBES = (
    ("homes>demands>engagements, 100 each", ONE_HOMES, {}),
    ("demands(100)>suggestedResources(50)", ONE_SUGGESTIONS, {}),
    ("50 aliases homes>demands>engagements", ALIASED_HOMES, {}),
    ("200 aliases demands>suggestedResources", ALIASED_SUGGESTIONS, {}),
    (
        "_entities, 10,000 representations",
        ENTITIES,
        {"r": [{"__typename": "Home", "id": f"SG9tZTo{i}"} for i in range(10_000)]},
    ),
)


def time_cost(repeat: int) -> None:
    graph = build_schema()._schema
    document = parse(PARTNER_DASHBOARD)
    runs = []
    for _ in range(repeat * 10):
        started = time.perf_counter()
        cost = document_cost(graph, document, None, {"n": 20})
        runs.append((time.perf_counter() - started) * 1000)
    cache = CostCache()
    cache.cost(graph, PARTNER_DASHBOARD, document, None, {"n": 20})
    hits = []
    for _ in range(repeat * 10):
        started = time.perf_counter()
        cache.cost(graph, PARTNER_DASHBOARD, document, None, {"n": 20})
        hits.append((time.perf_counter() - started) * 1000)
    print(
        f"partner dashboard: cost {cost}; computed p50 {statistics.median(runs):.3f} ms, "
        f"from the cache p50 {statistics.median(hits):.4f} ms"
    )


async def time_refusals(repeat: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite+aiosqlite:///{Path(folder) / 'abuse.db'}")
        await upgrade(engine)
        app = create_app(Settings(env="production", jwt_secret="bench-" * 8), engine=engine)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as http:
            await http.post("/graphql", json={"query": "{ __typename }"})  # the app's first request
            print(f"{'document':<42}{'KB':>6}{'cost':>12}{'first ms':>10}{'p50 ms':>9}  code")
            for name, query, variables in PROBES:
                body = json.dumps({"query": query, "variables": variables}).encode()
                walls = []
                for _ in range(repeat + 1):
                    started = time.perf_counter()
                    response = await http.post(
                        "/graphql", content=body, headers={"content-type": "application/json"}
                    )
                    walls.append((time.perf_counter() - started) * 1000)
                answer = response.json()
                code = answer["errors"][0]["extensions"]["code"]
                cost = answer.get("extensions", {}).get("cost", {}).get("requested", "-")
                print(
                    f"{name:<42}{len(body) / 1024:>6.0f}{cost:>12}"
                    f"{walls[0]:>10.1f}{statistics.median(walls[1:]):>9.1f}  {code}"
                )
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    time_cost(args.repeat)
    asyncio.run(time_refusals(args.repeat))


if __name__ == "__main__":
    main()
