"""One compiled run of a query operation: each level planned (schema/compiled/planning.py), read
in one statement for all its parents, and the response dictionaries built from the rows, children
fetched for all the rows of a level at once, as the loaders would (same statements, same
visibility conditions). Whatever the plan does not know raises `NotCompilable` and the normal
executor runs instead.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Hashable, Sequence
from typing import Any

from graphql import (
    GraphQLError,
    GraphQLField,
    GraphQLObjectType,
    Undefined,
    located_error,
)
from graphql.execution.collect_fields import FieldDetailsList, collect_fields
from graphql.pyutils import Path

from auth.privacy import SUBJECTS, may_read
from auth.visibility import can_see
from datasources.pagination import PageRows, count_children, count_rows, fetch_child_pages, fetch_page
from domain.global_ids import encode
from resolvers.connections import child_request, root_request
from resolvers.nodes import node_row
from resolvers.paging import encode_cursor
from schema.compiled.planning import (
    INT_RANGE,
    ConnectionPlan,
    Leaf,
    LinkPlan,
    NotCompilable,
    ObjectPlan,
    Personal,
    Planner,
    Step,
)
from schema.compiled.plans import PLANS
from schema.connection_fields import LIST_FIELDS
from schema.objects import NODE_TYPES


class _Parent:
    """What the connection fields' parent-key functions read of a built object."""

    __slots__ = ("participant_kind", "pk")

    def __init__(self, pk: int, participant_kind: str | None) -> None:
        self.pk = pk
        self.participant_kind = participant_kind


class Run(Planner):
    def __init__(self, executor: Any) -> None:
        super().__init__(executor)
        self.context = executor.context_value
        self.errors: list[tuple[GraphQLError, Path]] = []
        self.plans = PLANS.of(executor.operation, executor.variable_values.coerced)

    async def data(self) -> tuple[dict[str, Any], list[tuple[GraphQLError, Path]]]:
        x = self.executor
        root = self.schema.query_type
        grouped, defer_usages = collect_fields(
            self.schema, x.fragments, x.variable_values, root, x.operation, x.hide_suggestions
        )[:2]
        if defer_usages:
            raise NotCompilable("@defer")
        keys = list(grouped)
        # Every root field runs to its end even when another fails (NotCompilable: the resolvers
        # answer instead): one left running would hold its pooled connection past the request.
        values = await asyncio.gather(
            *(self.root_field(root, key, grouped[key]) for key in keys), return_exceptions=True
        )
        for value in values:
            if isinstance(value, BaseException):
                raise value
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


def _serialised(serialize: Callable[[Any], Any], value: Any) -> Any:
    result = serialize(value)
    if result is None or result is Undefined:
        raise NotCompilable("a leaf did not serialise")
    return result


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
