from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from datasources.seed import seed_database
from tests.databases import migrated_database


@pytest.fixture(scope="module")
async def demo_db(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[AsyncEngine]:
    """The demo scale, seed 1, shared read-only by the tests of one module."""
    async with migrated_database(tmp_path_factory.mktemp("demo")) as engine:
        await seed_database(engine, scale="demo", seed=1)
        yield engine
