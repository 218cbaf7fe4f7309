"""Async engines for the embedded default (SQLite) and production (PostgreSQL), and what counts
as "the database is unavailable" (unreachable, overloaded, or too slow), which the service
answers with 503 and Retry-After rather than an internal error."""

from __future__ import annotations

import sqlite3
from typing import Any

import asyncpg
from sqlalchemy import event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

# SQLSTATE codes (and classes) of a database that is down, restarting, overloaded or cancelling
# a statement that ran too long: the request may succeed if retried later.
UNAVAILABLE_SQLSTATE_CLASSES = ("08", "53")  # connection exception; insufficient resources
UNAVAILABLE_SQLSTATES = {
    "57014",  # query_canceled: statement_timeout
    "55P03",  # lock_not_available: lock_timeout
    "57P01",  # admin_shutdown
    "57P02",  # crash_shutdown
    "57P03",  # cannot_connect_now: starting up or shutting down
}
# SQLite's own words for a file that is locked past the busy timeout, or cannot be opened.
UNAVAILABLE_SQLITE_MESSAGES = (
    "database is locked",
    "database table is locked",
    "unable to open database file",
)


def create_engine(
    url: str,
    *,
    echo: bool = False,
    pool_timeout: float = 30,
    statement_timeout_seconds: float | None = None,
    sqlite_busy_timeout_seconds: float = 30,
    pool_size: int = 10,
    max_overflow: int = 10,
    sqlite_cache_kib: int | None = None,
) -> AsyncEngine:
    """The engine for `url`. The service passes short timeouts (settings.py): waiting for a
    pooled connection (`pool_timeout`), PostgreSQL's `statement_timeout`, SQLite's busy
    timeout (how long a statement waits for a lock); the command line keeps the long defaults
    (a migration or a big seed may take a while)."""
    options: dict[str, Any] = {
        "echo": echo,
        "pool_size": pool_size,
        "max_overflow": max_overflow,
        "pool_timeout": pool_timeout,
    }
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        options["connect_args"] = {"timeout": sqlite_busy_timeout_seconds}
    else:
        # No pre-ping: it costs a round trip per checkout; stale connections are recycled
        # instead, and a dropped one invalidates the pool on first use.
        options["pool_recycle"] = 1800
        if statement_timeout_seconds is not None:
            milliseconds = str(int(statement_timeout_seconds * 1000))
            options["connect_args"] = {"server_settings": {"statement_timeout": milliseconds}}
    engine = create_async_engine(url, **options)
    if backend == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        if sqlite_cache_kib is not None:
            event.listen(engine.sync_engine, "connect", _sqlite_cache(sqlite_cache_kib))
    return engine


def _sqlite_cache(kib: int) -> Any:
    def pragma(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA cache_size=-{int(kib)}")  # negative: KiB rather than pages
        cursor.close()

    return pragma


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers run while one writer writes; foreign keys are off by default.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def is_unavailable(error: BaseException) -> bool:
    """Whether `error` (or what caused it) means the database is unreachable, overloaded or
    timed out, as opposed to a fault of ours: the one test behind every 503 of the service."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if _unavailable_by_itself(current):
            return True
        pending += [current.__cause__, current.__context__, getattr(current, "orig", None)]
    return False


def _unavailable_by_itself(error: BaseException) -> bool:
    if isinstance(error, exc.TimeoutError | TimeoutError | OSError | asyncpg.ConnectionDoesNotExistError):
        return True  # no pooled connection in time; a deadline; refused, reset, unreachable
    if isinstance(error, exc.DBAPIError) and error.connection_invalidated:
        return True
    sqlstate = getattr(error, "sqlstate", None)
    if isinstance(sqlstate, str):
        return sqlstate in UNAVAILABLE_SQLSTATES or sqlstate[:2] in UNAVAILABLE_SQLSTATE_CLASSES
    if isinstance(error, sqlite3.OperationalError):
        return str(error) in UNAVAILABLE_SQLITE_MESSAGES
    return False
