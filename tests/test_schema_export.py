"""The committed schema.graphql is exactly what the code exports (the drift check)."""

from __future__ import annotations

from pathlib import Path

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
