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
import json
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
from domain.identifiers import credit_check_char


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
    # The peak is VmHWM, the high-water mark of this process's own memory: ru_maxrss would
    # carry over the forking parent's (this process's, with the seed in it) across exec.
    script = (
        "import re, resource, sys, cli; code = cli.main(sys.argv[1:]); "
        "used = resource.getrusage(resource.RUSAGE_SELF); "
        "peak = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1); "
        "print(f'peak-rss {peak} {used.ru_utime + used.ru_stime}', file=sys.stderr); "
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


def multiply(source: Path, target: Path, copies: int) -> int:
    """Write `copies` copies of the export `source` to `target`, one header: in copy k every ref
    (a line's own, those it names, an event's registrations) gets the prefix `k-` and every
    credit code is a new one. The number of lines."""
    codes = 0
    with target.open("w", encoding="utf-8") as out:
        for copy in range(copies):
            with source.open(encoding="utf-8") as lines:
                header = next(lines)
                if copy == 0:
                    out.write(header)
                for text in lines:
                    line = json.loads(text)
                    if copy:
                        for name, value in line.items():
                            if name == "ref" or name.endswith("Ref"):
                                line[name] = f"{copy}-{value}"
                        if "registrations" in line:
                            line["registrations"] = [f"{copy}-{ref}" for ref in line["registrations"]]
                        if "creditCode" in line:
                            codes += 1
                            first = f"91110000{codes:09d}"
                            line["creditCode"] = first + credit_check_char(first)
                    out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return sum(1 for _ in target.open("rb")) - 1


def main(url: str | None, directory: Path, copies: int) -> None:
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
    if copies > 1:
        third = url or f"sqlite+aiosqlite:///{directory / 'third.db'}"
        bigger = directory / "bigger.jsonl"
        count = multiply(before, bigger, copies)
        print(f"{copies} copies: {count:,} lines, {bigger.stat().st_size / 2**20:.0f} MiB")
        asyncio.run(fresh(third, seed=False))
        for name, (elapsed, cpu, peak) in (
            (f"import x{copies}", step(third, "import", str(bigger))),
            (
                f"export x{copies}",
                step(third, "export", "--personal", "--output", str(directory / "x.jsonl")),
            ),
        ):
            print(f"{name:15} {elapsed:6.1f} s   CPU {cpu:6.1f} s   peak RSS {peak:6.0f} MiB")
    print(f"(this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a scratch PostgreSQL database (default: SQLite files)")
    parser.add_argument("--copies", type=int, default=1, help="then import a file this many times as long")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        main(arguments.url, Path(scratch), arguments.copies)
