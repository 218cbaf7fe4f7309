"""Memory under a soak: the server's RSS while it answers thousands of mixed requests.

Usage:
    .venv/bin/python -m bench.memory_soak [--requests 5000] [--concurrency 8] [--port 18321]
        [--allocator glibc|jemalloc] [--database-url postgresql+asyncpg://...]

Starts `yiwuxian serve` (production settings, the demo seed in a throw-away SQLite file, or
the database given) as its own process, sends anonymous and signed-in reads of several shapes
(lists, nested pages, suggestions, a refused over-cost document, a login) and prints the
server's RSS (VmRSS from /proc) at 500, 1k, 2k, 5k, 10k and 20k requests and every tenth of the
run, with where it is (`rss_by_kind`: malloc's main heap and thread arenas, thread stacks,
Python's arenas, other anonymous memory, SQLite's files, libraries) and the thread count. A flat
tail after warm-up means memory is given back; a staircase means not.
SOAK_ARENAS=N runs the server with MALLOC_ARENA_MAX=N (glibc), to tell fragmentation apart.
`--allocator jemalloc` preloads jemalloc into the server (compared with glibc in
docs/operations.md, "Memory"); PYTHONMALLOC and MALLOC_CONF in the environment pass through.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SECRET = "soak-secret-" + "x" * 32

DOCUMENTS = [
    "{ homes(first: 20) { nodes { name district { name } demands(first: 5) { nodes { title } } } } }",
    "{ resources(first: 50) { totalCount nodes { title provider { name } "
    "engagements(first: 3) { nodes { status } } } } }",
    "{ demands(first: 10) { nodes { title suggestedResources(first: 5) { score resource { title } } } } }",
    "{ organizations(first: 30) { nodes { name reputation { score } "
    "ratingsReceived(first: 5) { nodes { score } } } } }",
    # over the anonymous cost limit: refused before it runs
    "{ homes(first: 100) { nodes { demands(first: 100) { nodes { "
    "engagements(first: 100) { nodes { id } } } } } } }",
    "{ volunteers(first: 20) { nodes { name skills phone } } }",
]
LOGIN = (
    'mutation { login(input: {username: "demo_volunteer", password: "yiwuxian-demo"}) '
    "{ token userErrors { code } } }"
)


# RSS is printed after these many requests, and after every tenth of the run.
CHECKPOINTS = {500, 1000, 2000, 5000, 10000, 20000}

# Debian's libjemalloc2, returning freed pages within a second (docs/operations.md, "Memory").
JEMALLOC = Path("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2")
JEMALLOC_CONF = "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0"


def allocator_env(allocator: str) -> dict[str, str]:
    if allocator == "glibc":
        return {}
    if not JEMALLOC.exists():
        raise SystemExit(f"{JEMALLOC} is missing: apt-get install libjemalloc2")
    return {"LD_PRELOAD": str(JEMALLOC), "MALLOC_CONF": os.environ.get("MALLOC_CONF", JEMALLOC_CONF)}


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


ARENA_ALIGNMENT = 64 * 1024 * 1024  # glibc's thread arenas: heaps aligned to HEAP_MAX_SIZE
THREAD_STACK_KB = 8192  # the default pthread stack (ulimit -s)
PYTHON_ARENA_KB = 1024  # pymalloc's arenas (Python's small objects), mapped 1 MiB at a time


def rss_by_kind(pid: int) -> dict[str, float]:
    """Where the RSS is (MB), from /proc/<pid>/smaps: glibc's main heap, its thread arenas
    (anonymous mappings aligned to 64 MiB), thread stacks (8 MiB mappings), Python's object
    arenas (1 MiB mappings), other anonymous memory (blocks mmapped on their own), SQLite's files
    (the database and its WAL index, mapped), and the rest of the files (libraries)."""
    kinds = dict.fromkeys(("heap", "arenas", "stacks", "python", "anon", "db", "files"), 0.0)
    kind = "files"
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        head = line.split()
        if "-" in head[0] and len(head) >= 5 and ":" in head[3]:  # a mapping's first line
            start, end = (int(part, 16) for part in head[0].split("-"))
            path = head[5] if len(head) > 5 else ""
            if path == "[heap]":
                kind = "heap"
            elif path.endswith((".db", ".db-shm", ".db-wal")):
                kind = "db"
            elif path and not path.startswith("["):
                kind = "files"
            elif start % ARENA_ALIGNMENT == 0 and path == "":
                kind = "arenas"
            elif (end - start) // 1024 in (THREAD_STACK_KB, THREAD_STACK_KB - 4):  # less its guard page
                kind = "stacks"
            elif (end - start) // 1024 == PYTHON_ARENA_KB:
                kind = "python"
            else:
                kind = "anon"
        elif head[0] == "Rss:":
            kinds[kind] += int(head[1]) / 1024
    return kinds


def threads_in(pid: int) -> int:
    return len(list(Path(f"/proc/{pid}/task").iterdir()))


def memory_line(pid: int) -> str:
    kinds = rss_by_kind(pid)
    parts = " ".join(f"{name} {mb:.0f}" for name, mb in kinds.items())
    return f"RSS {rss_mb(pid):.0f} MB ({parts}; {threads_in(pid)} threads)"


def malloc_in(pid: int) -> str:
    """Which allocator the server runs on, from its mapped libraries."""
    maps = Path(f"/proc/{pid}/maps").read_text()
    return "jemalloc" if "libjemalloc" in maps else "glibc"


async def wait_ready(client: httpx.AsyncClient) -> None:
    for _ in range(300):
        try:
            if (await client.get("/healthz")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.2)
    raise RuntimeError("the server did not come up")


async def soak(port: int, requests: int, concurrency: int, pid: int) -> None:
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
        await wait_ready(client)
        token = (await client.post("/graphql", json={"query": LOGIN})).json()["data"]["login"]["token"]
        print(f"ready: {memory_line(pid)}, malloc {malloc_in(pid)}")
        sent = 0
        statuses: dict[int, int] = {}
        started = time.perf_counter()

        async def worker(worker_id: int) -> None:
            nonlocal sent
            while sent < requests:
                index = sent
                sent += 1
                headers = {"authorization": f"Bearer {token}"} if index % 3 == 0 else {}
                query = LOGIN if index % 97 == 0 else DOCUMENTS[index % len(DOCUMENTS)]
                response = await client.post("/graphql", json={"query": query}, headers=headers)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                if index + 1 in CHECKPOINTS or (index + 1) % (requests // 10) == 0:
                    print(f"{index + 1:6d} requests: {memory_line(pid)}", flush=True)

        await asyncio.gather(*(worker(n) for n in range(concurrency)))
        print(f"done in {time.perf_counter() - started:.1f} s, statuses {statuses}")
        for pause in (1, 5):
            await asyncio.sleep(pause)
            print(f"idle {pause} s later: {memory_line(pid)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--port", type=int, default=18321)
    parser.add_argument("--allocator", choices=["glibc", "jemalloc"], default="glibc")
    parser.add_argument(
        "--database-url",
        help="serve this database (seeded with the demo data if empty) instead of a new SQLite file",
    )
    args = parser.parse_args()
    directory = tempfile.mkdtemp(prefix="ywx-soak-")
    env = {
        **os.environ,
        "YWX_ENV": "production",
        "YWX_JWT_SECRET": SECRET,
        "YWX_DATABASE_URL": args.database_url or f"sqlite+aiosqlite:///{directory}/soak.db",
        "YWX_LOGIN_FAILURE_DELAY_MS": "0",
        **({"MALLOC_ARENA_MAX": os.environ["SOAK_ARENAS"]} if "SOAK_ARENAS" in os.environ else {}),
        **allocator_env(args.allocator),
    }
    command = [str(ROOT / ".venv/bin/yiwuxian"), "serve", "--seed-if-empty", "--port", str(args.port)]
    server = subprocess.Popen(
        command, env=env, cwd=directory, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        asyncio.run(soak(args.port, args.requests, args.concurrency, server.pid))
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
