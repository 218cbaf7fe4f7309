"""Generic DataLoaders: rows by primary key, and pages / counts of children by parent key.

Every loader batches all the keys asked for in one tick of the event loop into one SQL
statement, so the statements of a request depend on the query's shape, not on its rows.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from aiodataloader import DataLoader
from sqlalchemy import ColumnElement, Table, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.sql import FromClause

from datasources.loaders.waves import Dispatcher
from datasources.pagination import PageQuery, PageRows, count_children, fetch_child_pages

# Turns a hashable filter (a frozen dataclass of the GraphQL filter) into SQL conditions.
FilterConditions = Callable[[FromClause, Any], Sequence[ColumnElement]]
# The viewer's row visibility: conditions for a table, by table name (see auth/visibility.py).
Visibility = Callable[[FromClause, str], Sequence[ColumnElement]]

KeyT = TypeVar("KeyT")
ValueT = TypeVar("ValueT")


def no_filter(_table: FromClause, _filters: Any) -> Sequence[ColumnElement]:
    return ()


def everything(_table: FromClause, _table_name: str) -> Sequence[ColumnElement]:
    return ()


class BatchLoader(DataLoader[KeyT, ValueT]):
    """A DataLoader of one request's waves, whose shared futures survive the cancellation
    of one waiter.

    With a `dispatcher` (see waves.py), the subclass's `batch_load_fn` runs in the request's
    waves; without one, on aiodataloader's next tick as usual.

    graphql-core cancels the sibling resolvers of a field that failed; a resolver cancelled
    while awaiting a loader future would cancel that future for every other resolver
    sharing it, turning one field error into a failed request. Each caller gets a shield.
    """

    def __init__(self, dispatcher: Dispatcher | None = None) -> None:
        self.dispatcher = dispatcher
        self.futures: dict[Any, asyncio.Future] = {}  # aiodataloader's cache, by key
        if dispatcher is None:
            self.held = None
            super().__init__(cache_map=self.futures)
        else:
            # aiodataloader calls the held batch, which calls `batch_load_fn` in the waves.
            self.held = dispatcher.hold(self.batch_load_fn)
            super().__init__(self.held.load, cache_map=self.futures)

    def load(self, key: KeyT) -> asyncio.Future[ValueT]:
        if self.held is not None and key not in self.futures:  # new to this loader
            self.held.dispatcher.asked(self.held)
        return asyncio.shield(super().load(key))


class _EngineLoader(BatchLoader[KeyT, ValueT]):
    """A loader that queries `engine`, under the viewer's visibility rules."""

    def __init__(
        self,
        engine: AsyncEngine,
        visible: Visibility = everything,
        dispatcher: Dispatcher | None = None,
    ) -> None:
        super().__init__(dispatcher)
        self.engine = engine
        self.visible = visible


class RowByIdLoader(_EngineLoader[int, Any]):
    """Rows of one table by primary key; None for ids that do not exist.

    Visibility is checked on the row by whoever shows it (a by-id look-up must still
    find a draft to answer "not found" rather than guess).

    Its values are `Row | None`, but typed Any for now: the graph follows foreign keys
    through these loaders and counts on the row being there.
    """

    table: FromClause

    async def batch_load_fn(self, ids: Sequence[int]) -> list[Row | None]:
        statement = select(self.table).where(self.table.c.id.in_(list(ids)))
        async with self.engine.connect() as connection:
            found = {row.id: row for row in (await connection.execute(statement)).all()}
        return [found.get(pk) for pk in ids]


class RowsByColumnLoader(_EngineLoader[Hashable, list[Row]]):
    """All rows of one table whose `column` equals each key (small, bounded child lists)."""

    table: Table
    column: str
    order_by: str = "id"

    async def batch_load_fn(self, keys: Sequence[Hashable]) -> list[list[Row]]:
        column = self.table.c[self.column]
        statement = (
            select(self.table)
            .where(column.in_(list(keys)), *self.visible(self.table, self.table.name))
            .order_by(self.table.c[self.order_by], *self.table.primary_key.columns)
        )
        grouped: dict[Hashable, list[Row]] = defaultdict(list)
        async with self.engine.connect() as connection:
            for row in (await connection.execute(statement)).all():
                grouped[row._mapping[self.column]].append(row)
        return [grouped.get(key, []) for key in keys]


class _ChildLoader(_EngineLoader[KeyT, ValueT]):
    """Shared set-up of the child page and count loaders."""

    table: FromClause
    table_name: str  # for the visibility rules
    parent_columns: tuple[str, ...]
    conditions: FilterConditions = staticmethod(no_filter)

    def where(self, filters: Hashable) -> list[ColumnElement]:
        return [*self.conditions(self.table, filters), *self.visible(self.table, self.table_name)]


@dataclass(frozen=True)
class ChildKey:
    """Which page of which parent's children: the parent key, the filter and the page."""

    parent: Hashable
    filters: Hashable
    page: PageQuery


class ChildPageLoader(_ChildLoader[ChildKey, PageRows]):
    """Pages of children for many parents; one statement per distinct (filter, page)."""

    async def batch_load_fn(self, keys: Sequence[ChildKey]) -> list[PageRows]:
        groups: dict[tuple[Hashable, PageQuery], list[Hashable]] = defaultdict(list)
        for key in keys:
            groups[(key.filters, key.page)].append(key.parent)
        results: dict[tuple[Hashable, Hashable, PageQuery], PageRows] = {}
        for (filters, page), parents in groups.items():
            pages = await fetch_child_pages(
                self.engine, self.table, self.parent_columns, parents, self.where(filters), page
            )
            for parent, rows in pages.items():
                results[(parent, filters, page)] = rows
        return [results[(key.parent, key.filters, key.page)] for key in keys]


@dataclass(frozen=True)
class CountKey:
    parent: Hashable
    filters: Hashable


class ChildCountLoader(_ChildLoader[CountKey, int]):
    """How many children each parent has under a filter; one statement per distinct filter."""

    async def batch_load_fn(self, keys: Sequence[CountKey]) -> list[int]:
        groups: dict[Hashable, list[Hashable]] = defaultdict(list)
        for key in keys:
            groups[key.filters].append(key.parent)
        results: dict[tuple[Hashable, Hashable], int] = {}
        for filters, parents in groups.items():
            counts = await count_children(
                self.engine, self.table, self.parent_columns, parents, self.where(filters)
            )
            for parent, count in counts.items():
                results[(parent, filters)] = count
        return [results[(key.parent, key.filters)] for key in keys]
