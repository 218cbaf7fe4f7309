"""`{ __typename }` latency while costly-but-allowed documents run, at `beijing` scale.

Usage:
    .venv/bin/python -m bench.abuse_latency [--scale beijing|beijing10] [--database-url URL]
        [--probes 200] [--port 18322]

Seeds the scale (default `beijing`) first if the database is empty (SQLite default:
bench/results/<scale>.db, shared with the other benches: bench/seeded.py), starts
`yiwuxian serve` on it as its own process (production settings, one worker) and sends
`{ __typename }` one after the other, first alone, then while 4 clients each run one
anonymous document just under the anonymous cost limit in a loop. Prints each document's
cost and latency, and the probe's p50/p99 in both phases: the service stays answerable
while the most it admits runs.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.read_queries import PARTNER_DASHBOARD
from bench.seeded import add_database_arguments, database_url, seeded_engine

ROOT = Path(__file__).resolve().parent.parent
PROBE = {"query": "{ __typename }"}
# Four documents an anonymous client may send (each under the default limit of 5,000).
COSTLY = [
    ("partner dashboard, 20 per page", {"query": PARTNER_DASHBOARD, "variables": {"n": 20}}),
    (
        "50 demands x 5 suggestions",
        {
            "query": "{ demands(first: 50) { nodes { title suggestedResources(first: 5) "
            "{ score resource { title provider { __typename } } } } } }"
        },
    ),
    (
        "100 resources x 20 engagements",
        {
            "query": "{ resources(first: 100) { nodes { title provider { name } "
            "engagements(first: 20) { nodes { status demand { title } } } } } }"
        },
    ),
    (
        "100 homes x 40 demands",
        {
            "query": "{ homes(first: 100) { nodes { name district { name } "
            "demands(first: 40) { nodes { title urgency quantity } } } } }"
        },
    ),
]


async def seed_if_empty(url: str, scale: str) -> None:
    await (await seeded_engine(url, scale)).dispose()


async def wait_ready(client: httpx.AsyncClient) -> None:
    for _ in range(600):
        try:
            if (await client.get("/readyz")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.2)
    raise RuntimeError("the server did not come up")


async def probe(client: httpx.AsyncClient, count: int) -> list[float]:
    """Wall times of `count` probes sent one after the other, 20 ms apart."""
    walls = []
    for _ in range(count):
        started = time.perf_counter()
        response = await client.post("/graphql", json=PROBE)
        walls.append((time.perf_counter() - started) * 1000)
        assert response.json()["data"] == {"__typename": "Query"}, response.text
        await asyncio.sleep(0.02)
    return walls


def percentiles(walls: list[float]) -> str:
    cuts = statistics.quantiles(walls, n=100)
    return f"p50 {statistics.median(walls):7.1f} ms   p99 {cuts[98]:7.1f} ms   max {max(walls):7.1f} ms"


async def run(port: int, probes: int) -> None:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
        await wait_ready(client)
        print(f"{'document':<34}{'cost':>6}{'alone ms':>10}")
        for name, body in COSTLY:
            started = time.perf_counter()
            answer = (await client.post("/graphql", json=body)).json()
            assert "errors" not in answer, answer["errors"]
            wall = (time.perf_counter() - started) * 1000
            print(f"{name:<34}{answer['extensions']['cost']['requested']:>6}{wall:>10.0f}")
        print(f"{{ __typename }} alone:            {percentiles(await probe(client, probes))}")

        stop = asyncio.Event()
        runs: dict[str, list[float]] = {name: [] for name, _ in COSTLY}

        async def costly(name: str, body: dict[str, object]) -> None:
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=120) as own:
                while not stop.is_set():
                    started = time.perf_counter()
                    response = await own.post("/graphql", json=body)
                    assert "errors" not in response.json(), response.text
                    runs[name].append((time.perf_counter() - started) * 1000)

        workers = [asyncio.create_task(costly(name, body)) for name, body in COSTLY]
        await asyncio.sleep(1)  # all four under way
        walls = await probe(client, probes)
        stop.set()
        await asyncio.gather(*workers)
        print(f"{{ __typename }} beside 4 costly:  {percentiles(walls)}")
        for name, times in runs.items():
            print(f"  {name:<32} {len(times):>4} runs, p50 {statistics.median(times):7.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_database_arguments(parser)
    parser.add_argument("--probes", type=int, default=200)
    parser.add_argument("--port", type=int, default=18322)
    args = parser.parse_args()
    args.database_url = database_url(args.database_url, args.scale)
    asyncio.run(seed_if_empty(args.database_url, args.scale))
    env = {
        **os.environ,
        "YWX_ENV": "production",
        "YWX_JWT_SECRET": "latency-" + "x" * 32,
        "YWX_DATABASE_URL": args.database_url,
    }
    command = [str(ROOT / ".venv/bin/yiwuxian"), "serve", "--port", str(args.port)]
    with tempfile.TemporaryDirectory() as directory:
        server = subprocess.Popen(
            command, env=env, cwd=directory, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            asyncio.run(run(args.port, args.probes))
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
