"""The static cost of a GraphQL document, computed before it runs (like GitHub's node limit and
Shopify's calculated query cost): roughly how many objects it can make the service load.

- A scalar or enum field costs 0; an object costs 1, plus what is selected inside it.
- A list multiplies what is selected inside it by its size: a connection's `first` or `last`
  (an argument, a variable or the default page size, 20; at most 100) sizes its `nodes` and `edges`; the
  matching lists' `first` (their default when not given); `nodes(ids:)` and
  `_entities(representations:)` the number of ids given; the other lists their ASSUMED_SIZES.
- A computed field costs its COMPUTED weight per parent on top, for the work before it returns
  anything (scoring a pool of candidates, solving a linear program, aggregating the city).
- Fragments count as their fields; all type conditions are summed (an upper bound).
- Introspection (`__schema`, `__type`, `__typename`) costs 0: it never touches the database.

The weights are what a field really costs against a plain node. A node of a page costs
0.05-0.08 ms whole request included (measured on the demo seed, in process: 100 demands with
their requester and district, 302 objects, p50 25 ms). One parent's suggestions cost ~3.5 ms
batched (docs/matching.md: 50 demands x suggestedResources(first: 5) in 176 ms, which this
count prices 4,302), so 50 nodes; the allocation plan over a city 0.23-0.45 s, so 5,000.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLNamedType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    ValueNode,
    VariableNode,
    get_named_type,
    get_nullable_type,
    is_composite_type,
    is_list_type,
    value_from_ast_untyped,
)

from resolvers.paging import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

# Work a field does per parent before it returns anything, in plain nodes.
COMPUTED: dict[tuple[str, str], int] = {
    ("Demand", "suggestedResources"): 50,  # scores the open resources of the category and area
    ("Resource", "suggestedDemands"): 50,
    ("Volunteer", "suggestedOpportunities"): 50,
    ("Query", "opportunities"): 50,  # scores the open positions and events around a place
    ("Query", "allocationPlan"): 5_000,  # a linear program over a category in the whole city
    ("Query", "insights"): 100,  # grouped counts over the whole city
    ("Home", "insights"): 100,  # the same, for one home: no batching across homes
    ("Organization", "insights"): 100,
}

# Lists without a size argument: how many items they hold at most, or typically.
ASSUMED_SIZES: dict[tuple[str, str], int] = {
    ("Engagement", "ratings"): 2,  # one per side
    ("Resource", "serviceDistricts"): 16,  # the districts of the city
    ("Organization", "admissionHistory"): 10,
    ("Appeal", "replies"): 10,
    ("Complaint", "actions"): 10,
    ("MatchSuggestion", "reasons"): 5,
    ("Opportunity", "reasons"): 5,
    ("AllocationPlan", "proposals"): 100,
    ("AllocationPlan", "districtFills"): 16,
    ("Insights", "byDistrict"): 16,
    ("Insights", "byCategory"): 7,
    ("Insights", "byCategoryAndDistrict"): 112,  # 7 categories x 16 districts
    ("Insights", "timeToMatch"): 7,
    ("Insights", "monthlyTrend"): 24,  # two years of months
    ("Insights", "demandTrend"): 168,  # 24 months x 7 categories
    ("Insights", "appealReplies"): 16,
    ("Insights", "complaintsByOutcome"): 3,
    ("Insights", "reputationDistribution"): 8,
}

# The arguments that size a list, and the lists of a connection they size.
SLICING_ARGUMENTS = ("first", "last")
SIZED_FIELDS = frozenset({"nodes", "edges"})
COUNTED_ARGUMENTS = ("ids", "representations")


@dataclass(frozen=True)
class _Walk:
    """One walk over one operation: the schema, its fragments and the request's variables."""

    schema: GraphQLSchema
    fragments: Mapping[str, FragmentDefinitionNode]
    variables: Mapping[str, Any]
    defaults: Mapping[str, Any]

    def value(self, node: ValueNode) -> Any:
        if isinstance(node, VariableNode):
            name = node.name.value
            return self.variables[name] if name in self.variables else self.defaults.get(name)
        if isinstance(node, IntValueNode):
            return int(node.value)
        if isinstance(node, ListValueNode):
            return [None] * len(node.values)
        return value_from_ast_untyped(node)

    def selections(self, parent: GraphQLNamedType, selection_set: SelectionSetNode | None, size: int) -> int:
        """The cost of one object of type `parent` with these selections; `size` sizes its
        `nodes` and `edges` (when `parent` is a connection)."""
        if selection_set is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self.field(parent, selection, size)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                own = self.schema.get_type(condition.name.value) if condition else parent
                total += self.selections(own or parent, selection.selection_set, size)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if fragment is not None:
                    own = self.schema.get_type(fragment.type_condition.name.value)
                    total += self.selections(own or parent, fragment.selection_set, size)
        return total

    def field(self, parent: GraphQLNamedType, node: FieldNode, size: int) -> int:
        name = node.name.value
        definition = _field_of(parent, name)
        if name.startswith("__") or definition is None:
            return 0
        named = get_named_type(definition.type)
        if not is_composite_type(named):
            return 0
        weight = COMPUTED.get((parent.name, name), 0)
        arguments = {argument.name.value: argument.value for argument in node.arguments or ()}
        if is_list_type(get_nullable_type(definition.type)):
            items = self.list_size(parent, name, definition, arguments, size)
            return weight + items * (1 + self.selections(named, node.selection_set, DEFAULT_PAGE_SIZE))
        inner = self.slice_size(definition, arguments)
        return weight + 1 + self.selections(named, node.selection_set, inner)

    def slice_size(self, definition: GraphQLField, arguments: Mapping[str, ValueNode]) -> int:
        """A `first` or `last` given (or the argument's default), else the default page size."""
        for argument in SLICING_ARGUMENTS:
            if argument not in definition.args:
                continue
            value = self.value(arguments[argument]) if argument in arguments else None
            if value is None:
                value = definition.args[argument].default_value
            if isinstance(value, int) and not isinstance(value, bool):
                # Past the largest page the field itself refuses the argument, with its own error.
                return min(max(value, 0), MAX_PAGE_SIZE)
        return DEFAULT_PAGE_SIZE

    def list_size(
        self,
        parent: GraphQLNamedType,
        name: str,
        definition: GraphQLField,
        arguments: Mapping[str, ValueNode],
        size: int,
    ) -> int:
        for argument in COUNTED_ARGUMENTS:
            if argument in arguments:
                value = self.value(arguments[argument])
                return len(value) if isinstance(value, list) else 1
        if any(argument in definition.args for argument in SLICING_ARGUMENTS):
            return self.slice_size(definition, arguments)
        if name in SIZED_FIELDS and parent.name.endswith("Connection"):
            return size
        return ASSUMED_SIZES.get((parent.name, name), DEFAULT_PAGE_SIZE)


def _field_of(parent: GraphQLNamedType, name: str) -> GraphQLField | None:
    fields = getattr(parent, "fields", None)
    return fields.get(name) if fields is not None else None


def operation_of(document: DocumentNode, operation_name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is None:
        return operations[0] if len(operations) == 1 else None
    return next((o for o in operations if o.name and o.name.value == operation_name), None)


def document_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None = None,
    variables: Mapping[str, Any] | None = None,
) -> int:
    """The cost of the operation `operation_name` of a valid document with these variables."""
    operation = operation_of(document, operation_name)
    if operation is None:
        return 0
    root = {
        OperationType.QUERY: schema.query_type,
        OperationType.MUTATION: schema.mutation_type,
        OperationType.SUBSCRIPTION: schema.subscription_type,
    }[operation.operation]
    if root is None:
        return 0
    walk = _Walk(
        schema=schema,
        fragments={d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)},
        variables=variables or {},
        defaults={
            definition.variable.name.value: value_from_ast_untyped(definition.default_value)
            for definition in operation.variable_definitions or ()
            if definition.default_value is not None
        },
    )
    return walk.selections(root, operation.selection_set, DEFAULT_PAGE_SIZE)


def _sizes(variables: Mapping[str, Any] | None) -> tuple[tuple[str, int], ...]:
    """What of the variables a cost can depend on: the integers, and the lengths of lists."""
    sizes = []
    for name, value in sorted((variables or {}).items()):
        if isinstance(value, int) and not isinstance(value, bool):
            sizes.append((name, value))
        elif isinstance(value, list):
            sizes.append((name, len(value)))
    return tuple(sizes)


class CostCache:
    """Costs already computed, keyed by the document's text (a digest), the operation and the
    variables that can change a cost; the least recently used go first past `maxsize`."""

    def __init__(self, maxsize: int = 256) -> None:
        self.maxsize = maxsize
        self.entries: OrderedDict[tuple[bytes, str | None, tuple[tuple[str, int], ...]], int] = OrderedDict()

    def cost(
        self,
        schema: GraphQLSchema,
        query: str | None,
        document: DocumentNode,
        operation_name: str | None,
        variables: Mapping[str, Any] | None,
    ) -> int:
        if query is None:
            return document_cost(schema, document, operation_name, variables)
        key = (hashlib.sha256(query.encode()).digest(), operation_name, _sizes(variables))
        cached = self.entries.get(key)
        if cached is not None:
            self.entries.move_to_end(key)
            return cached
        cost = document_cost(schema, document, operation_name, variables)
        self.entries[key] = cost
        if len(self.entries) > self.maxsize:
            self.entries.popitem(last=False)
        return cost
