"""How fast the shape limits refuse the abusive documents of issue 11 (limits.py), and what the
check costs an allowed document. Figures only; the refusals themselves are tested in
tests/test_limits.py.

Usage:
    .venv/bin/python -m bench.abuse_shape [--repeat 50]

Runs the app in production mode (router secret set) over an empty SQLite database in a
temporary folder: a refused document never reaches the database.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from graphql import parse

from app import create_app
from bench.read_queries import PARTNER_DASHBOARD
from datasources.db import create_engine
from datasources.migrate import upgrade
from limits import shape_problem
from settings import Settings

SECRET = "bench-router-secret-" + "x" * 20
ENGAGEMENTS = "engagements(first: 100) { nodes { status } }"
HOMES = "homes(first: 100) { nodes { demands(first: 100) { nodes { " + ENGAGEMENTS + " } } } }"
SUGGESTED = "demands(first: 100) { nodes { suggestedResources(first: 50) { totalCount } } }"

PROBES: dict[str, tuple[str, dict[str, Any], dict[str, str]]] = {
    "50 aliases of homes>demands>engagements": (
        "{ " + " ".join(f"a{i}: {HOMES}" for i in range(50)) + " }",
        {},
        {},
    ),
    "200 aliases of demands>suggestedResources": (
        "{ " + " ".join(f"a{i}: {SUGGESTED}" for i in range(200)) + " }",
        {},
        {},
    ),
    "500 x __typename (field duplication)": ("{ " + "__typename " * 500 + "}", {}, {}),
    "300 unknown directives on one field": ("{ __typename" + " @aa" * 300 + " }", {}, {}),
    "_entities, 10,000 representations (router)": (
        "query($r: [_Any!]!) { _entities(representations: $r) { __typename } }",
        {"r": [{"__typename": "Volunteer", "id": "Vm9sdW50ZWVyOjE="}] * 10_000},
        {"x-router-secret": SECRET},
    ),
    "_service { sdl }, anonymous": ("{ _service { sdl } }", {}, {}),
}


async def run(repeat: int) -> None:
    folder = Path(tempfile.mkdtemp())
    url = f"sqlite+aiosqlite:///{folder}/abuse.db"
    engine = create_engine(url)
    await upgrade(engine)
    settings = Settings(env="production", jwt_secret="b" * 32, router_secret=SECRET, database_url=url)
    transport = httpx.ASGITransport(app=create_app(settings, engine=engine))
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
        print(f"{'probe':48} {'bytes':>8} {'p50 ms':>8} {'max ms':>8}  code")
        for name, (query, variables, headers) in PROBES.items():
            payload = {"query": query, "variables": variables}
            times = []
            body: dict[str, Any] = {}
            for _ in range(repeat):
                started = time.perf_counter()
                response = await http.post("/graphql", json=payload, headers=headers)
                times.append((time.perf_counter() - started) * 1000)
                body = response.json()
            error = (body.get("errors") or [{}])[0]
            code = error.get("extensions", {}).get("code", error.get("message", "(ran)")[:40])
            size = len(response.request.content)
            print(f"{name:48} {size:>8} {statistics.median(times):>8.2f} {max(times):>8.2f}  {code}")
    await engine.dispose()

    document = parse(PARTNER_DASHBOARD)
    started = time.perf_counter()
    for _ in range(1000):
        assert shape_problem(document, 15, 5, 4) is None
    per_check = (time.perf_counter() - started) / 1000 * 1e6
    print(f"shape check of the partner dashboard document (allowed): {per_check:.1f} µs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    asyncio.run(run(parser.parse_args().repeat))


if __name__ == "__main__":
    main()
