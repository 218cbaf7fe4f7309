"""The plan of a compiled operation: for each level (the objects of one field), the columns it
needs and, for each response key, a step (a column, a personal field, a list of children, a link,
a derived value). Whatever the plan does not know raises `NotCompilable` before any statement
runs, and the normal executor answers instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum, auto
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    is_abstract_type,
)
from graphql.execution.collect_fields import FieldDetailsList, collect_subfields
from graphql.execution.values import get_argument_values
from sqlalchemy import Table
from strawberry.permission import PermissionExtension
from strawberry.types.arguments import convert_arguments

from auth.permissions import PersonalData
from datasources.tables import metadata
from resolvers.connections import PageArgs
from resolvers.nodes import NODE_SOURCES
from schema.compiled.links import DERIVED, LINKS, Link
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


def _named(output: Any) -> Any:
    while isinstance(output, GraphQLNonNull | GraphQLList):
        output = output.of_type
    return output


def _fetches(plan: ObjectPlan) -> bool:
    return any(step in (Step.CHILDREN, Step.LINK) for _, step, _ in plan.steps)


class Planner:
    """Plans the levels of one operation from its document and variables (schema/compiled/run.py
    runs them)."""

    def __init__(self, executor: Any) -> None:
        self.executor = executor
        self.schema = executor.schema
        strawberry_schema = self.schema._strawberry_schema  # set by strawberry
        self.scalar_registry = strawberry_schema.schema_converter.scalar_registry
        self.config = strawberry_schema.config

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
