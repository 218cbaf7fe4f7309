"""One compiled run of a query operation: plan each level from the document, read it in one
statement for all its parents, and build the response dictionaries from the rows.

A level (the objects of one field, e.g. every organization's resources) is planned once per
request from the document and the variables: the columns it needs and, for each response key, a
step. Rows are then turned into dictionaries step by step, children fetched for all the rows of
the level at once, as the loaders would (same statements, same visibility conditions).
Whatever the plan does not know raises `NotCompilable` and the normal executor runs instead.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from enum import Enum, auto
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLError,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    Undefined,
    is_abstract_type,
    located_error,
)
from graphql.execution.collect_fields import FieldDetailsList, collect_fields, collect_subfields
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path
from sqlalchemy import Table
from strawberry.permission import PermissionExtension
from strawberry.types.arguments import convert_arguments

from auth.permissions import PersonalData
from auth.privacy import SUBJECTS, may_read
from auth.visibility import can_see
from datasources.pagination import PageRows, count_children, count_rows, fetch_child_pages, fetch_page
from datasources.tables import metadata
from domain.global_ids import encode
from resolvers.connections import PageArgs, child_request, root_request
from resolvers.nodes import NODE_SOURCES, node_row
from resolvers.paging import encode_cursor
from schema.compiled.links import DERIVED, LINKS, Link
from schema.compiled.plans import PLANS
from schema.connection_fields import LIST_FIELDS, ListField
from schema.objects import NODE_TYPES


class NotCompilable(Exception):
    """The operation asks for something the compiler does not know: run the resolvers instead."""


class Step(Enum):
    TYPENAME = auto()
    ID = auto()
    COLUMN = auto()
    PERSONAL = auto()
    CHILDREN = auto()
    LINK = auto()
    DERIVED = auto()


# Personal fields whose policy is decided from the row alone (no look-up): their type's columns
# that `auth.privacy.SUBJECTS` reads.
ROW_SUBJECTS: dict[str, tuple[str, ...]] = {"Rating": ("rater_kind", "rater_id", "ratee_kind", "ratee_id")}


@dataclass
class ObjectPlan:
    type: GraphQLObjectType
    table: Table
    columns: set[str] = field(default_factory=lambda: {"id"})
    steps: list[tuple[str, Step, Any]] = field(default_factory=list)


@dataclass
class Leaf:
    column: str
    serialize: Callable[[Any], Any]
    non_null: bool
    item: Callable[[Any], Any] | None  # for a list of leaves, each item's serialiser
    item_non_null: bool = True
    # The Python type whose values the scalar serialises unchanged (str for String and ID, bool
    # for Boolean, int for Int within 32 bits): those skip the call.
    unchanged: type | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.unchanged = UNCHANGED.get(getattr(self.serialize, "__name__", ""))


UNCHANGED: dict[str, type] = {
    "serialize_string": str,
    "serialize_id": str,
    "serialize_boolean": bool,
    "serialize_int": int,
}
INT_RANGE = range(-(2**31), 2**31)


@dataclass
class Personal:
    leaf: Leaf
    permission: PersonalData
    nodes: FieldDetailsList


@dataclass
class ConnectionPlan:
    list_field: ListField
    args: PageArgs
    filter: Any
    node: GraphQLObjectType
    steps: list[tuple[str, str, Any]]  # (key, what, sub-plan)
    columns: set[str]
    name: str  # the connection type's


@dataclass
class LinkPlan:
    link: Link
    non_null: bool
    details: FieldDetailsList
    plans: dict[str, ObjectPlan] = field(default_factory=dict)  # by concrete type name


def _leaf_type(output: Any) -> tuple[Callable[[Any], Any], bool, Callable[[Any], Any] | None, bool] | None:
    """(serialise, non-null, item serialise, item non-null) of a leaf or list-of-leaves type."""
    non_null = isinstance(output, GraphQLNonNull)
    inner = output.of_type if non_null else output
    if isinstance(inner, GraphQLScalarType | GraphQLEnumType):
        return inner.serialize, non_null, None, True
    if isinstance(inner, GraphQLList):
        item = inner.of_type
        item_non_null = isinstance(item, GraphQLNonNull)
        item = item.of_type if item_non_null else item
        if isinstance(item, GraphQLScalarType | GraphQLEnumType):
            return _identity, non_null, item.serialize, item_non_null
    return None


def _identity(value: Any) -> Any:
    return value


def _serialised(serialize: Callable[[Any], Any], value: Any) -> Any:
    result = serialize(value)
    if result is None or result is Undefined:
        raise NotCompilable("a leaf did not serialise")
    return result


def _named(output: Any) -> Any:
    while isinstance(output, GraphQLNonNull | GraphQLList):
        output = output.of_type
    return output


class _Parent:
    """What the connection fields' parent-key functions read of a built object."""

    __slots__ = ("participant_kind", "pk")

    def __init__(self, pk: int, participant_kind: str | None) -> None:
        self.pk = pk
        self.participant_kind = participant_kind


class Run:
    def __init__(self, executor: Any) -> None:
        self.executor = executor
        self.schema = executor.schema
        self.context = executor.context_value
        self.errors: list[tuple[GraphQLError, Path]] = []
        strawberry_schema = self.schema._strawberry_schema  # set by strawberry
        self.scalar_registry = strawberry_schema.schema_converter.scalar_registry
        self.config = strawberry_schema.config
        self.plans = PLANS.of(executor.operation, executor.variable_values.coerced)

    # -- planning ------------------------------------------------------------------------------

    def subfields(self, type_: GraphQLObjectType, details: FieldDetailsList) -> dict[str, FieldDetailsList]:
        x = self.executor
        grouped, defer_usages = collect_subfields(
            self.schema, x.fragments, x.variable_values, x.operation, type_, details, x.hide_suggestions
        )[:2]
        if defer_usages:
            raise NotCompilable("@defer")
        return grouped

    def arguments(self, definition: GraphQLField, details: FieldDetailsList, strawberry_field: Any) -> dict:
        first = details[0]
        raw = get_argument_values(
            definition,
            first.node,
            self.executor.variable_values,
            first.fragment_variable_values,
            self.executor.hide_suggestions,
        )
        return convert_arguments(raw, strawberry_field.arguments, self.scalar_registry, self.config)

    def object_plan(self, type_: GraphQLObjectType, details: FieldDetailsList) -> ObjectPlan:
        if type_.name not in NODE_TYPES:
            raise NotCompilable(f"{type_.name} is not a table-backed node")
        table = metadata.tables[NODE_SOURCES[type_.name].table]
        plan = ObjectPlan(type_, table)
        for key, field_details in self.subfields(type_, details).items():
            name = field_details[0].node.name.value
            if name == "__typename":
                plan.steps.append((key, Step.TYPENAME, type_.name))
                continue
            definition = type_.fields[name]
            strawberry_field = definition.extensions.get("strawberry-definition")
            if strawberry_field is None:
                raise NotCompilable(f"{type_.name}.{name}")
            plan.steps.append(self.field_step(plan, key, name, definition, strawberry_field, field_details))
        return plan

    def field_step(
        self,
        plan: ObjectPlan,
        key: str,
        name: str,
        definition: GraphQLField,
        strawberry_field: Any,
        details: FieldDetailsList,
    ) -> tuple[str, Step, Any]:
        type_name = plan.type.name
        resolver = strawberry_field.base_resolver
        if resolver is None:
            column = strawberry_field.python_name
            leaf = _leaf_type(definition.type)
            if leaf is None or column not in plan.table.c:
                raise NotCompilable(f"{type_name}.{name}")
            if column == "id":
                return key, Step.ID, type_name
            plain = Leaf(column, *leaf)
            if not strawberry_field.extensions:
                plan.columns.add(column)
                return key, Step.COLUMN, plain
            return key, Step.PERSONAL, self.personal(plan, plain, strawberry_field, details)
        list_field = LIST_FIELDS.get(resolver.wrapped_func)
        if list_field is not None and list_field.relationship is not None:
            arguments = self.arguments(definition, details, strawberry_field)
            return key, Step.CHILDREN, self.connection_plan(list_field, arguments, definition, details)
        derived = DERIVED.get((type_name, name))
        if derived is not None:
            plan.columns.update(derived.columns)
            return key, Step.DERIVED, (derived, self.plain_plan(_named(definition.type), details))
        link = LINKS.get((type_name, name))
        if link is not None:
            plan.columns.update(link.columns)
            # Every type the link may reach is planned now, so an unknown field falls back before
            # any statement runs.
            target = _named(definition.type)
            targets = self.schema.get_possible_types(target) if is_abstract_type(target) else [target]
            plans = {each.name: self.object_plan(each, details) for each in targets}
            if len(plans) > 1 and any(_fetches(each) for each in plans.values()):
                # Each type would read its lists in statements of its own, as many as there are
                # types among the rows; the loaders batch them across types.
                raise NotCompilable(f"lists under {type_name}.{name}, a link of several types")
            return key, Step.LINK, LinkPlan(link, isinstance(definition.type, GraphQLNonNull), details, plans)
        raise NotCompilable(f"{type_name}.{name}")

    def plain_plan(self, type_: Any, details: FieldDetailsList) -> list[tuple[str, str, Any]]:
        """(key, attribute, serialiser) of an object of plain leaf fields (a computed one's)."""
        if not isinstance(type_, GraphQLObjectType):
            raise NotCompilable("a computed field of an abstract type")
        steps: list[tuple[str, str, Any]] = []
        for key, field_details in self.subfields(type_, details).items():
            name = field_details[0].node.name.value
            if name == "__typename":
                steps.append((key, "", type_.name))
                continue
            definition = type_.fields[name]
            strawberry_field = definition.extensions.get("strawberry-definition")
            leaf = _leaf_type(definition.type)
            if strawberry_field is None or strawberry_field.base_resolver is not None or leaf is None:
                raise NotCompilable(f"{type_.name}.{name}")
            if strawberry_field.extensions or leaf[2] is not None:
                raise NotCompilable(f"{type_.name}.{name}")
            steps.append((key, strawberry_field.python_name, Leaf(strawberry_field.python_name, *leaf)))
        return steps

    def personal(
        self, plan: ObjectPlan, leaf: Leaf, strawberry_field: Any, details: FieldDetailsList
    ) -> Personal:
        extensions = strawberry_field.extensions
        subject_columns = ROW_SUBJECTS.get(plan.type.name)
        if (
            subject_columns is None
            or len(extensions) != 1
            or not isinstance(extensions[0], PermissionExtension)
        ):
            raise NotCompilable(f"{plan.type.name}.{leaf.column}")
        extension = extensions[0]
        permissions = extension.permissions
        if len(permissions) != 1 or not isinstance(permissions[0], PersonalData) or extension.fail_silently:
            raise NotCompilable(f"{plan.type.name}.{leaf.column}")
        plan.columns.update((leaf.column, *subject_columns))
        return Personal(leaf, permissions[0], details)

    def connection_plan(
        self, list_field: ListField, arguments: dict, definition: GraphQLField, details: FieldDetailsList
    ) -> ConnectionPlan:
        args = PageArgs(
            arguments.get("first"),
            arguments.get("after"),
            arguments.get("last"),
            arguments.get("before"),
            arguments.get("order_by"),
        )
        connection = _named(definition.type)
        node = _named(connection.fields["nodes"].type)
        if not isinstance(node, GraphQLObjectType):
            raise NotCompilable("a connection of an abstract type")
        steps: list[tuple[str, str, Any]] = []
        columns: set[str] = set()
        for key, field_details in self.subfields(connection, details).items():
            name = field_details[0].node.name.value
            if name == "nodes":
                plan = self.object_plan(node, field_details)
                columns |= plan.columns
                steps.append((key, name, plan))
            elif name == "edges":
                edge_steps = []
                edge_type = _named(connection.fields["edges"].type)
                for edge_key, edge_details in self.subfields(edge_type, field_details).items():
                    edge_name = edge_details[0].node.name.value
                    if edge_name == "node":
                        plan = self.object_plan(node, edge_details)
                        columns |= plan.columns
                        edge_steps.append((edge_key, edge_name, plan))
                    else:
                        edge_steps.append((edge_key, edge_name, edge_type.name))
                steps.append((key, name, edge_steps))
            elif name == "pageInfo":
                info_type = _named(connection.fields["pageInfo"].type)
                names = [
                    (k, d[0].node.name.value) for k, d in self.subfields(info_type, field_details).items()
                ]
                steps.append((key, name, (info_type.name, names)))
            elif name in ("totalCount", "__typename"):
                steps.append((key, name, connection.name))
            else:
                raise NotCompilable(f"{connection.name}.{name}")
        return ConnectionPlan(
            list_field, args, arguments.get("filter"), node, steps, columns, connection.name
        )

    # -- running -------------------------------------------------------------------------------

    async def data(self) -> tuple[dict[str, Any], list[tuple[GraphQLError, Path]]]:
        x = self.executor
        root = self.schema.query_type
        grouped, defer_usages = collect_fields(
            self.schema, x.fragments, x.variable_values, root, x.operation, x.hide_suggestions
        )[:2]
        if defer_usages:
            raise NotCompilable("@defer")
        keys = list(grouped)
        values = await asyncio.gather(*(self.root_field(root, key, grouped[key]) for key in keys))
        return dict(zip(keys, values, strict=True)), self.errors

    async def root_field(self, root: GraphQLObjectType, key: str, details: FieldDetailsList) -> Any:
        name = details[0].node.name.value
        if name == "__typename":
            return root.name
        definition = root.fields.get(name)
        strawberry_field = definition.extensions.get("strawberry-definition") if definition else None
        if definition is None or strawberry_field is None or strawberry_field.base_resolver is None:
            raise NotCompilable(name)
        path = Path(None, key, root.name)
        if name == "node":
            return await self.node(definition, details, strawberry_field, path)
        list_field = LIST_FIELDS.get(strawberry_field.base_resolver.wrapped_func)
        if list_field is None or list_field.relationship is not None or list_field.guarded:
            raise NotCompilable(name)
        plan = self.plans.get(key)
        if plan is None:
            arguments = self.arguments(definition, details, strawberry_field)
            plan = self.plans[key] = self.connection_plan(list_field, arguments, definition, details)
        return (await self.root_connection(plan, path))[0]

    async def node(
        self, definition: GraphQLField, details: FieldDetailsList, strawberry_field: Any, path: Path
    ) -> Any:
        arguments = self.arguments(definition, details, strawberry_field)
        try:
            type_name, row = await node_row(self, arguments["id"], batched=False)  # pyright: ignore[reportArgumentType]  # node_row reads only .context
        except GraphQLError as error:
            raise NotCompilable("node not found") from error
        plan = self.plans.get((path.key, type_name))
        if plan is None:
            plan = self.plans[(path.key, type_name)] = self.object_plan(
                self.schema.get_type(type_name), details
            )
        return (await self.objects(plan, [row], [path]))[0]

    async def root_connection(self, plan: ConnectionPlan, path: Path) -> list[dict]:
        spec = plan.list_field.spec
        request = root_request(self.context.viewer, spec, plan.args, plan.filter)
        if request.source is not spec.table:
            raise NotCompilable("a list over a derived source")
        engine = self.context.engine
        columns = self.list_columns(plan, spec.table, (), request.query.sort)
        page = await fetch_page(engine, request.source, request.where, request.query, columns)

        async def count() -> list[int]:
            return [await count_rows(engine, request.source, request.where)]

        return await self.connections(plan, [page], request.query.sort, count, [path])

    def list_columns(
        self, plan: ConnectionPlan, table: Any, parent_columns: Sequence[str], sort: str
    ) -> list[str]:
        wanted = {"id", sort, *parent_columns, *plan.columns}
        names = [column.name for column in table.c]
        if not wanted <= set(names):
            raise NotCompilable("a column outside the table")
        return [name for name in names if name in wanted]

    async def children(
        self, plan: ConnectionPlan, rows: list[Any], type_name: str, paths: list[Path]
    ) -> list[dict]:
        list_field = plan.list_field
        relationship, parent_key = list_field.relationship, list_field.parent
        assert relationship is not None and parent_key is not None
        filters, query = child_request(list_field.spec, plan.args, plan.filter)
        loaders = self.context.loaders
        pages_loader, counts_loader = (getattr(loaders, name) for name in relationship)
        kind = getattr(NODE_TYPES[type_name], "participant_kind", None)
        try:
            keys = [parent_key(_Parent(row.id, kind)) for row in rows]
        except AttributeError as error:
            raise NotCompilable("a parent key the compiler cannot build") from error
        parents = list(dict.fromkeys(keys))
        table, parent_columns = pages_loader.table, pages_loader.parent_columns
        columns = self.list_columns(plan, table, parent_columns, query.sort)
        pages = await fetch_child_pages(
            pages_loader.engine, table, parent_columns, parents, pages_loader.where(filters), query, columns
        )

        async def count() -> list[int]:
            counts = await count_children(
                counts_loader.engine,
                counts_loader.table,
                counts_loader.parent_columns,
                parents,
                counts_loader.where(filters),
            )
            return [counts[key] for key in keys]

        return await self.connections(plan, [pages[key] for key in keys], query.sort, count, paths)

    async def connections(
        self,
        plan: ConnectionPlan,
        pages: list[PageRows],
        sort: str,
        count: Callable[[], Any],
        paths: list[Path],
    ) -> list[dict]:
        results: list[dict] = [{} for _ in pages]
        connection_name = plan.name
        for key, name, sub in plan.steps:
            if name == "__typename":
                for result in results:
                    result[key] = sub
            elif name == "totalCount":
                for result, total in zip(results, await count(), strict=True):
                    result[key] = total
            elif name == "pageInfo":
                info_name, fields = sub
                for result, page in zip(results, pages, strict=True):
                    result[key] = _page_info(info_name, fields, page, sort)
            elif name == "nodes":
                rows, node_paths, bounds = _flatten(pages, paths, key, connection_name)
                objects = await self.objects(sub, rows, node_paths)
                for result, (start, end) in zip(results, bounds, strict=True):
                    result[key] = objects[start:end]
            else:  # edges
                await self.edges(key, sub, pages, paths, sort, results, connection_name)
        return results

    async def edges(
        self,
        key: str,
        steps: list[tuple[str, str, Any]],
        pages: list[PageRows],
        paths: list[Path],
        sort: str,
        results: list[dict],
        connection_name: str,
    ) -> None:
        rows, edge_paths, bounds = _flatten(pages, paths, key, connection_name)
        edges: list[dict] = [{} for _ in rows]
        for edge_key, name, sub in steps:
            if name == "node":
                node_paths = [path.add_key(edge_key, "Edge") for path in edge_paths] if edge_paths else []
                for edge, obj in zip(edges, await self.objects(sub, rows, node_paths), strict=True):
                    edge[edge_key] = obj
            elif name == "cursor":
                for edge, row in zip(edges, rows, strict=True):
                    edge[edge_key] = encode_cursor(sort, row._mapping[sort], row.id)
            elif name == "__typename":
                for edge in edges:
                    edge[edge_key] = sub
            else:
                raise NotCompilable(f"Edge.{name}")
        for result, (start, end) in zip(results, bounds, strict=True):
            result[key] = edges[start:end]

    async def objects(self, plan: ObjectPlan, rows: list[Any], paths: list[Path]) -> list[dict]:
        """The response objects of `rows` (all of `plan`'s type), children read for all at once."""
        results: list[dict] = [{} for _ in rows]
        if not rows:
            return results
        positions = {name: index for index, name in enumerate(rows[0]._fields)}
        for key, step, sub in plan.steps:
            if step is Step.COLUMN:
                _column(key, sub, results, rows, positions[sub.column])
            elif step is Step.ID:
                at = positions["id"]
                for result, row in zip(results, rows, strict=True):
                    result[key] = encode(sub, row[at])
            elif step is Step.TYPENAME:
                for result in results:
                    result[key] = sub
            elif step is Step.PERSONAL:
                self.personal_values(key, sub, plan.type.name, results, rows, paths)
            elif step is Step.CHILDREN:
                child_paths = [path.add_key(key, plan.type.name) for path in paths]
                values = await self.children(sub, rows, plan.type.name, child_paths)
                for result, value in zip(results, values, strict=True):
                    result[key] = value
            elif step is Step.DERIVED:
                derived, steps = sub
                for result, row in zip(results, rows, strict=True):
                    result[key] = _plain(steps, derived.compute(row))
            else:
                child_paths = [path.add_key(key, plan.type.name) for path in paths]
                values = await self.links(sub, rows, child_paths)
                for result, value in zip(results, values, strict=True):
                    result[key] = value
        return results

    def personal_values(
        self,
        key: str,
        personal: Personal,
        type_name: str,
        results: list[dict],
        rows: list[Any],
        paths: list[Path],
    ) -> None:
        viewer, policy = self.context.viewer, personal.permission.policy
        subject_of = SUBJECTS[type_name]
        leaf = personal.leaf
        refused: GraphQLError | None = None
        for index, (result, row) in enumerate(zip(results, rows, strict=True)):
            if may_read(policy, viewer, subject_of(row)):
                value = row._mapping[leaf.column]
                result[key] = (
                    None if value is None and not leaf.non_null else _serialised(leaf.serialize, value)
                )
                continue
            result[key] = None
            path = paths[index].add_key(key, type_name)
            if refused is None:
                refused = self.refusal(personal, path)
                error = refused
            else:
                error = _relocated(refused, path)
            self.errors.append((error, path))

    def refusal(self, personal: Personal, path: Path) -> GraphQLError:
        """The error the field's permission extension gives a refused viewer, at `path`."""
        try:
            personal.permission.on_unauthorized()
        except Exception as raw:  # the very error strawberry raises
            return located_error(raw, [details.node for details in personal.nodes], path.as_list())
        raise NotCompilable("a permission that does not refuse")

    async def links(self, plan: LinkPlan, rows: list[Any], paths: list[Path]) -> list[Any]:
        link = plan.link
        keys = [link.key(row._mapping) for row in rows]
        wanted = list(dict.fromkeys(key for key in keys if key is not None))
        loader = getattr(self.context.loaders, link.loader)
        found: dict[Hashable, Any] = (
            dict(zip(wanted, await loader.batch_load_fn(wanted), strict=True)) if wanted else {}
        )
        viewer = self.context.viewer
        targets: list[tuple[int, str, Any]] = []
        for index, key in enumerate(keys):
            row = found.get(key) if key is not None else None
            if (
                row is not None
                and link.visible_table is not None
                and not can_see(viewer, link.visible_table, row)
            ):
                row = None
            if row is None:
                if plan.non_null:
                    raise NotCompilable("a link to nothing")
                continue
            targets.append((index, link.type_name(row), row))
        values: list[Any] = [None] * len(keys)
        for type_name in dict.fromkeys(type_name for _, type_name, _ in targets):
            chosen = [(index, row) for index, name, row in targets if name == type_name]
            object_plan = plan.plans[type_name]
            objects = await self.objects(
                object_plan, [row for _, row in chosen], [paths[i] for i, _ in chosen]
            )
            for (index, _), obj in zip(chosen, objects, strict=True):
                values[index] = obj
        return values


def _column(key: str, leaf: Leaf, results: list[dict], rows: list[Any], at: int) -> None:
    column, serialize, non_null, item = leaf.column, leaf.serialize, leaf.non_null, leaf.item
    unchanged, is_int = leaf.unchanged, leaf.unchanged is int
    for result, row in zip(results, rows, strict=True):
        value = row[at]
        if value is None:
            if non_null:
                raise NotCompilable(f"null {column}")
            result[key] = None
        elif type(value) is unchanged and (not is_int or value in INT_RANGE):
            result[key] = value
        elif item is None:
            result[key] = _serialised(serialize, value)
        else:
            result[key] = [_item(item, leaf.item_non_null, v) for v in value]


def _fetches(plan: ObjectPlan) -> bool:
    return any(step in (Step.CHILDREN, Step.LINK) for _, step, _ in plan.steps)


def _plain(steps: list[tuple[str, str, Any]], obj: Any) -> dict:
    result = {}
    for key, attribute, leaf in steps:
        if not attribute:
            result[key] = leaf  # __typename
            continue
        value = getattr(obj, attribute)
        if value is None:
            if leaf.non_null:
                raise NotCompilable(f"null {attribute}")
            result[key] = None
        else:
            result[key] = _serialised(leaf.serialize, value)
    return result


def _relocated(error: GraphQLError, path: Path) -> GraphQLError:
    """`error` at another path. Building a GraphQLError finds its locations in the document's
    text, the costliest part of a thousand refused comments: same field, same locations."""
    copy = GraphQLError.__new__(GraphQLError)
    BaseException.__init__(copy, error.message)
    for name in GraphQLError.__slots__:
        setattr(copy, name, getattr(error, name))
    copy.path = path.as_list()
    return copy


def _item(serialize: Callable[[Any], Any], non_null: bool, value: Any) -> Any:
    if value is None:
        if non_null:
            raise NotCompilable("null item")
        return None
    return _serialised(serialize, value)


def _flatten(
    pages: list[PageRows], paths: list[Path], key: str, connection_name: str
) -> tuple[list[Any], list[Path], list[tuple[int, int]]]:
    rows: list[Any] = []
    row_paths: list[Path] = []
    bounds = []
    for index, page in enumerate(pages):
        start = len(rows)
        rows.extend(page.rows)
        if paths:
            list_path = paths[index].add_key(key, connection_name)
            row_paths.extend(list_path.add_key(position, None) for position in range(len(page.rows)))
        bounds.append((start, len(rows)))
    return rows, row_paths, bounds


def _page_info(type_name: str, fields: list[tuple[str, str]], page: PageRows, sort: str) -> dict:
    rows = page.rows
    info: dict[str, Any] = {}
    for key, name in fields:
        if name == "hasNextPage":
            info[key] = page.has_next
        elif name == "hasPreviousPage":
            info[key] = page.has_previous
        elif name == "startCursor":
            info[key] = encode_cursor(sort, rows[0]._mapping[sort], rows[0].id) if rows else None
        elif name == "endCursor":
            info[key] = encode_cursor(sort, rows[-1]._mapping[sort], rows[-1].id) if rows else None
        elif name == "__typename":
            info[key] = type_name
        else:
            raise NotCompilable(f"PageInfo.{name}")
    return info
