"""The Relay `Node` interface and loading any node by its global id."""

from __future__ import annotations

from typing import Any

import strawberry

from resolvers.context import Info
from resolvers.nodes import node_row
from schema.objects import build_named


@strawberry.interface(description="An object with a globally unique, opaque id (Relay).")
class Node:
    id: strawberry.ID = strawberry.field(description="Opaque global id; pass it to `node`.")


async def load_node(info: Info, global_id: str, *, argument: str = "id", expected: str | None = None) -> Any:
    """The object a global id names, or NotFound if it names nothing the viewer may see."""
    type_name, row = await node_row(info, global_id, argument=argument, expected=expected)
    return build_named(type_name, row)


class Entity:
    """Federation: resolve `_entities` references through the same batched loaders."""

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Any:
        return await load_node(info, id, argument="representations.id", expected=cls.__node_name__)  # pyright: ignore[reportAttributeAccessIssue]  # set by @node_type
