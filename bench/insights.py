"""A dashboard's full set of insights: every figure of `insights`, unfiltered and filtered.

Usage:
    .venv/bin/python -m bench.insights [--scale beijing|beijing10] [--database-url URL] [--repeat 30]

Runs the query in-process through the real schema (no HTTP, no response cache: there is none)
and prints p50/p90 wall time and the SQL statements per request. The database is seeded at the
scale first if it is empty (bench/seeded.py). Target: p50 under 100 ms on PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncEngine

from app import GraphQLApp, tune_garbage_collector
from bench.read_queries import _FakeRequest
from bench.seeded import add_database_arguments, seeded_engine
from datasources.tables import District
from domain.global_ids import encode
from settings import Settings

BALANCE = """category district { code } demands openDemands beneficiaries unitsNeeded unitsMatched
             unitsFulfilled unmetUnits resources unitsOffered unitsAvailable matchRate fulfilmentRate
             supplyRatio"""
DASHBOARD = f"""
query Dashboard($filter: InsightFilter) {{
  insights(filter: $filter) {{
    total {{ {BALANCE} }}
    byCategory {{ {BALANCE} }}
    byDistrict {{ {BALANCE} }}
    byCategoryAndDistrict {{ {BALANCE} }}
    engagementFunnel {{ proposed accepted completed declined cancelled acceptanceRate completionRate
                        meanResponseHours }}
    demandTrend {{ month category demands }}
    timeToMatch {{ category demands matched fulfilled medianHoursToMatch p90HoursToMatch
                   medianHoursToFulfil p90HoursToFulfil }}
    monthlyTrend {{ month demandsPublished resourcesPublished engagementsCompleted volunteerHours }}
    appealReplies {{ district {{ code }} appeals replied medianHoursToFirstReply repliedWithin24HoursRate }}
    complaintsByOutcome {{ outcome complaints }}
    reputationDistribution {{ lowerBound upperBound providers }}
  }}
}}
"""
CHAOYANG = "110105"  # the district with the most of everything
SINCE = "2026-06-01T00:00:00Z"  # the last half year of the seed


async def _filter(engine: AsyncEngine) -> dict:
    async with engine.connect() as connection:
        district = (
            await connection.execute(select(District.id).where(District.code == CHAOYANG))
        ).scalar_one()
    return {"district": encode("District", district), "since": SINCE}


async def measure(graphql: GraphQLApp, variables: dict, repeat: int, counter: list) -> dict:
    walls = []
    for attempt in range(repeat + 3):
        context = await graphql.get_context(_FakeRequest())
        counter.clear()
        started = time.perf_counter()
        result = await graphql.schema.execute(DASHBOARD, variable_values=variables, context_value=context)
        wall = time.perf_counter() - started
        assert not result.errors, result.errors
        if attempt >= 3:  # warm-up runs are not counted
            walls.append(wall * 1000)
    return {
        "p50": statistics.median(walls),
        "p90": statistics.quantiles(walls, n=10)[8],
        "statements": len(counter),
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_database_arguments(parser)
    parser.add_argument("--repeat", type=int, default=30)
    arguments = parser.parse_args()
    engine = await seeded_engine(arguments.database_url, arguments.scale)
    counter: list[str] = []
    event.listen(engine.sync_engine, "before_cursor_execute", lambda *a: counter.append(a[2]))
    unlimited = {"max_cost_anonymous": 10**12, "max_cost_signed_in": 10**12}
    graphql = GraphQLApp(engine, Settings(env="production", jwt_secret="bench-" * 8, **unlimited))
    tune_garbage_collector()  # as the service does at start-up
    print(f"{arguments.scale} on {engine.dialect.name}: {arguments.repeat} runs each after 3 warm-ups")
    print(f"{'dashboard':<34}{'p50 ms':>9}{'p90 ms':>9}{'SQL':>5}")
    for name, variables in (
        ("all figures, no filter", {}),
        (f"all figures, {CHAOYANG} since {SINCE[:7]}", {"filter": await _filter(engine)}),
    ):
        figures = await measure(graphql, variables, arguments.repeat, counter)
        print(f"{name:<34}{figures['p50']:>9.1f}{figures['p90']:>9.1f}{figures['statements']:>5}")
    await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
