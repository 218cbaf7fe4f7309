"""The client schema: the SDL a front end generates its types from (production has no
introspection). It is the subgraph's schema without the federation internals (`_entities`,
`_service`, `_Any`, `_Entity`, `_Service`, `@key`, `@link`...) and without the cost
directives, so graphql-js's `buildSchema` takes it as it is (no `assumeValidSDL`)."""

from __future__ import annotations

from graphql import (
    DefinitionNode,
    DirectiveDefinitionNode,
    DocumentNode,
    ObjectTypeDefinitionNode,
    TypeDefinitionNode,
    parse,
    print_ast,
    print_schema,
)
from strawberry.federation import Schema

FEDERATION_TYPES = {"_Any", "_Entity", "_Service", "_FieldSet", "link__Import", "link__Purpose"}
FEDERATION_FIELDS = {"_entities", "_service"}


def client_sdl(schema: Schema) -> str:
    document = parse(print_schema(schema._schema))
    kept: list[DefinitionNode] = []
    for definition in document.definitions:
        if isinstance(definition, DirectiveDefinitionNode):
            continue  # only the federation's and the cost analysis's: nothing a client uses
        if isinstance(definition, TypeDefinitionNode) and definition.name.value in FEDERATION_TYPES:
            continue
        if isinstance(definition, ObjectTypeDefinitionNode) and definition.fields:
            fields = tuple(field for field in definition.fields if field.name.value not in FEDERATION_FIELDS)
            values = {key: getattr(definition, key) for key in definition.keys}
            definition = ObjectTypeDefinitionNode(**{**values, "fields": fields})
        kept.append(definition)
    return print_ast(DocumentNode(definitions=tuple(kept))) + "\n"
