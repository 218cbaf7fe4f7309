"""Plans are kept by (operation, variables), bounded, and never across different operations."""

from __future__ import annotations

from graphql import OperationDefinitionNode, parse

from schema.compiled.plans import MAX_VARIABLE_CHARS, Plans


def operation(text: str) -> OperationDefinitionNode:
    definition = parse(text).definitions[0]
    assert isinstance(definition, OperationDefinitionNode)
    return definition


def test_the_same_operation_and_variables_share_their_plans() -> None:
    plans, query = Plans(), operation("query($n: Int!) { homes(first: $n) { nodes { name } } }")
    first = plans.of(query, {"n": 5})
    first["homes"] = "a plan"
    assert plans.of(query, {"n": 5}) is first
    assert plans.of(query, {"n": 20}) == {}
    assert plans.of(operation("query($n: Int!) { homes(first: $n) { nodes { name } } }"), {"n": 5}) == {}


def test_plans_are_bounded() -> None:
    plans, query = Plans(max_entries=3), operation("query($n: Int!) { homes(first: $n) { nodes { name } } }")
    for n in range(10):
        plans.of(query, {"n": n})["homes"] = n
    assert len(plans.entries) == 3
    assert plans.of(query, {"n": 9}) == {"homes": 9}
    assert plans.of(query, {"n": 0}) == {}


def test_long_variables_are_not_kept() -> None:
    plans, query = Plans(), operation("query($s: String!) { homes(filter: {search: $s}) { totalCount } }")
    plans.of(query, {"s": "x" * MAX_VARIABLE_CHARS})["homes"] = "a plan"
    assert plans.entries == {}
