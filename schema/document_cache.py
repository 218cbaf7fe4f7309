"""Parsed and validated documents, kept for the documents clients send again and again, bounded
so that a stream of distinct documents (a hostile client, a fuzzer) cannot grow memory.

strawberry's ParserCache and ValidationCache bound only the number of entries (256 here): 256
documents of 5,000 tokens or of one huge string literal hold hundreds of megabytes (a parsed
document takes about 120 times its text). These caches also bound the total length of the
documents they keep, and keep none longer than `max_document_chars` (a front end's documents are
a few kilobytes; the persisted-query store keeps none over 20,000 bytes either). A document not
kept is parsed and validated again each time it comes, as it would be without a cache.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from graphql import DocumentNode, GraphQLError, parse
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

V = TypeVar("V")

MAX_ENTRIES = 256
MAX_CHARS = 256_000  # about 30 MB of parsed documents
MAX_DOCUMENT_CHARS = 20_000


class DocumentCache(Generic[V]):
    """Values keyed by a document's text; the least recently used go first once there are more
    than `max_entries` or their texts are longer than `max_chars` together."""

    def __init__(self, *, max_entries: int, max_chars: int, max_document_chars: int) -> None:
        self.max_entries = max_entries
        self.max_chars = max_chars
        self.max_document_chars = max_document_chars
        self.entries: OrderedDict[str, V] = OrderedDict()
        self.chars = 0

    def get(self, text: str) -> V | None:
        value = self.entries.get(text)
        if value is not None:
            self.entries.move_to_end(text)
        return value

    def put(self, text: str, value: V) -> None:
        if len(text) > self.max_document_chars or text in self.entries:
            return
        self.entries[text] = value
        self.chars += len(text)
        while len(self.entries) > self.max_entries or self.chars > self.max_chars:
            evicted, _ = self.entries.popitem(last=False)
            self.chars -= len(evicted)


def _cache() -> DocumentCache:
    return DocumentCache(max_entries=MAX_ENTRIES, max_chars=MAX_CHARS, max_document_chars=MAX_DOCUMENT_CHARS)


@dataclass
class DocumentCaches:
    """One application's caches (validation depends on its rules, so they are not shared)."""

    parsed: DocumentCache[DocumentNode] = field(default_factory=_cache)
    # Validation errors by document; an empty tuple for a valid one.
    validated: DocumentCache[tuple[GraphQLError, ...]] = field(default_factory=_cache)

    def parse(self, text: str, max_tokens: int | None) -> DocumentNode:
        """The document `text` parses to (GraphQLError if it does not)."""
        document = self.parsed.get(text)
        if document is None:
            document = parse(text, max_tokens=max_tokens)
            self.parsed.put(text, document)
        return document


class CachedDocuments(SchemaExtension):
    """Parses and validates through the application's DocumentCaches (in place of strawberry's
    ParserCache and ValidationCache)."""

    def __init__(self, caches: DocumentCaches) -> None:
        super().__init__()
        self.caches = caches

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        if context.query is not None:
            max_tokens = context.parse_options.get("max_tokens")
            context.graphql_document = self.caches.parse(context.query, max_tokens)
        yield

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        query, document = context.query, context.graphql_document
        # A document already refused (limits.ShapeLimits, after parsing) is not validated.
        if query is not None and document is not None and not context.pre_execution_errors:
            errors = self.caches.validated.get(query)
            if errors is None:
                errors = tuple(validate_document(context.schema._schema, document, context.validation_rules))
                self.caches.validated.put(query, errors)
            context.pre_execution_errors = list(errors)
        yield
