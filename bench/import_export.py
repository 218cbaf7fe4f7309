"""Export the `beijing` seed, import the file into an empty database, export again: the time
and peak memory of each step, the file's size, and whether the two exports are the same bytes.

.venv/bin/python bench/import_export.py                # SQLite files in a temporary directory
.venv/bin/python bench/import_export.py --url postgresql+asyncpg://.../db   # its public schema
                                                       # is DROPPED and made again: a scratch db

Each step runs in its own process (`yiwuxian export` / `yiwuxian import`), so the peak RSS
printed is that step's own. Figures depend on the machine and what else runs on it.
"""

from __future__ import annotations

import argparse
import asyncio
import filecmp
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from datasources.db import create_engine
from datasources.migrate import upgrade
from datasources.seed import seed_database


async def fresh(url: str, *, seed: bool) -> None:
    """An empty, migrated database at `url` (PostgreSQL: the public schema made again), seeded."""
    engine = create_engine(url)
    try:
        if engine.dialect.name == "postgresql":
            async with engine.begin() as connection:
                await connection.execute(text("DROP SCHEMA public CASCADE"))
                await connection.execute(text("CREATE SCHEMA public"))
        await upgrade(engine)
        if seed:
            await seed_database(engine, scale="beijing")
    finally:
        await engine.dispose()


def step(url: str, *arguments: str) -> tuple[float, float, float]:
    """Run `yiwuxian <arguments>` on `url`: seconds taken, CPU seconds it used (on a shared
    machine the fairer figure) and its peak RSS in MiB."""
    script = (
        "import resource, sys, cli; code = cli.main(sys.argv[1:]); "
        "used = resource.getrusage(resource.RUSAGE_SELF); "
        "print(f'peak-rss {used.ru_maxrss} {used.ru_utime + used.ru_stime}', file=sys.stderr); "
        "sys.exit(code)"
    )
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", script, *arguments],
        env={**os.environ, "YWX_DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"yiwuxian {' '.join(arguments)} failed:\n{done.stderr[-3000:]}")
    _, peak, cpu = next(line for line in done.stderr.splitlines() if line.startswith("peak-rss")).split()
    return elapsed, float(cpu), int(peak) / 1024


def main(url: str | None, directory: Path) -> None:
    first = url or f"sqlite+aiosqlite:///{directory / 'first.db'}"
    second = url or f"sqlite+aiosqlite:///{directory / 'second.db'}"
    started = time.perf_counter()
    asyncio.run(fresh(first, seed=True))
    print(f"seeded beijing in {time.perf_counter() - started:.1f} s")
    before, after = directory / "before.jsonl", directory / "after.jsonl"
    exported = step(first, "export", "--personal", "--output", str(before))
    asyncio.run(fresh(second, seed=False))
    imported = step(second, "import", str(before))
    again = step(second, "export", "--personal", "--output", str(after))
    lines = sum(1 for _ in before.open("rb")) - 1
    dialect = "postgresql" if first.startswith("postgresql") else "sqlite"
    print(f"{dialect}: {lines:,} lines, {before.stat().st_size / 2**20:.0f} MiB")
    for name, (elapsed, cpu, peak) in (
        ("export", exported),
        ("import (empty)", imported),
        ("export again", again),
    ):
        print(f"{name:15} {elapsed:6.1f} s   CPU {cpu:6.1f} s   peak RSS {peak:6.0f} MiB")
    print(f"round trip byte-identical: {filecmp.cmp(before, after, shallow=False)}")
    print(f"(this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a scratch PostgreSQL database (default: SQLite files)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        main(arguments.url, Path(scratch))
