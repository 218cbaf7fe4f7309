"""Three realistic read queries at `beijing` scale: latency, CPU, statements, memory.

Usage:
    .venv/bin/python -m bench.read_queries [--scale beijing|beijing10] [--database-url URL] [--repeat 30]

Seeds the scale into the database first if it is empty (SQLite default:
bench/results/<scale>.db, bench/seeded.py). Prints p50/p95 wall latency, server CPU per request, SQL
statements per request (at two page sizes: they must be equal) and the peak RSS.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import resource
import statistics
import time
from typing import Any

from sqlalchemy import event

from app import GraphQLApp, tune_garbage_collector
from bench.seeded import add_database_arguments, seeded_engine
from settings import Settings

FRONT_END_VIEW = """
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
              resource { title category provider { __typename name reputation { score count } } }
            }
          }
        }
      }
    }
  }
}
"""

# 50 organizations x 20 resources x their ratings: about 11,000 fields at n = 20.
PARTNER_DASHBOARD = """
query($n: Int!) {
  organizations(first: 50, filter: {statuses: [ACTIVE]}, orderBy: {field: RATING_COUNT, direction: DESC}) {
    nodes {
      id name kind status createdAt
      reputation { average count score completionRate }
      resources(first: $n) {
        nodes { id title category status quantity quantityCommitted unit createdAt }
      }
      ratingsReceived(first: $n) {
        nodes { score quality timeliness communication createdAt }
      }
    }
  }
}
"""

VOLUNTEER_BROWSE = """
query($n: Int!) {
  resources(first: $n, filter: {categories: [VOLUNTEER_POSITION], statuses: [PUBLISHED],
                                 near: {lat: 39.93, lon: 116.45, radiusKm: 8}},
            orderBy: {field: DISTANCE}) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id title distanceKm availableFrom availableUntil quantityAvailable tags
      district { name }
      provider { __typename name reputation { score } }
    }
  }
}
"""


async def first_home_with_demands(engine: Any) -> str:
    from sqlalchemy import func, select

    from datasources.tables import Demand
    from domain.global_ids import encode

    async with engine.connect() as connection:
        home_id = (
            await connection.execute(
                select(Demand.requester_id)
                .where(Demand.requester_kind == "HOME")
                .group_by(Demand.requester_id)
                .order_by(func.count().desc(), Demand.requester_id)
                .limit(1)
            )
        ).scalar_one()
    return encode("Home", home_id)


async def measure(graphql: GraphQLApp, query: str, variables: dict, repeat: int, counter: list) -> dict:
    schema = graphql.schema
    walls, cpus = [], []
    for attempt in range(repeat + 3):
        context = await graphql.get_context(_FakeRequest())
        counter.clear()
        started_wall, started_cpu = time.perf_counter(), time.process_time()
        result = await schema.execute(query, variable_values=variables, context_value=context)
        wall, cpu = time.perf_counter() - started_wall, time.process_time() - started_cpu
        assert not result.errors, result.errors
        if attempt >= 3:  # warm-up runs are not counted
            walls.append(wall * 1000)
            cpus.append(cpu * 1000)
    statements = len(counter)
    fields = count_fields(result.data)
    return {
        "fields": fields,
        "p50_ms": statistics.median(walls),
        "p95_ms": statistics.quantiles(walls, n=20)[18],
        "cpu_ms": statistics.median(cpus),
        "statements": statements,
    }


def count_fields(value: Any) -> int:
    """How many fields a response holds (leaves and objects alike)."""
    if isinstance(value, dict):
        return len(value) + sum(count_fields(item) for item in value.values())
    if isinstance(value, list):
        return sum(count_fields(item) for item in value)
    return 0


class _FakeRequest:
    """What `get_context` reads of a request: anonymous, no client address."""

    headers: dict[str, str] = {}
    client = None
    scope: dict[str, object] = {}


async def main() -> None:
    parser = argparse.ArgumentParser()
    add_database_arguments(parser)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--untuned-gc", action="store_true", help="keep Python's GC defaults")
    args = parser.parse_args()
    engine = await seeded_engine(args.database_url, args.scale)
    counter: list[str] = []
    event.listen(engine.sync_engine, "before_cursor_execute", lambda *a: counter.append(a[2]))
    graphql = GraphQLApp(engine, Settings(env="production", jwt_secret="bench-" * 8))
    home = await first_home_with_demands(engine)
    if args.untuned_gc:
        gc.collect()
    else:
        tune_garbage_collector()  # as the service does at start-up
    print(f"{args.scale} on {engine.dialect.name}; {args.repeat} runs each after 3 warm-ups")
    print(f"{'query':<22}{'page':>5}{'fields':>8}{'p50 ms':>9}{'p95 ms':>9}{'CPU ms':>9}{'SQL':>5}")
    for name, query, variables in (
        ("front-end view", FRONT_END_VIEW, {"home": home}),
        ("partner dashboard", PARTNER_DASHBOARD, {}),
        ("volunteer browse", VOLUNTEER_BROWSE, {}),
    ):
        for size in (5, 20):
            figures = await measure(graphql, query, {**variables, "n": size}, args.repeat, counter)
            print(
                f"{name:<22}{size:>5}{figures['fields']:>8}{figures['p50_ms']:>9.1f}{figures['p95_ms']:>9.1f}"
                f"{figures['cpu_ms']:>9.1f}{figures['statements']:>5}"
            )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak_mb:.0f} MB")
    await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
