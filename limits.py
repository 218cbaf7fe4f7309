"""Shape limits: what a document may look like, and who may ask what, before anything runs.

Each refusal is one GraphQL error with a code of its own (docs/operations.md lists them):

- `ShapeLimits` checks the parsed document before validation (so an overloaded document does
  not cost the quadratic field-merging check either): aliases (counted as strawberry's
  `MaxAliasesLimiter` counts them, through fragments), one field repeated in one selection set,
  directives on one field.
- `RouterOnly` keeps the federation fields `_service` and `_entities` for requests carrying
  the router's shared secret (`YWX_ROUTER_SECRET`), when one is set.
- `HideSuggestions` takes "Did you mean ...?" out of every error in production: they spell
  out the schema that introspection hides. strawberry's `disable_field_suggestions` covers
  field names only, not arguments, enum values, types or input fields.
- `preflight_refusal` keeps GET for documents a browser cannot send cross-site (Apollo's CSRF
  prevention): strawberry already refuses a mutation over GET.

`_entities` representations are bounded where they are resolved (schema/__init__.py).
"""

from __future__ import annotations

import hmac
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    DocumentNode,
    ExecutableDefinitionNode,
    ExecutionResult,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionNode,
    SelectionSetNode,
)
from starlette.datastructures import Headers, QueryParams
from starlette.responses import JSONResponse
from strawberry.extensions import SchemaExtension
from strawberry.extensions.max_aliases import count_fields_with_alias

# The header the federation router sends its shared secret in (docs/operations.md).
ROUTER_SECRET_HEADER = "x-router-secret"
# The fields only the router needs: the SDL it composes, and references it resolves.
ROUTER_FIELDS = frozenset({"_service", "_entities"})
# Apollo's CSRF prevention: a GET runs only with one of these headers (non-empty), or with a
# content type a browser cannot send cross-site without a preflight.
PREFLIGHT_HEADERS = ("apollo-require-preflight", "x-apollo-operation-name")
SIMPLE_CONTENT_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data", "text/plain"})


def refusal(code: str, message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code})


# --- the shape of a document -------------------------------------------------------------


def fragments_of(document: DocumentNode) -> dict[str, FragmentDefinitionNode]:
    return {
        definition.name.value: definition
        for definition in document.definitions
        if isinstance(definition, FragmentDefinitionNode)
    }


def alias_count(document: DocumentNode) -> int:
    """Aliases of every operation, each fragment counted where it is spread."""
    fragments = fragments_of(document)
    return sum(
        count_fields_with_alias(definition, fragments)
        for definition in document.definitions
        if isinstance(definition, OperationDefinitionNode)
    )


def response_names(
    selection_set: SelectionSetNode, fragments: Mapping[str, FragmentDefinitionNode], seen: frozenset[str]
) -> Iterator[str]:
    """The response names one selection set asks for, through its fragments."""
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            yield (selection.alias or selection.name).value
        elif isinstance(selection, InlineFragmentNode):
            yield from response_names(selection.selection_set, fragments, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in fragments and name not in seen:
                yield from response_names(fragments[name].selection_set, fragments, seen | {name})


def selections_of(document: DocumentNode) -> Iterator[ExecutableDefinitionNode | SelectionNode]:
    """Every operation, fragment and selection of a document: what carries directives and
    selection sets."""
    stack: list[ExecutableDefinitionNode | SelectionNode] = [
        definition for definition in document.definitions if isinstance(definition, ExecutableDefinitionNode)
    ]
    while stack:
        node = stack.pop()
        yield node
        selection_set: SelectionSetNode | None = getattr(node, "selection_set", None)
        if selection_set is not None:
            stack.extend(selection_set.selections)


def shape_problem(
    document: DocumentNode, max_aliases: int, max_repeats: int, max_directives: int
) -> GraphQLError | None:
    """The first limit the document breaks, or None."""
    aliases = alias_count(document)
    if aliases > max_aliases:
        return refusal(
            "TOO_MANY_ALIASES", f"The document has {aliases} aliases; at most {max_aliases} are allowed."
        )
    fragments = fragments_of(document)
    for node in selections_of(document):
        directives = node.directives or ()
        if len(directives) > max_directives:
            where = f"'{node.name.value}'" if isinstance(node, FieldNode) else "one selection"
            return refusal(
                "TOO_MANY_DIRECTIVES",
                f"{where} carries {len(directives)} directives; at most {max_directives} are allowed.",
            )
        selection_set: SelectionSetNode | None = getattr(node, "selection_set", None)
        if selection_set is not None:
            counts = Counter(response_names(selection_set, fragments, frozenset()))
            name, times = counts.most_common(1)[0] if counts else ("", 0)
            if times > max_repeats:
                return refusal(
                    "FIELD_REPEATED",
                    f"'{name}' is selected {times} times in one selection set; "
                    f"at most {max_repeats} are allowed.",
                )
    return None


class ShapeLimits(SchemaExtension):
    """Refuse a document over a shape limit once it is parsed, before validation and execution."""

    def __init__(self, *, max_aliases: int, max_repeats: int, max_directives: int) -> None:
        self.max_aliases = max_aliases
        self.max_repeats = max_repeats
        self.max_directives = max_directives

    def on_parse(self) -> Iterator[None]:
        yield
        context = self.execution_context
        if context.graphql_document is not None:
            problem = shape_problem(
                context.graphql_document, self.max_aliases, self.max_repeats, self.max_directives
            )
            if problem is not None:
                # Answered as the request's only error, data null, on every transport (raised,
                # it would escape strawberry's WebSocket handlers): no validation runs after it
                # (strawberry validates only while this is None; so does schema/document_cache.py).
                context.pre_execution_errors = [problem]


# --- the router's surface ----------------------------------------------------------------


def carries_router_secret(headers: Headers, secret: str | None) -> bool:
    """Whether the request carries the router's shared secret (False when none is set)."""
    if not secret:
        return False
    return hmac.compare_digest(headers.get(ROUTER_SECRET_HEADER, "").encode(), secret.encode())


def root_field_names(document: DocumentNode, operation_name: str | None) -> set[str]:
    """The root fields the executed operation selects, through its fragments."""
    fragments = fragments_of(document)
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [o for o in operations if operation_name is None or (o.name and o.name.value == operation_name)]
    names: set[str] = set()
    for operation in chosen:
        names |= root_names(operation.selection_set, fragments, frozenset())
    return names


def root_names(
    selection_set: SelectionSetNode, fragments: Mapping[str, FragmentDefinitionNode], seen: frozenset[str]
) -> set[str]:
    names: set[str] = set()
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            names.add(selection.name.value)
        elif isinstance(selection, InlineFragmentNode):
            names |= root_names(selection.selection_set, fragments, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in fragments and name not in seen:
                names |= root_names(fragments[name].selection_set, fragments, seen | {name})
    return names


class RouterOnly(SchemaExtension):
    """`_service` and `_entities` answer only the router (its secret in the context's
    `from_router`), so anonymous clients get neither the SDL nor a bulk reference lookup."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        from_router = getattr(context.context, "from_router", False)
        if (
            document is not None
            and not from_router
            and root_field_names(document, context.operation_name) & ROUTER_FIELDS
        ):
            message = (
                "_service and _entities answer only the federation router "
                f"(the request lacks its {ROUTER_SECRET_HEADER} header, or it is wrong)."
            )
            context.result = ExecutionResult(data=None, errors=[refusal("FORBIDDEN", message)])
        yield


# --- suggestions -------------------------------------------------------------------------

SUGGESTION = re.compile(r" ?Did you mean [^?]*\?")


def without_suggestion(error: GraphQLError) -> GraphQLError:
    message = SUGGESTION.sub("", error.message)
    if message == error.message:
        return error
    # A new error: the validation cache shares its errors between requests.
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=error.original_error,
        extensions=error.extensions,
    )


class HideSuggestions(SchemaExtension):
    """No "Did you mean ...?" in any error (production: the schema is not introspectable)."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.errors:
            result.errors = [without_suggestion(error) for error in result.errors]


# --- GET ----------------------------------------------------------------------------------


def preflight_refusal(scope: Any) -> JSONResponse | None:
    """A GET that would run a document but that a browser could send cross-site without a
    preflight: refused (400), as Apollo's CSRF prevention does. None when it may go on."""
    if scope["type"] != "http" or scope["method"] != "GET":
        return None
    headers = Headers(scope=scope)
    content_type = headers.get("content-type")
    if content_type is not None and content_type.split(";")[0].strip().lower() not in SIMPLE_CONTENT_TYPES:
        return None
    if any(headers.get(name) for name in PREFLIGHT_HEADERS):
        return None
    parameters = QueryParams(scope.get("query_string", b""))
    if "query" not in parameters and "extensions" not in parameters:
        return None  # no document: GraphiQL's page (development) or strawberry's own refusal
    message = (
        "A GET request runs a query only with a header a browser cannot send cross-site: "
        "a Content-Type other than application/x-www-form-urlencoded, multipart/form-data "
        f"or text/plain, or a non-empty {' or '.join(PREFLIGHT_HEADERS)} header."
    )
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": "PREFLIGHT_REQUIRED"}}]}, status_code=400
    )
