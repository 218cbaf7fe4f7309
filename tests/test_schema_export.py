"""The committed schema.graphql is exactly what the code exports (the drift check)."""

from __future__ import annotations

from pathlib import Path

from graphql import build_schema

from cli import export_schema

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema.graphql"


def test_schema_graphql_matches_the_code() -> None:
    exported = export_schema()
    committed = SCHEMA_FILE.read_text(encoding="utf-8")
    assert committed == exported, (
        "schema.graphql is out of date: run `./dev export-schema --output schema.graphql` "
        "and review the difference"
    )


def test_every_type_and_field_is_described() -> None:
    from schema import build_schema

    graphql_schema = build_schema()._schema
    undocumented = []
    for name, graphql_type in graphql_schema.type_map.items():
        if name.startswith(("_", "link__")) or name in {
            "Query",
            "String",
            "Int",
            "Float",
            "Boolean",
            "ID",
        }:
            continue
        if not getattr(graphql_type, "description", None) and name not in {
            "DateTime",
            "Decimal",
            "JSON",
        }:
            undocumented.append(name)
        for field_name, field in (getattr(graphql_type, "fields", None) or {}).items():
            if not field_name.startswith("_") and not field.description:
                undocumented.append(f"{name}.{field_name}")
    assert undocumented == []


CLIENT_FILE = SCHEMA_FILE.parent / "schema.client.graphql"


def test_the_client_schema_matches_the_code_and_builds_without_federation() -> None:
    exported = export_schema(client=True)
    assert CLIENT_FILE.read_text(encoding="utf-8") == exported, (
        "schema.client.graphql is out of date: run "
        "`./dev export-schema --client --output schema.client.graphql` and commit it"
    )
    # graphql-core's build_schema checks the SDL as graphql-js's buildSchema does.
    built = build_schema(exported)
    assert built.query_type is not None and built.mutation_type is not None
    assert "_entities" not in built.query_type.fields and "_service" not in built.query_type.fields
    assert not [name for name in built.type_map if name.startswith("_") and not name.startswith("__")]
    assert {directive.name for directive in built.directives} <= {
        "include", "skip", "deprecated", "specifiedBy", "oneOf",
    }  # fmt: skip
    assert "Node" in built.type_map and "PageInfo" in built.type_map
