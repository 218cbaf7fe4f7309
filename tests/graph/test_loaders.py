"""The request's loaders: one typed attribute each, built on first use, one set per request."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from datasources.loaders import Loaders, _PerRequest
from datasources.loaders.base import BatchLoader

NAMES = [name for name, value in vars(Loaders).items() if isinstance(value, _PerRequest)]


@pytest.fixture
async def engine() -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine("sqlite+aiosqlite://")  # never connected: loaders are only built
    yield engine
    await engine.dispose()


async def test_a_loader_is_built_once_per_request(engine: AsyncEngine) -> None:
    loaders = Loaders(engine)
    first = loaders.resource_by_id
    assert loaders.resource_by_id is first
    assert Loaders(engine).resource_by_id is not first


async def test_every_loader_builds_and_shares_the_requests_dispatcher(engine: AsyncEngine) -> None:
    loaders = Loaders(engine)
    built = [getattr(loaders, name) for name in NAMES]
    assert all(isinstance(loader, BatchLoader) for loader in built)
    assert len({id(loader.dispatcher) for loader in built}) == 1
    assert len(NAMES) == len({type(loader) for loader in built})  # one loader class per name


async def test_an_unknown_name_is_an_attribute_error(engine: AsyncEngine) -> None:
    with pytest.raises(AttributeError):
        _ = Loaders(engine).no_such_loader  # pyright: ignore[reportAttributeAccessIssue]  # under test
