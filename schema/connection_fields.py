"""Connection fields, declared once: paging arguments, filter, ordering, and the resolver.

Every list of the graph takes the same arguments (`first`, `after`, `last`, `before`, and
where it has them `filter` and `orderBy`) and resolves the same way through a `ListSpec`.
These factories build such fields, so each type declares a list in one line.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any

import strawberry
from strawberry.permission import PermissionExtension

from auth.permissions import Permission
from resolvers.connections import ListSpec, PageArgs, child_list, root_list
from resolvers.context import Info
from resolvers.paging import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from schema.pagination import Connection, connection

PAGING = (
    (
        "first",
        int,
        f"Items from the start (or after `after`): 0 to {MAX_PAGE_SIZE}, {DEFAULT_PAGE_SIZE} by default.",
    ),
    ("after", str, "Cursor to start after (from `pageInfo.endCursor`)."),
    ("last", int, f"Items from the end (or before `before`): 0 to {MAX_PAGE_SIZE}."),
    ("before", str, "Cursor to end before (from `pageInfo.startCursor`)."),
)


@dataclass(frozen=True)
class ListField:
    """What a connection field lists, for schema/compiled/ (which reads lists without resolvers):
    its spec; for a child list, the loaders' relationship and the parent's key."""

    spec: ListSpec
    relationship: tuple[str, str] | None = None  # None: a root list
    parent: Callable[[Any], Hashable] | None = None
    guarded: bool = False  # has permissions: schema/compiled/ leaves it to the resolvers


# Each connection field's resolver function -> what it lists.
LIST_FIELDS: dict[Callable[..., Any], ListField] = {}


def _parameters(filter_type: Any, order_type: Any) -> list[inspect.Parameter]:
    keyword = inspect.Parameter.KEYWORD_ONLY
    arguments = [(name, kind, text) for name, kind, text in PAGING]
    if filter_type is not None:
        arguments.append(("filter", filter_type, "Conditions the items must all meet."))
    if order_type is not None:
        arguments.append(("order_by", order_type, "Ordering (newest first by default)."))
    return [
        inspect.Parameter(
            name,
            keyword,
            default=None,
            annotation=Annotated[kind | None, strawberry.argument(description=text)],
        )
        for name, kind, text in arguments
    ]


def _field(
    resolve: Callable[..., Any],
    node: Any,
    filter_type: Any,
    order_type: Any,
    description: str,
    permissions: Sequence[Permission] = (),
) -> Any:
    """The field; with `permissions`, refused viewers get null and an error (the rule is described)."""
    positional = inspect.Parameter.POSITIONAL_OR_KEYWORD
    parameters = [
        inspect.Parameter("root", positional, annotation=strawberry.Parent[Any]),
        inspect.Parameter("info", positional, annotation=Info),
        *_parameters(filter_type, order_type),
    ]
    returns = Connection[node] | None if permissions else Connection[node]
    resolve.__signature__ = inspect.Signature(parameters, return_annotation=returns)
    resolve.__annotations__ = {p.name: p.annotation for p in parameters} | {"return": returns}
    if not permissions:
        return strawberry.field(resolver=resolve, description=description)
    return strawberry.field(
        resolver=resolve,
        description=" ".join([description, *(permission.rule for permission in permissions)]),
        extensions=[PermissionExtension(list(permissions), use_directives=False)],
    )


def child_list_field(
    spec: ListSpec,
    relationship: tuple[str, str],
    parent: Callable[[Any], Hashable],
    *,
    node: Any,
    description: str,
    filter_type: Any = None,
    order_type: Any = None,
) -> Any:
    """A list of the children of each object, paged in one statement for all parents."""

    async def resolve(
        root: Any,
        info: Info,
        first=None,
        after=None,
        last=None,
        before=None,
        filter=None,
        order_by=None,
    ) -> Any:
        args = PageArgs(first, after, last, before, order_by)
        return connection(await child_list(info, spec, relationship, parent(root), args, filter))

    LIST_FIELDS[resolve] = ListField(spec, relationship, parent)
    return _field(resolve, node, filter_type, order_type, description)


def root_list_field(
    spec: ListSpec,
    *,
    node: Any,
    description: str,
    filter_type: Any = None,
    order_type: Any = None,
    permissions: Sequence[Permission] = (),
) -> Any:
    """A root list of the Query type; `permissions`: who may read it (see `_field`)."""

    async def resolve(
        root: Any,
        info: Info,
        first=None,
        after=None,
        last=None,
        before=None,
        filter=None,
        order_by=None,
    ) -> Any:
        return connection(await root_list(info, spec, PageArgs(first, after, last, before, order_by), filter))

    LIST_FIELDS[resolve] = ListField(spec, guarded=bool(permissions))
    return _field(resolve, node, filter_type, order_type, description, permissions)


def own_key(root: Any) -> int:
    return root.pk


def participant_key(root: Any) -> tuple[str, int]:
    return (root.participant_kind, root.pk)
