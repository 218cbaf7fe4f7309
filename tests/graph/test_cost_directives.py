"""The cost weights are published in the SDL (`@cost`, `@listSize`), from the same tables the
service's own cost walks (schema/cost.py), so a router's demand control sizes lists alike."""

from __future__ import annotations

from graphql import FieldDefinitionNode, ObjectTypeDefinitionNode, parse, print_ast

from cli import export_schema
from schema.cost import ASSUMED_SIZES, COMPUTED


def directives_by_field() -> dict[tuple[str, str], dict[str, str]]:
    """For every field of the exported SDL: its directives, by name, printed."""
    found: dict[tuple[str, str], dict[str, str]] = {}
    for definition in parse(export_schema()).definitions:
        if not isinstance(definition, ObjectTypeDefinitionNode):
            continue
        for field in definition.fields or ():
            assert isinstance(field, FieldDefinitionNode)
            found[definition.name.value, field.name.value] = {
                directive.name.value: print_ast(directive) for directive in field.directives or ()
            }
    return found


def test_the_sdl_links_the_cost_directives_of_federation_2_9() -> None:
    sdl = export_schema()
    assert 'url: "https://specs.apollo.dev/federation/v2.9", import: ["@cost", "@key", "@listSize"]' in sdl


def test_every_connection_is_sized_by_first_and_last() -> None:
    fields = directives_by_field()
    connection = (
        '@listSize(assumedSize: 20, slicingArguments: ["first", "last"], sizedFields: ["edges", "nodes"], '
        "requireOneSlicingArgument: false)"
    )
    assert fields["Query", "homes"]["listSize"] == connection
    assert fields["Home", "demands"]["listSize"] == connection
    assert fields["Event", "registrations"]["listSize"] == connection
    assert fields["Demand", "suggestedResources"]["listSize"] == (
        '@listSize(slicingArguments: ["first"], requireOneSlicingArgument: false)'
    )


def test_every_weight_of_the_tables_is_in_the_sdl() -> None:
    fields = directives_by_field()
    for (type_name, field_name), weight in COMPUTED.items():
        assert fields[type_name, field_name]["cost"] == f"@cost(weight: {weight})"
    for (type_name, field_name), size in ASSUMED_SIZES.items():
        assert fields[type_name, field_name]["listSize"] == f"@listSize(assumedSize: {size})"


def test_building_the_schema_again_adds_nothing_twice() -> None:
    first, second = export_schema(), export_schema()
    assert first == second
    assert first.count("@cost(weight: 5000)") == 1
