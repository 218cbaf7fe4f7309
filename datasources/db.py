"""Async engines for the embedded default (SQLite) and production (PostgreSQL)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    options: dict[str, Any] = {"echo": echo}
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        options["connect_args"] = {"timeout": 30}
    else:
        # No pre-ping: it costs a round trip per checkout; stale connections are recycled
        # instead, and a dropped one invalidates the pool on first use.
        options.update(pool_size=10, max_overflow=10, pool_recycle=1800)
    engine = create_async_engine(url, **options)
    if backend == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers run while one writer writes; foreign keys are off by default.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
