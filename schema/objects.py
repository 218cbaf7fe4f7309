"""Turning database rows into GraphQL objects, and the registry of node types.

Rows become objects by copying their columns into the instance's attributes, so every plain
field is a synchronous attribute read (graphql-core's cheapest path): the column names are
the fields' Python names. `id` becomes the global id; the primary key stays as `pk`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.engine import Row

from auth.visibility import can_see
from domain.enums import ParticipantKind
from schema.global_ids import encode

T = TypeVar("T")


@dataclass(frozen=True)
class NodeType:
    cls: type
    table: str  # table name, for the visibility rules
    loader: str  # name of the by-id loader in datasources.loaders.Loaders


NODE_TYPES: dict[str, NodeType] = {}

PARTICIPANT_TYPE_NAMES = {
    ParticipantKind.HOME: "Home",
    ParticipantKind.ORGANIZATION: "Organization",
    ParticipantKind.SOCIAL_WORKER: "SocialWorker",
    ParticipantKind.VOLUNTEER: "Volunteer",
}


def node_type(name: str, *, table: str, loader: str):  # type: ignore[no-untyped-def]
    """Class decorator: register a GraphQL type as a Relay node backed by `table`."""

    def register(cls: type[T]) -> type[T]:
        cls.__node_name__ = name  # type: ignore[attr-defined]
        NODE_TYPES[name] = NodeType(cls=cls, table=table, loader=loader)
        return cls

    return register


def build(cls: type[T], row: Row) -> T:
    obj = cls.__new__(cls)
    attributes = obj.__dict__
    attributes.update(row._mapping)
    attributes["pk"] = pk = attributes["id"]
    attributes["id"] = encode(cls.__node_name__, pk)  # type: ignore[attr-defined]
    return obj


def build_named(type_name: str, row: Row) -> Any:
    return build(NODE_TYPES[type_name].cls, row)


def build_all(cls: type[T], rows: Iterable[Row]) -> list[T]:
    return [build(cls, row) for row in rows]


def participant(kind: str, row: Row | None) -> Any:
    return None if row is None else build_named(PARTICIPANT_TYPE_NAMES[ParticipantKind(kind)], row)


def visible(info: Any, type_name: str, row: Row | None) -> bool:
    return can_see(info.context.viewer, NODE_TYPES[type_name].table, row)
