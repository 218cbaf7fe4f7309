"""Relay connections: the types, built from a page of rows (paging arguments: `resolvers/paging.py`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from enum import Enum
from typing import Any, ClassVar, Generic, TypeVar

import strawberry

from resolvers.connections import Page
from resolvers.paging import encode_cursor
from schema.objects import NODE_TYPES, build

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


def cursor_of(node: Any, sort: str) -> str:
    """The cursor of a node built from a row (its attributes hold the row's columns)."""
    attributes = node.__dict__
    return encode_cursor(sort, attributes[sort], attributes["pk"])


def connection(page: Page) -> Connection[Any]:
    """The Connection of one page of rows, each row built into its node type."""
    node_class = NODE_TYPES[page.node]
    query, count = page.query, page.count
    nodes: Sequence[Any] = [build(node_class, row) for row in page.rows.rows]
    edges = []
    for node in nodes:
        edge = Edge(node=node)
        edge.sort = query.sort  # pyright: ignore[reportAttributeAccessIssue]  # set per instance, declared ClassVar so the schema never shows it
        edges.append(edge)
    result = Connection(
        edges=edges,
        nodes=list(nodes),
        page_info=PageInfo(
            has_next_page=page.rows.has_next,
            has_previous_page=page.rows.has_previous,
            start_cursor=cursor_of(nodes[0], query.sort) if nodes else None,
            end_cursor=cursor_of(nodes[-1], query.sort) if nodes else None,
        ),
    )
    result.counter = count  # pyright: ignore[reportAttributeAccessIssue]  # as Edge.sort
    return result
