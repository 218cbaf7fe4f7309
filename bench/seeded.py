"""The seeded database a bench measures: `--scale` (demo, beijing, beijing10) and `--database-url`.

    parser = argparse.ArgumentParser()
    add_database_arguments(parser, default_scale="beijing")
    engine = await seeded_engine(arguments.database_url, arguments.scale)

The default database is a SQLite file per scale in bench/results/ (beijing.db, beijing10.db),
shared by the benches; a given URL must name a database holding that scale, or an empty one,
which is seeded first (beijing10 takes a while: seed it once, reuse it).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from datasources.db import create_engine
from datasources.migrate import upgrade
from datasources.seed import SCALES, is_empty, seed_database

RESULTS = Path(__file__).parent / "results"


def add_database_arguments(parser: argparse.ArgumentParser, default_scale: str = "beijing") -> None:
    parser.add_argument("--scale", choices=sorted(SCALES), default=default_scale, help="the seed scale")
    parser.add_argument(
        "--database-url",
        help="a database holding that scale, or an empty one (default: bench/results/<scale>.db)",
    )


def database_url(url: str | None, scale: str) -> str:
    if url:
        return url
    RESULTS.mkdir(exist_ok=True)
    return f"sqlite+aiosqlite:///{RESULTS / f'{scale}.db'}"


async def seeded_engine(url: str | None, scale: str) -> AsyncEngine:
    """An engine on the migrated database, seeded at `scale` (seed 1) if it was empty."""
    engine = create_engine(database_url(url, scale))
    await upgrade(engine)
    if await is_empty(engine):
        started = time.perf_counter()
        await seed_database(engine, scale=scale, seed=1)
        print(f"seeded {scale} into {engine.dialect.name} in {time.perf_counter() - started:.1f} s")
    return engine
