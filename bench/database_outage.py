"""PostgreSQL stopped under the running service, and started again: what a client sees.

Usage:
    .venv/bin/python -m bench.database_outage [--port 18543]

Makes a private PostgreSQL cluster in a temporary directory (initdb and pg_ctl of the machine's
PostgreSQL, /usr/lib/postgresql/*/bin; as the `postgres` user when run as root) on its own
port, never the shared server, migrates it, serves a query, stops the cluster (`pg_ctl stop -m
fast`), then prints the status, Retry-After, media type and time of an anonymous query, a
signed-in one (its account look-up runs before GraphQL) and /readyz; starts the cluster again
and prints the next answer. The cluster is removed on the way out.
"""

from __future__ import annotations

import argparse
import asyncio
import glob
import os
import shutil
import subprocess
import tempfile
import time

import httpx

from app import create_app
from auth.tokens import TokenIssuer
from datasources.db import create_engine
from datasources.migrate import upgrade
from settings import DEV_JWT_SECRET, Settings

BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1] if glob.glob("/usr/lib/postgresql/*/bin") else ""


def as_postgres(*command: str, check: bool = True) -> None:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run([*prefix, *command], check=check, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


async def main(port: int) -> None:
    directory = tempfile.mkdtemp(prefix="ywx-pg-")
    os.chmod(directory, 0o777)
    data = os.path.join(directory, "data")
    as_postgres(f"{BIN}/initdb", "-D", data, "-U", "postgres", "--auth=trust")

    def start() -> None:
        options = f"-p {port} -k {directory} -c listen_addresses=127.0.0.1"
        as_postgres(f"{BIN}/pg_ctl", "-D", data, "-o", options, "-w", "start")

    start()
    try:
        url = f"postgresql+asyncpg://postgres@127.0.0.1:{port}/postgres"
        engine = create_engine(url)
        await upgrade(engine)
        await engine.dispose()
        app = create_app(Settings(env="test", database_url=url))
        token, _ = TokenIssuer(DEV_JWT_SECRET, 3600).mint(1, ["ADMIN"], None)
        query = {"query": "{ districts { totalCount } }"}
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
            r = await http.post("/graphql", json=query)
            print("running:", r.status_code, r.text[:80])
            as_postgres(f"{BIN}/pg_ctl", "-D", data, "-m", "fast", "-w", "stop")
            for name, headers in (
                ("anonymous", {}),
                ("signed in", {"authorization": f"Bearer {token}"}),
                ("anonymous again", {}),
            ):
                started = time.perf_counter()
                r = await http.post("/graphql", json=query, headers=headers)
                elapsed = time.perf_counter() - started
                print(
                    f"stopped, {name}: {r.status_code} Retry-After={r.headers.get('retry-after')} "
                    f"{r.headers['content-type']} in {elapsed:.2f}s: {r.text[:160]}"
                )
            started = time.perf_counter()
            r = await http.get("/readyz")
            print(f"stopped, /readyz: {r.status_code} in {time.perf_counter() - started:.2f}s")
            start()
            r = await http.post("/graphql", json=query)
            print("restarted:", r.status_code, r.text[:80])
    finally:
        as_postgres(f"{BIN}/pg_ctl", "-D", data, "-m", "immediate", "stop", check=False)
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--port", type=int, default=18543)
    asyncio.run(main(parser.parse_args().port))
