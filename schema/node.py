"""The Relay `Node` interface and loading any node by its global id."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from schema.errors import NotFound
from schema.global_ids import decode
from schema.objects import NODE_TYPES, build, visible


@strawberry.interface(description="An object with a globally unique, opaque id (Relay).")
class Node:
    id: strawberry.ID = strawberry.field(description="Opaque global id; pass it to `node`.")


async def load_node(info: Info, global_id: str, *, argument: str = "id", expected: str | None = None) -> Any:
    """The object a global id names, or NotFound if it names nothing the viewer may see."""
    type_name, pk = decode(global_id, argument=argument)
    node_type = NODE_TYPES.get(type_name)
    if node_type is None or (expected is not None and type_name != expected):
        raise NotFound(argument, global_id)
    row = await getattr(info.context.loaders, node_type.loader).load(pk)
    if not visible(info, type_name, row):
        raise NotFound(argument, global_id)
    return build(node_type.cls, row)


class Entity:
    """Federation: resolve `_entities` references through the same batched loaders."""

    @classmethod
    async def resolve_reference(cls, info: Info, id: strawberry.ID) -> Any:
        return await load_node(info, id, argument="representations.id", expected=cls.__node_name__)  # type: ignore[attr-defined]
