"""Lists as pages of rows: root lists (one query + a lazy count) and children (via loaders).

Each list is described once by a `ListSpec`: its table, how its GraphQL filter becomes a
hashable query filter, and how it sorts. Root and nested lists then share all the paging,
visibility and counting code.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import ColumnElement
from sqlalchemy.sql import FromClause

from auth import visibility
from auth.viewer import Viewer
from datasources.columns import UTCDateTime
from datasources.loaders.base import ChildKey, CountKey
from datasources.pagination import PageQuery, PageRows, count_rows, fetch_page
from resolvers.arguments import descending
from resolvers.context import Info
from resolvers.errors import BadInput
from resolvers.paging import page_query


@dataclass(frozen=True)
class PageArgs:
    """The paging and ordering arguments every connection field takes."""

    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None
    order_by: Any = None  # an <X>Order input: field (enum whose value is a column) + direction


@dataclass(frozen=True)
class Page:
    """One page of a list's rows: the GraphQL type of its items, and how to count the whole list
    (run only if `totalCount` is asked for). The schema turns it into a Connection."""

    node: str
    rows: PageRows
    query: PageQuery
    count: Callable[[], Awaitable[int]]


def no_filters(_filter: Any, _argument: str) -> None:
    """The filters of a list that takes no `filter` argument."""
    return None


def _no_extra_source(table: FromClause, _filters: Any) -> FromClause:
    return table


@dataclass(frozen=True)
class ListSpec:
    node: str  # the GraphQL type of the items
    table: FromClause
    table_name: str  # for the visibility rules
    filters: Callable[[Any, str], Hashable]  # (GraphQL filter input, argument name) -> filters
    conditions: Callable[[FromClause, Any], Sequence[ColumnElement]]
    default_sort: str = "created_at"
    default_descending: bool = True
    # Rows to list for these filters (e.g. a distance-annotated subquery); root lists only.
    source: Callable[[FromClause, Any], FromClause] = _no_extra_source

    def sort(self, order_by: Any, source: FromClause) -> tuple[str, bool]:
        if order_by is None:
            return self.default_sort, self.default_descending
        column = order_by.field.value
        if column not in source.c:
            raise BadInput("orderBy", f"ordering by {order_by.field.name} needs `filter.near`")
        return column, descending(order_by.direction)

    def page(self, args: PageArgs, source: FromClause) -> PageQuery:
        sort, desc = self.sort(args.order_by, source)
        return page_query(
            first=args.first,
            after=args.after,
            last=args.last,
            before=args.before,
            sort=sort,
            descending=desc,
            datetime_sort=isinstance(source.c[sort].type, UTCDateTime),
        )


@dataclass(frozen=True)
class RootRequest:
    """What a root list reads: its rows' source, the conditions (filter and visibility), the page."""

    source: FromClause
    where: list[ColumnElement]
    query: PageQuery


def root_request(viewer: Viewer, spec: ListSpec, args: PageArgs, filter: Any) -> RootRequest:
    """The statement parts of a root list for this viewer (shared with schema/compiled/)."""
    filters = spec.filters(filter, "filter")
    source = spec.source(spec.table, filters)
    query = spec.page(args, source)
    where = [*spec.conditions(source, filters), *visibility.conditions(viewer, source, spec.table_name)]
    return RootRequest(source, where, query)


async def root_list(info: Info, spec: ListSpec, args: PageArgs, filter: Any) -> Page:
    request = root_request(info.context.viewer, spec, args, filter)
    engine = info.context.engine
    rows = await fetch_page(engine, request.source, request.where, request.query)
    return Page(spec.node, rows, request.query, partial(count_rows, engine, request.source, request.where))


def child_request(spec: ListSpec, args: PageArgs, filter: Any) -> tuple[Hashable, PageQuery]:
    """The (hashable) filters and the page of a child list (shared with schema/compiled/)."""
    filters = spec.filters(filter, "filter")
    if spec.source(spec.table, filters) is not spec.table:
        raise BadInput("filter.near", "distance filters apply to root lists only")
    return filters, spec.page(args, spec.table)


async def child_list(
    info: Info,
    spec: ListSpec,
    relationship: tuple[str, str],
    parent: Hashable,
    args: PageArgs,
    filter: Any,
) -> Page:
    """A page of a parent's children through the loaders named by `relationship` (pages, counts)."""
    filters, query = child_request(spec, args, filter)
    pages, counts = (getattr(info.context.loaders, name) for name in relationship)
    rows = await pages.load(ChildKey(parent, filters, query))
    return Page(spec.node, rows, query, partial(counts.load, CountKey(parent, filters)))
