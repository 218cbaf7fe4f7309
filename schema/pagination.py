"""Relay connections: types, argument checks and opaque keyset cursors."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from enum import Enum
from typing import Any, ClassVar, Generic, TypeVar

import strawberry

from datasources.pagination import Keyset, PageQuery, PageRows
from schema.errors import BadInput

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_CURSOR_LENGTH = 200

NodeT = TypeVar("NodeT")


@strawberry.enum(description="Sort direction.")
class OrderDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.type(description="Where a page sits in the whole list (Relay PageInfo).")
class PageInfo:
    has_next_page: bool = strawberry.field(description="More items follow this page.")
    has_previous_page: bool = strawberry.field(description="Items come before this page.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first edge.")
    end_cursor: str | None = strawberry.field(description="Cursor of the last edge.")


@strawberry.type(description="An item of a connection with its cursor.")
class Edge(Generic[NodeT]):
    node: NodeT = strawberry.field(description="The item.")
    # The column the list is sorted by (set after construction, like Connection.counter).
    sort: ClassVar[str]

    @strawberry.field(description="Pass as `after` or `before` to page from here.")
    def cursor(self) -> str:
        # Computed only when asked for: most views read nodes, not cursors.
        return cursor_of(self.node, self.sort)


@strawberry.type(description="A page of a list, with cursors (Relay connection).")
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]] = strawberry.field(description="The items of this page, with cursors.")
    nodes: list[NodeT] = strawberry.field(description="The items of this page, without cursors.")
    page_info: PageInfo = strawberry.field(description="Paging information.")
    # Counting costs a query, so it runs only when `totalCount` is asked for. (Set after
    # construction: a Private field of a generic type would leak into the schema.)
    counter: ClassVar[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many items the whole list has, across all pages.")
    async def total_count(self) -> int:
        return await self.counter()


def encode_cursor(sort: str, value: Any, pk: int) -> str:
    if isinstance(value, datetime):
        value = value.isoformat()
    return base64.b64encode(json.dumps([sort, value, pk], ensure_ascii=False).encode()).decode()


def cursor_of(node: Any, sort: str) -> str:
    """The cursor of a node built from a row (its attributes hold the row's columns)."""
    attributes = node.__dict__
    return encode_cursor(sort, attributes[sort], attributes["pk"])


def decode_cursor(cursor: str, *, argument: str, sort: str, datetime_sort: bool) -> Keyset:
    invalid = BadInput(argument, f"'{cursor[:MAX_CURSOR_LENGTH]}' is not a valid cursor")
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise invalid
    try:
        cursor_sort, value, pk = json.loads(base64.b64decode(cursor, validate=True))
        if datetime_sort:
            value = datetime.fromisoformat(value)
    except (binascii.Error, ValueError, TypeError):
        raise invalid from None
    if not isinstance(pk, int) or isinstance(pk, bool):
        raise invalid
    if cursor_sort != sort:
        raise BadInput(argument, "the cursor was made for another ordering; keep `orderBy` unchanged")
    return Keyset(value=value, id=pk)


def page_query(
    *,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    sort: str,
    descending: bool,
    datetime_sort: bool = False,
) -> PageQuery:
    """Check the paging arguments and turn them into a PageQuery (or a BadInput)."""
    if first is not None and last is not None:
        raise BadInput("last", "pass `first` or `last`, not both")
    for name, size in (("first", first), ("last", last)):
        if size is not None and not 0 <= size <= MAX_PAGE_SIZE:
            raise BadInput(name, f"must be between 0 and {MAX_PAGE_SIZE}, got {size}")
    if first is None and last is None:
        first = DEFAULT_PAGE_SIZE
    keysets = {
        name: decode_cursor(value, argument=name, sort=sort, datetime_sort=datetime_sort)
        for name, value in (("after", after), ("before", before))
        if value is not None
    }
    return PageQuery(
        sort=sort,
        descending=descending,
        first=first,
        last=last,
        after=keysets.get("after"),
        before=keysets.get("before"),
    )


def connection(
    page: PageRows,
    query: PageQuery,
    to_node: Callable[[Any], NodeT],
    count: Callable[[], Awaitable[int]],
) -> Connection[NodeT]:
    """A Connection of the rows of one page, turned into nodes by `to_node`."""
    nodes: Sequence[NodeT] = [to_node(row) for row in page.rows]
    edges = []
    for node in nodes:
        edge = Edge(node=node)
        edge.sort = query.sort
        edges.append(edge)
    result = Connection(
        edges=edges,
        nodes=list(nodes),
        page_info=PageInfo(
            has_next_page=page.has_next,
            has_previous_page=page.has_previous,
            start_cursor=cursor_of(nodes[0], query.sort) if nodes else None,
            end_cursor=cursor_of(nodes[-1], query.sort) if nodes else None,
        ),
    )
    result.counter = count
    return result
