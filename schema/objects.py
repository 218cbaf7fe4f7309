"""Turning database rows into GraphQL objects, and the registry of node types.

Rows become objects by copying their columns into the instance's attributes, so every plain
field is a synchronous attribute read (graphql-core's cheapest path): the column names are
the fields' Python names. `id` becomes the global id; the primary key stays as `pk`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.engine import Row

from domain.enums import ParticipantKind
from domain.global_ids import PARTICIPANT_TYPE_NAMES, encode
from resolvers.context import Info
from resolvers.nodes import NODE_SOURCES, visible

T = TypeVar("T")


# The class of each node type (its rows' source: resolvers/nodes.py).
NODE_TYPES: dict[str, type] = {}


def node_type(name: str) -> Callable[[type[T]], type[T]]:
    """Class decorator: register a GraphQL type as a Relay node (its rows: NODE_SOURCES[name])."""
    if name not in NODE_SOURCES:
        raise LookupError(f"{name} has no NodeSource in resolvers/nodes.py")

    def register(cls: type[T]) -> type[T]:
        cls.__node_name__ = name  # pyright: ignore[reportAttributeAccessIssue]  # read by build()
        NODE_TYPES[name] = cls
        return cls

    return register


def build(cls: type[T], row: Row) -> T:
    obj = cls.__new__(cls)
    attributes = obj.__dict__
    attributes.update(row._mapping)
    attributes["pk"] = pk = attributes["id"]
    attributes["id"] = encode(cls.__node_name__, pk)  # pyright: ignore[reportAttributeAccessIssue]  # set by @node_type
    return obj


def build_named(type_name: str, row: Row) -> Any:
    return build(NODE_TYPES[type_name], row)


def build_visible(info: Info, type_name: str, row: Row | None) -> Any | None:
    """The object of a row the viewer may see; None if there is none, or she may not see it."""
    shown = visible(info, type_name, row)
    return None if shown is None else build_named(type_name, shown)


def participant(kind: str, row: Row | None) -> Any:
    return None if row is None else build_named(PARTICIPANT_TYPE_NAMES[ParticipantKind(kind)], row)
