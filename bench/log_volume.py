"""Log volume of one anonymous request with 450 bad tracking codes (issue 12's probe).

Usage:
    .venv/bin/python -m bench.log_volume [--codes 450]

Serves a throw-away, empty SQLite database with the production settings, sends one request
asking `complaint(trackingCode:)` with `--codes` over-long codes, and prints the request's size,
the errors it got back, and the bytes and lines logged (the service's loggers at INFO, the rest
at WARNING, as `serve` configures them).
"""

from __future__ import annotations

import argparse
import asyncio
import io
import logging
import tempfile
from pathlib import Path

import httpx

from app import create_app
from datasources.db import create_engine
from datasources.migrate import upgrade
from settings import Settings


async def probe(codes: int) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    logging.getLogger("yiwuxian").setLevel(logging.INFO)
    fields = " ".join(
        f'c{index}: complaint(trackingCode: "{"X" * 17}") {{ status }}' for index in range(codes)
    )
    query = "query Probe { " + fields + " }"
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite+aiosqlite:///{Path(folder) / 'probe.db'}")
        await upgrade(engine)
        app = create_app(Settings(env="production", jwt_secret="p" * 32, max_aliases=1000), engine=engine)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as http:
            response = await http.post("/graphql", json={"query": query})
        await engine.dispose()
    logged = stream.getvalue()
    print(f"request: {len(query.encode())} bytes, {len(response.json()['errors'])} errors in the response")
    print(f"logged: {len(logged.encode())} bytes, {logged.count(chr(10))} lines")
    print(logged[:400], end="")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codes", type=int, default=450)
    asyncio.run(probe(parser.parse_args().codes))


if __name__ == "__main__":
    main()
