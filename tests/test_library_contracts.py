"""What we use of strawberry beyond its documented API, each held here so an upgrade that
changes it fails loudly, with the place to mend, instead of somewhere deep in a request.

- `create_validator` (strawberry.extensions.query_depth_limiter): the depth rule made once
  (app.py), so graphql-core's validation cache, keyed by the rules, keeps hitting. The public
  `QueryDepthLimiter` extension makes a new rule class per request.
- `Schema.entities_resolver(info, representations)` and `schema_converter.type_map`
  (schema/__init.py): an unknown `__typename` in `_entities` fails its own item only.
- `strawberry.federation.schema.FederationAny`: the type of those representations.
- `count_fields_with_alias` (strawberry.extensions.max_aliases): how `MaxAliasesLimiter`
  counts aliases, through fragments; limits.py refuses with its own code before validation.
- `Schema._schema` (this file, tests/test_schema_export.py, and `execution_context.schema`
  in schema/cost_limit.py): graphql-core's schema, to validate against, to walk every type's
  description, and to walk a document's fields for its cost.
- An `ExecutionContext.result` set in `on_execute` before yielding: strawberry then executes
  nothing (schema/cost_limit.py refuses costly documents so; tests/graph/test_cost.py checks
  no resolver ran).

strawberry-graphql is bounded `<1` in pyproject.toml and pinned exactly in requirements.lock;
`./dev lock --upgrade-package strawberry-graphql` then `./dev test` runs these first checks.
"""

from __future__ import annotations

import inspect

from graphql import parse, validate

MEND = "strawberry changed something we rely on: see the docstring of tests/test_library_contracts.py"


def test_the_depth_rule_factory_makes_a_rule_that_refuses_deep_documents() -> None:
    from strawberry.extensions.query_depth_limiter import create_validator

    from schema import build_schema

    rule = create_validator(2, None, None)
    schema = build_schema()._schema  # graphql-core's schema, what validate() takes
    deep = parse("{ homes { nodes { district { name } } } }")
    shallow = parse("{ districts { totalCount } }")
    assert validate(schema, deep, [rule]), MEND
    assert not validate(schema, shallow, [rule]), MEND


def test_the_federation_hooks_we_override_are_there() -> None:
    import strawberry
    from strawberry.federation.schema import FederationAny

    from schema import build_schema

    parameters = list(inspect.signature(strawberry.federation.Schema.entities_resolver).parameters)
    assert parameters[1:3] == ["info", "representations"], MEND
    assert FederationAny is not None
    type_map = build_schema().schema_converter.type_map
    assert hasattr(type_map["Home"].definition.origin, "resolve_reference"), MEND


def test_the_alias_counter_counts_through_fragments() -> None:
    from strawberry.extensions.max_aliases import count_fields_with_alias

    document = parse("{ a: __typename ...F ...F } fragment F on Query { b: __typename c: __typename }")
    operation, fragment = document.definitions
    assert count_fields_with_alias(operation, {"F": fragment}) == 5, MEND
