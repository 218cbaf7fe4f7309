"""Keyset (cursor) pagination in SQL, for root lists and for many parents at once.

A page is ordered by one column and the primary key as tie-breaker; a cursor is the
(sort value, id) of a row, so paging is stable under inserts and never uses OFFSET.
Child lists of many parents are fetched in one statement with ROW_NUMBER() partitioned
by the parent key, so a page of 50 parents costs one query, not 50.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select, tuple_
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.sql import FromClause


@dataclass(frozen=True)
class Keyset:
    """Where a page starts: the (sort value, id) of the row just outside it."""

    value: Any
    id: int


@dataclass(frozen=True)
class PageQuery:
    """A validated page request: exactly one of `first` or `last` is set."""

    sort: str  # column name
    descending: bool
    first: int | None = None
    last: int | None = None
    after: Keyset | None = None
    before: Keyset | None = None

    @property
    def limit(self) -> int:
        return self.first if self.first is not None else (self.last or 0)


@dataclass
class PageRows:
    rows: list[Row]
    has_next: bool
    has_previous: bool


def _keyset_clauses(table: FromClause, page: PageQuery) -> list[ColumnElement]:
    sort_col, id_col = table.c[page.sort], table.c.id
    clauses = []
    # Moving forward in a descending order means going to smaller keys.
    if page.after is not None:
        key = tuple_(sort_col, id_col)
        value = (page.after.value, page.after.id)
        clauses.append(key < value if page.descending else key > value)
    if page.before is not None:
        key = tuple_(sort_col, id_col)
        value = (page.before.value, page.before.id)
        clauses.append(key > value if page.descending else key < value)
    return clauses


def _order(table: FromClause, page: PageQuery, backwards: bool) -> list[ColumnElement]:
    descending = page.descending != backwards
    sort_col, id_col = table.c[page.sort], table.c.id
    return [sort_col.desc(), id_col.desc()] if descending else [sort_col.asc(), id_col.asc()]


def _finish(rows: list[Row], page: PageQuery) -> PageRows:
    limit = page.limit
    more = len(rows) > limit
    rows = rows[:limit]
    if page.last is not None:
        rows.reverse()
        return PageRows(rows, has_next=page.before is not None, has_previous=more)
    return PageRows(rows, has_next=more, has_previous=page.after is not None)


def _selected(table: FromClause, columns: Sequence[str] | None) -> Any:
    """The whole row, or only `columns` (a caller that knows what it will read)."""
    return table if columns is None else [table.c[name] for name in columns]


async def fetch_page(
    engine: AsyncEngine,
    table: FromClause,
    where: Sequence[ColumnElement],
    page: PageQuery,
    columns: Sequence[str] | None = None,
) -> PageRows:
    backwards = page.last is not None
    selected = _selected(table, columns)
    statement: Select = (
        (select(table) if columns is None else select(*selected))
        .where(*where, *_keyset_clauses(table, page))
        .order_by(*_order(table, page, backwards))
        .limit(page.limit + 1)
    )
    async with engine.connect() as connection:
        rows = list((await connection.execute(statement)).all())
    return _finish(rows, page)


async def count_rows(engine: AsyncEngine, table: FromClause, where: Sequence[ColumnElement]) -> int:
    statement = select(func.count()).select_from(table).where(*where)
    async with engine.connect() as connection:
        return int((await connection.execute(statement)).scalar_one())


async def fetch_child_pages(
    engine: AsyncEngine,
    table: FromClause,
    parent_columns: Sequence[str],
    parents: Sequence[Hashable],
    where: Sequence[ColumnElement],
    page: PageQuery,
    columns: Sequence[str] | None = None,
) -> dict[Hashable, PageRows]:
    """One page of children for each parent key, in a single statement.

    `parent_columns` name the columns holding the parent key (one, or two for a
    polymorphic (kind, id) reference); `parents` are key values (scalars or tuples);
    `columns`, if given, the only columns read (they must include `parent_columns`).
    """
    backwards = page.last is not None
    keys = [table.c[name] for name in parent_columns]
    parent_key = keys[0] if len(keys) == 1 else tuple_(*keys)
    position = (
        func.row_number().over(partition_by=keys, order_by=_order(table, page, backwards)).label("_position")
    )
    inner = (
        (select(table, position) if columns is None else select(*_selected(table, columns), position))
        .where(parent_key.in_(list(parents)), *where, *_keyset_clauses(table, page))
        .subquery()
    )
    statement = (
        select(inner)
        .where(inner.c._position <= page.limit + 1)
        .order_by(*[inner.c[name] for name in parent_columns], inner.c._position)
    )
    grouped: dict[Hashable, list[Row]] = defaultdict(list)
    async with engine.connect() as connection:
        result = await connection.execute(statement)
        # The parent key by position (a row's mapping costs more than the rest of the loop).
        at = [list(result.keys()).index(name) for name in parent_columns]
        rows = result.all()
    if len(at) == 1:
        (position,) = at
        for row in rows:
            grouped[row[position]].append(row)
    else:
        for row in rows:
            grouped[tuple(row[position] for position in at)].append(row)
    return {parent: _finish(grouped.get(parent, []), page) for parent in parents}


async def count_children(
    engine: AsyncEngine,
    table: FromClause,
    parent_columns: Sequence[str],
    parents: Sequence[Hashable],
    where: Sequence[ColumnElement],
) -> dict[Hashable, int]:
    keys = [table.c[name] for name in parent_columns]
    parent_key = keys[0] if len(keys) == 1 else tuple_(*keys)
    statement = select(*keys, func.count()).where(parent_key.in_(list(parents)), *where).group_by(*keys)
    async with engine.connect() as connection:
        rows = (await connection.execute(statement)).all()
    counts = {(row[0] if len(keys) == 1 else tuple(row[: len(keys)])): row[-1] for row in rows}
    return {parent: int(counts.get(parent, 0)) for parent in parents}
