"""Seed the `beijing` scale (or `--scale beijing10`) into a fresh database and print the time
it took and the row counts.

.venv/bin/python bench/seed_beijing.py            # a new SQLite file in a temporary directory
.venv/bin/python bench/seed_beijing.py --url postgresql+asyncpg://...  # an EMPTY database
.venv/bin/python bench/seed_beijing.py --scale beijing10 --url ...     # ten times as much
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from datasources.db import create_engine
from datasources.migrate import upgrade
from datasources.seed import SCALES, build_dataset, seed_database


async def main(url: str, scale: str) -> None:
    engine = create_engine(url)
    try:
        await upgrade(engine)
        started = time.perf_counter()
        build_dataset(scale)
        built = time.perf_counter() - started
        started = time.perf_counter()
        counts = (await seed_database(engine, scale=scale)).counts
        elapsed = time.perf_counter() - started
    finally:
        await engine.dispose()
    for table, count in counts.items():
        print(f"{table:30} {count:>8,}")
    print(f"{'total':30} {sum(counts.values()):>8,}")
    print(f"seeded {scale} into {engine.dialect.name} in {elapsed:.1f} s (building alone: {built:.1f} s)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="database URL (default: a new SQLite file)")
    parser.add_argument("--scale", choices=sorted(SCALES), default="beijing")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        database = Path(directory) / f"{arguments.scale}.db"
        asyncio.run(main(arguments.url or f"sqlite+aiosqlite:///{database}", arguments.scale))
