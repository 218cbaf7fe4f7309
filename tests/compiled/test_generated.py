"""Generated documents (hypothesis-graphql), pruned to the fields the compiler knows, answer the
same compiled and resolved, anonymously and as staff; most of them really take the compiled path.

The documents are drawn from the whole schema with a fixed seed (root lists only), then every
field the compiler does not know is cut out (an emptied selection cuts its field too), so what
is left is a document the compiler should answer: columns, connections, links, personal comments.
Arguments are as drawn (filters, orderings, bad values): those it cannot take fall back.
"""

from __future__ import annotations

import functools
from typing import Any

import graphql
from graphql import (
    FieldNode,
    GraphQLInterfaceType,
    GraphQLObjectType,
    InlineFragmentNode,
    SelectionSetNode,
    get_named_type,
)
from hypothesis_graphql import from_schema

from datasources.tables import metadata
from resolvers.nodes import NODE_SOURCES
from schema import build_schema
from schema.compiled.links import DERIVED, LINKS
from schema.compiled.planning import ROW_SUBJECTS
from schema.connection_fields import LIST_FIELDS
from schema.objects import NODE_TYPES
from tests.compiled.compare import both
from tests.test_fuzz import CUSTOM_SCALARS, drawn

DOCUMENTS = 60
ROOTS = ["homes", "organizations", "socialWorkers", "volunteers", "resources", "demands", "engagements"]
CONNECTION_FIELDS = {"nodes", "edges", "pageInfo", "totalCount", "cursor", "node", "__typename"}
PAGE_INFO = {"hasNextPage", "hasPreviousPage", "startCursor", "endCursor", "__typename"}


def _known(type_: GraphQLObjectType, name: str) -> bool:
    """Whether the compiler knows `type_.name`'s field `name` (as schema/compiled/run.py plans)."""
    if name == "__typename":
        return True
    if type_.name.endswith(("Connection", "Edge")):
        return name in CONNECTION_FIELDS
    if type_.name == "PageInfo":
        return name in PAGE_INFO
    if type_.name == "Reputation":
        return True
    if type_.name not in NODE_TYPES:
        return False
    definition = type_.fields[name]
    strawberry_field = definition.extensions["strawberry-definition"]
    resolver = strawberry_field.base_resolver
    if resolver is not None:
        list_field = LIST_FIELDS.get(resolver.wrapped_func)
        child_list = list_field is not None and list_field.relationship is not None
        return child_list or (type_.name, name) in LINKS or (type_.name, name) in DERIVED
    table = metadata.tables[NODE_SOURCES[type_.name].table]
    if strawberry_field.python_name not in table.c or not graphql.is_leaf_type(
        get_named_type(definition.type)
    ):
        return False
    return not strawberry_field.extensions or type_.name in ROW_SUBJECTS


PAGING = {"first", "after", "last", "before"}
FIRST = graphql.ArgumentNode(name=graphql.NameNode(value="first"), value=graphql.IntValueNode(value="3"))


def _arguments(field: FieldNode, type_: Any) -> tuple:
    """A connection's paging arguments as drawn are mostly refused (`first` with `last`, cursors
    that are not): `first: 3` instead, the filter and ordering as drawn."""
    if not getattr(type_, "name", "").endswith("Connection"):
        return tuple(field.arguments or ())
    return (*(argument for argument in field.arguments or () if argument.name.value not in PAGING), FIRST)


def _prune(
    schema: graphql.GraphQLSchema, parent: Any, selection_set: SelectionSetNode
) -> SelectionSetNode | None:
    kept = []
    for selection in selection_set.selections:
        if isinstance(selection, InlineFragmentNode):
            condition = (
                schema.get_type(selection.type_condition.name.value) if selection.type_condition else parent
            )
            inner = _prune(schema, condition, selection.selection_set)
            if inner is not None:
                kept.append(
                    InlineFragmentNode(
                        type_condition=selection.type_condition,
                        directives=selection.directives,
                        selection_set=inner,
                    )
                )
            continue
        assert isinstance(selection, FieldNode)
        name = selection.name.value
        types = schema.get_possible_types(parent) if isinstance(parent, GraphQLInterfaceType) else [parent]
        if not all(name == "__typename" or (name in each.fields and _known(each, name)) for each in types):
            continue
        if selection.selection_set is None:
            kept.append(selection)
            continue
        field_type = get_named_type(parent.fields[name].type)
        inner = _prune(schema, field_type, selection.selection_set)
        if inner is not None:
            kept.append(
                FieldNode(
                    alias=selection.alias,
                    name=selection.name,
                    arguments=_arguments(selection, field_type),
                    directives=selection.directives,
                    selection_set=inner,
                )
            )
    return SelectionSetNode(selections=tuple(kept)) if kept else None


def _pruned(document: graphql.DocumentNode, schema: graphql.GraphQLSchema) -> str | None:
    operation = document.definitions[0]
    assert isinstance(operation, graphql.OperationDefinitionNode)
    kept = []
    for root in operation.selection_set.selections:
        assert isinstance(root, FieldNode)
        if root.selection_set is None:
            continue
        root_type = get_named_type(schema.query_type.fields[root.name.value].type)
        inner = _prune(schema, root_type, root.selection_set)
        if inner is not None:
            kept.append(
                FieldNode(
                    alias=root.alias,
                    name=root.name,
                    arguments=_arguments(root, root_type),
                    directives=root.directives,
                    selection_set=inner,
                )
            )
    if not kept:
        return None
    pruned = graphql.OperationDefinitionNode(
        operation=operation.operation, selection_set=SelectionSetNode(selections=tuple(kept))
    )
    return graphql.print_ast(graphql.DocumentNode(definitions=(pruned,)))


@functools.cache
def documents() -> list[str]:
    schema = build_schema()._schema
    strategy = from_schema(
        schema, fields=ROOTS, custom_scalars=CUSTOM_SCALARS, print_ast=lambda d: d, allow_x00=False
    )
    found = (_pruned(document, schema) for document in drawn(strategy, DOCUMENTS))  # pyright: ignore[reportArgumentType]  # print_ast keeps the AST
    return [document for document in found if document is not None]


async def test_generated_documents_answer_the_same_compiled(clients, viewers) -> None:
    compiled_runs = 0
    for role in ("anonymous", "staff"):
        for document in documents():
            fast, slow, taken = await both(clients, document, {}, viewers[role])
            assert fast == slow, document
            compiled_runs += taken
    # Most take the compiled path (106 of 120 when written): the rest have arguments it refuses.
    assert compiled_runs >= 0.8 * 2 * len(documents())
