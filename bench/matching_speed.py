"""How fast is matching at the scale of Beijing, and how does it grow with 10× the data?

    .venv/bin/python -m bench.matching_speed [--freeze-gc] [--no-x10] [--plan-only]  # SQLite: bench/results/
    .venv/bin/python -m bench.matching_speed --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/ywx_matching

The database is seeded at `beijing` scale (seed 1) if it is empty and reused afterwards. The
10× city is that database with every resource and demand copied nine more times, each copy
moved by up to ~300 m (`--x10-url`, default: a second SQLite file, or the PostgreSQL URL with
`_x10` appended to the database name): ten times the density in the same city, which is
what makes candidate sets grow.

All requests go through the real ASGI app in this process (no network), one at a time; next to
the wall times, the CPU time of this process (SQLite runs in it, PostgreSQL does not), which
other processes on the machine do not inflate:
- suggestedResources(first: 10) on one open demand: p50 / p95 over 60 different demands;
- 50 open demands × suggestedResources(first: 5) in one request: p50 / p95 over 10 pages;
- allocationPlan for PROFESSIONAL_SERVICE over the whole city, without and with a fairness
  floor: wall time, then (in a second run, as tracing slows it) the peak of Python memory
  allocated during it (tracemalloc; numpy's arrays included, HiGHS's own C++ memory not).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import time
import tracemalloc
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from app import create_app
from auth.tokens import TokenIssuer
from datasources.db import create_engine
from datasources.migrate import upgrade
from datasources.seed import is_empty, seed_database
from datasources.tables import Account, Demand, Resource
from domain.global_ids import encode
from settings import Settings

RESULTS = Path(__file__).parent / "results"
ONE = """
query($id: ID!) {
  node(id: $id) {
    ... on Demand {
      suggestedResources(first: 10) { score reasons { factor contribution detail } resource { title } }
    }
  }
}
"""
PAGE = """
query($after: String) {
  demands(first: 50, after: $after, filter: {statuses: [OPEN]}) {
    pageInfo { endCursor }
    nodes { title suggestedResources(first: 5) { score reasons { factor detail } resource { title } } }
  }
}
"""
PLAN = """
query($floor: Float) {
  allocationPlan(input: {category: PROFESSIONAL_SERVICE, fairnessFloor: $floor}) {
    totalScore unitsNeeded unitsAllocated demandCount resourceCount candidatePairs minFillRate
    proposals { quantity score }
  }
}
"""
FREEZE_GC = False  # --freeze-gc
PLAN_ONLY = False  # --plan-only
COPIES = 9  # extra copies of every resource and demand in the 10× city
JITTER_DEGREES = 0.003  # how far a copy moves (about 300 m)


async def prepare(url: str, *, times_ten: bool) -> AsyncEngine:
    engine = create_engine(url)
    await upgrade(engine)
    if await is_empty(engine):
        started = time.perf_counter()
        await seed_database(engine, scale="beijing", seed=1)
        print(f"  seeded beijing into {url} in {time.perf_counter() - started:.1f} s")
        if times_ten:
            started = time.perf_counter()
            await multiply(engine)
            print(f"  copied resources and demands ×{COPIES + 1} in {time.perf_counter() - started:.1f} s")
    return engine


async def multiply(engine: AsyncEngine) -> None:
    """Nine jittered copies of every resource (with the districts it serves) and demand."""
    random = "random()" if engine.dialect.name == "postgresql" else "(abs(random()) % 1000000) / 1000000.0"
    jitter = f"(({random}) - 0.5) * {2 * JITTER_DEGREES}"
    async with engine.begin() as connection:
        for model in (Resource, Demand):
            table = model.__tablename__
            columns = [c.name for c in model.__table__.columns]
            count = (await connection.execute(text(f"SELECT max(id) FROM {table}"))).scalar_one()
            for copy in range(1, COPIES + 1):
                shift = copy * count
                values = ", ".join(
                    f"id + {shift}" if c == "id"
                    else "NULL" if c in ("ref", "appeal_id")
                    else f"{c} + {jitter}" if c in ("lat", "lon")
                    else c
                    for c in columns
                )  # fmt: skip
                into = f"INSERT INTO {table} ({', '.join(columns)})"
                await connection.execute(text(f"{into} SELECT {values} FROM {table} WHERE id <= {count}"))
                if model is Resource:
                    links = "resource_service_districts"
                    await connection.execute(
                        text(
                            f"INSERT INTO {links} (resource_id, district_id) SELECT resource_id + {shift}, "
                            f"district_id FROM {links} WHERE resource_id <= {count}"
                        )
                    )
            if engine.dialect.name == "postgresql":
                sequence = f"pg_get_serial_sequence('{table}', 'id')"
                await connection.execute(text(f"SELECT setval({sequence}, MAX(id)) FROM {table}"))
        if engine.dialect.name == "postgresql":
            await connection.execute(text("ANALYZE"))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def measure(engine: AsyncEngine, label: str) -> dict[str, Any]:
    # A plan at 10× takes longer than a request may by default (the 20 s deadline): let it finish.
    settings = Settings(env="test", request_timeout_seconds=300)
    async with engine.connect() as connection:
        admin = (await connection.execute(select(Account.id).where(Account.username == "admin"))).scalar_one()
        open_demands = (
            (
                await connection.execute(
                    select(Demand.id)
                    .where(Demand.status == "OPEN", Demand.quantity_matched < Demand.quantity)
                    .order_by(Demand.id)
                )
            )
            .scalars()
            .all()
        )
        resources = (await connection.execute(select(func.count()).select_from(Resource))).scalar_one()
        demands = (await connection.execute(select(func.count()).select_from(Demand))).scalar_one()
    token, _ = TokenIssuer(settings.jwt_secret, 3600).mint(admin, ["ADMIN"], None)
    app = create_app(settings, engine=engine)
    figures: dict[str, Any] = {
        "label": label,
        "resources": resources,
        "demands": demands,
        "open": len(open_demands),
    }
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://bench", timeout=600
    ) as http:
        cpu: dict[str, list[float]] = {"one": [], "page": [], "plan": []}

        async def post(query: str, variables: dict[str, Any], **headers: str) -> tuple[float, dict]:
            started, cpu_started = time.perf_counter(), time.process_time()
            response = await http.post(
                "/graphql", json={"query": query, "variables": variables}, headers=headers
            )
            elapsed = time.perf_counter() - started
            cpu_ms = (time.process_time() - cpu_started) * 1000
            body = response.json()
            assert "errors" not in body, body["errors"]
            for name, text in (("one", ONE), ("page", PAGE), ("plan", PLAN)):
                if query is text:
                    cpu[name].append(cpu_ms)
            return elapsed * 1000, body["data"]

        if not PLAN_ONLY:
            await suggestions(post, open_demands, figures, cpu)
        for floor in (None, 1.0):
            # Timed on its own: tracemalloc slows every allocation, so memory is a second run.
            elapsed, data = await post(PLAN, {"floor": floor}, authorization=f"Bearer {token}")
            tracemalloc.start()
            await post(PLAN, {"floor": floor}, authorization=f"Bearer {token}")
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            plan = data["allocationPlan"]
            name = "plan" if floor is None else "plan fair"
            figures[f"{name} s"] = elapsed / 1000
            figures[f"{name} cpu"] = cpu["plan"][-2] / 1000  # the timed run's, not the traced one's
            figures[f"{name} MB"] = peak / 2**20
            figures[f"{name} pairs"] = plan["candidatePairs"]
            figures[f"{name} shape"] = (plan["demandCount"], plan["resourceCount"], len(plan["proposals"]))
    return figures


async def suggestions(
    post: Any, open_demands: Sequence[int], figures: dict[str, Any], cpu: dict[str, list[float]]
) -> None:
    """One demand's suggestions over 60 demands, then 10 pages of 50 demands with theirs."""
    step = max(1, len(open_demands) // 60)
    sample = open_demands[::step][:60]
    await post(ONE, {"id": encode("Demand", sample[0])})  # warm-up
    await post(PAGE, {"after": None})
    if FREEZE_GC:
        gc.freeze()  # what a server would do after start-up: the heap so far is never scanned again
    one = [(await post(ONE, {"id": encode("Demand", pk)}))[0] for pk in sample]
    figures["one p50"], figures["one p95"] = percentile(one, 0.5), percentile(one, 0.95)

    pages, after = [], None
    for _ in range(10):
        elapsed, data = await post(PAGE, {"after": after})
        pages.append(elapsed)
        after = data["demands"]["pageInfo"]["endCursor"]
    figures["page p50"], figures["page p95"] = percentile(pages, 0.5), percentile(pages, 0.95)
    for name in ("one", "page"):
        figures[f"{name} cpu"] = percentile(cpu[name][1:], 0.5)  # the first was the warm-up


def report(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        size = f"{row['resources']:,} resources, {row['demands']:,} demands ({row['open']:,} open)"
        print(f"\n{row['label']}: {size}")
        for name, key in (
            ("suggestedResources(first: 10), one demand", "one"),
            ("50 demands × suggestedResources(first: 5)", "page"),
        ):
            if f"{key} p50" not in row:
                continue  # --plan-only
            print(
                f"  {name:44} p50 {row[f'{key} p50']:7.1f} ms   p95 {row[f'{key} p95']:7.1f} ms   "
                f"(CPU of this process p50 {row[f'{key} cpu']:6.1f} ms)"
            )
        for name, key in (("allocationPlan, one category", "plan"), ("  + fairness floor 1.0", "plan fair")):
            demands, resources, proposals = row[f"{key} shape"]
            shape = f"{demands:,} demands, {resources:,} resources, {row[f'{key} pairs']:,} pairs"
            print(
                f"  {name:44} {row[f'{key} s']:7.2f} s   CPU {row[f'{key} cpu']:6.2f} s   "
                f"peak {row[f'{key} MB']:6.1f} MB   ({shape}, {proposals:,} proposals)"
            )


async def main(url: str, x10_url: str | None) -> None:
    rows = []
    databases = [("beijing", url, False)] + ([("beijing ×10 (density)", x10_url, True)] if x10_url else [])
    for label, database, times_ten in databases:
        engine = await prepare(database, times_ten=times_ten)
        try:
            frozen = ", gc frozen after warm-up" if FREEZE_GC else ""
            rows.append(await measure(engine, f"{label} on {engine.dialect.name}{frozen}"))
        finally:
            await engine.dispose()
    report(rows)


def x10_of(url: str) -> str:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"sqlite+aiosqlite:///{RESULTS / 'matching-beijing-x10.db'}"
    return parsed.set(database=f"{parsed.database}_x10").render_as_string(hide_password=False)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=f"sqlite+aiosqlite:///{RESULTS / 'matching-beijing.db'}")
    parser.add_argument("--x10-url", help="the 10× database (default: derived from --database-url)")
    parser.add_argument("--no-x10", action="store_true", help="measure the beijing database only")
    parser.add_argument(
        "--freeze-gc", action="store_true", help="gc.freeze() after the warm-up, as a tuned server would"
    )
    parser.add_argument("--plan-only", action="store_true", help="time the allocation plan only")
    arguments = parser.parse_args()
    FREEZE_GC = arguments.freeze_gc
    PLAN_ONLY = arguments.plan_only
    RESULTS.mkdir(exist_ok=True)
    x10 = None if arguments.no_x10 else arguments.x10_url or x10_of(arguments.database_url)
    asyncio.run(main(arguments.database_url, x10))
