"""Where the memory of a soak goes: tracemalloc snapshots of the app, in process, diffed.

Usage:
    .venv/bin/python -m bench.memory_attribution [--first 500] [--second 5000] [--distinct]

Serves the soak's mix (bench/memory_soak.py: the same documents, anonymous and signed in,
production settings, the demo seed in a throw-away SQLite file) through the ASGI app in this
process, takes a tracemalloc snapshot after `--first` and after `--second` requests, and prints
what grew in between, grouped by traceback (the deepest frames of ours and the libraries').
`--distinct` makes every request's document distinct (an alias renamed, as a hostile client
would): what the per-document caches hold then.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import linecache
import tempfile
import tracemalloc

import httpx

from app import create_app, tune_garbage_collector
from bench.memory_soak import DOCUMENTS, LOGIN, SECRET
from cli import _seed  # pyright: ignore[reportPrivateUsage]  # the bench seeds like `serve` does
from settings import Settings


def document_for(index: int, distinct: bool) -> str:
    query = LOGIN if index % 97 == 0 else DOCUMENTS[index % len(DOCUMENTS)]
    if distinct and query.startswith("{ "):
        return "{ " + f"a{index}: __typename " + query[2:]
    return query


async def run(first: int, second: int, distinct: bool, frames: int, top: int) -> None:
    directory = tempfile.mkdtemp(prefix="ywx-memory-")
    url = f"sqlite+aiosqlite:///{directory}/soak.db"
    await _seed(url, "demo", 1, only_if_empty=True)
    settings = Settings(
        env="production", jwt_secret=SECRET, database_url=url, login_failure_delay_ms=0, max_aliases=100
    )
    app = create_app(settings)
    tune_garbage_collector()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://soak") as client:
        token = (await client.post("/graphql", json={"query": LOGIN})).json()["data"]["login"]["token"]
        tracemalloc.start(frames)
        snapshots: list[tracemalloc.Snapshot] = []
        for index in range(second):
            headers = {"authorization": f"Bearer {token}"} if index % 3 == 0 else {}
            await client.post("/graphql", json={"query": document_for(index, distinct)}, headers=headers)
            if index + 1 in (first, second):
                gc.collect()
                snapshots.append(tracemalloc.take_snapshot())
                traced, _peak = tracemalloc.get_traced_memory()
                print(f"{index + 1:6d} requests: traced {traced / 2**20:.1f} MiB")
    filters = [tracemalloc.Filter(False, tracemalloc.__file__), tracemalloc.Filter(False, linecache.__file__)]
    before, after = (snapshot.filter_traces(filters) for snapshot in snapshots)
    growth = after.compare_to(before, "traceback")
    print(f"\ngrowth between request {first} and {second}, top {top} by size:")
    for stat in growth[:top]:
        print(f"\n{stat.size_diff / 1024:+9.1f} KiB  {stat.count_diff:+7d} blocks")
        for line in stat.traceback.format(limit=frames, most_recent_first=True)[: 2 * 4]:
            print("    " + line.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--first", type=int, default=500)
    parser.add_argument("--second", type=int, default=5000)
    parser.add_argument("--distinct", action="store_true")
    parser.add_argument("--frames", type=int, default=25)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    asyncio.run(run(args.first, args.second, args.distinct, args.frames, args.top))


if __name__ == "__main__":
    main()
