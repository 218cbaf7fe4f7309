"""Trusted documents: Automatic Persisted Queries and the safelist (docs/operations.md).

- APQ (Apollo's protocol): a request whose `extensions.persistedQuery` is
  `{"version": 1, "sha256Hash": H}` and has no `query` runs the document stored under H, or is
  refused with `PersistedQueryNotFound`; with a `query`, the hash is checked, the document
  stored (when not larger than the cap) and run. The store holds a capped number of documents,
  each until a TTL after its last use: in Redis when `YWX_REDIS_URL` is set, else in process.
- The safelist (`YWX_SAFELIST`, the path of an Apollo persisted-query manifest or of GraphQL
  Codegen's `persisted-documents.json`; unset: off): only documents of the manifest run (their
  exact text, or their id), on every transport, except for requests carrying the router's secret.

Over HTTP both decide before the document is parsed; over the WebSocket the safelist decides
before execution (SafelistOnly). A refused document runs nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol

from graphql import (
    DocumentNode,
    ExecutionResult,
    FragmentSpreadNode,
    GraphQLError,
    OperationDefinitionNode,
    Visitor,
    parse,
    visit,
)
from strawberry.extensions import SchemaExtension
from strawberry.http import GraphQLRequestData
from strawberry.types.graphql import OperationType

from settings import Settings

NOT_FOUND = "PersistedQueryNotFound"
MANIFEST_FORMAT = "apollo-persisted-query-manifest"


def refusal(code: str, message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": code})


def not_in_list() -> GraphQLError:
    return refusal("PERSISTED_QUERY_NOT_IN_LIST", "This document is not in the list of trusted documents.")


def sha256(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


class DocumentStore(Protocol):
    async def get(self, key: str) -> str | None: ...
    async def put(self, key: str, document: str) -> None: ...


class MemoryStore:
    """At most `max_entries` documents (the least recently used go first), each until
    `ttl_seconds` after its last use."""

    def __init__(self, max_entries: int, ttl_seconds: float) -> None:
        self.max_entries = max_entries
        self.ttl_seconds = ttl_seconds
        self.entries: OrderedDict[str, tuple[float, str]] = OrderedDict()

    async def get(self, key: str) -> str | None:
        entry = self.entries.get(key)
        if entry is None:
            return None
        expires, document = entry
        if expires <= time.monotonic():
            del self.entries[key]
            return None
        await self.put(key, document)
        return document

    async def put(self, key: str, document: str) -> None:
        self.entries[key] = (time.monotonic() + self.ttl_seconds, document)
        self.entries.move_to_end(key)
        while len(self.entries) > self.max_entries:
            self.entries.popitem(last=False)


# KEYS: the documents (a hash: id -> document), their last uses (a sorted set: id -> time).
# ARGV: now, ttl, max entries, id, document. Stores (or touches) the document, then drops the
# ones unused for the TTL and, past the cap, the least recently used; the two keys themselves
# expire when nothing is used for the TTL.
_PUT = """
local now, ttl, cap = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('HSET', KEYS[1], ARGV[4], ARGV[5])
redis.call('ZADD', KEYS[2], now, ARGV[4])
local dropped = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now - ttl)
local over = redis.call('ZCARD', KEYS[2]) - #dropped - cap
if over > 0 then
  local oldest = redis.call('ZRANGE', KEYS[2], #dropped, #dropped + over - 1)
  for _, id in ipairs(oldest) do table.insert(dropped, id) end
end
for _, id in ipairs(dropped) do
  redis.call('HDEL', KEYS[1], id)
  redis.call('ZREM', KEYS[2], id)
end
redis.call('EXPIRE', KEYS[1], ttl)
redis.call('EXPIRE', KEYS[2], ttl)
"""
# KEYS as for _PUT; ARGV: now, ttl, id. The document if used within the TTL (and now touched).
_GET = """
local used = redis.call('ZSCORE', KEYS[2], ARGV[3])
if not used or tonumber(used) <= tonumber(ARGV[1]) - tonumber(ARGV[2]) then return false end
redis.call('ZADD', KEYS[2], ARGV[1], ARGV[3])
return redis.call('HGET', KEYS[1], ARGV[3])
"""


class RedisStore:
    """The same bounds as MemoryStore, shared by every instance: at most `max_entries`
    documents, each until `ttl_seconds` after its last use. Each read and write is one Lua
    script, so concurrent registrations from several instances cannot pass the cap."""

    def __init__(
        self,
        redis_url: str,
        max_entries: int,
        ttl_seconds: float,
        namespace: str = "ywx:apq:",
        clock: Callable[[], float] = time.time,
    ) -> None:
        import redis.asyncio as redis  # only needed when configured

        self.redis: Any = redis.from_url(redis_url)
        self.max_entries = max_entries
        self.ttl_seconds = max(1, int(ttl_seconds))
        self.keys = [f"{namespace}documents", f"{namespace}used"]
        self.clock = clock
        self._get = self.redis.register_script(_GET)
        self._put = self.redis.register_script(_PUT)

    async def get(self, key: str) -> str | None:
        value = await self._get(keys=self.keys, args=[self.clock(), self.ttl_seconds, key])
        return value.decode() if isinstance(value, bytes) else value

    async def put(self, key: str, document: str) -> None:
        arguments = [self.clock(), self.ttl_seconds, self.max_entries, key, document]
        await self._put(keys=self.keys, args=arguments)


def manifest_of(folder: Path) -> dict[str, Any]:
    """Apollo's persisted-query manifest of a folder of `.graphql` files: what a front end's
    trusted documents are (`YWX_SAFELIST` names such a file). Each `<Name>.graphql` holds one
    operation named `<Name>`; each `<Name>.fragment.graphql` one fragment, shared. An
    operation's body is its file's text followed by the fragments it spreads (in name order),
    exactly what the front end sends."""
    fragments = {
        path.name.removesuffix(".fragment.graphql"): path.read_text(encoding="utf-8")
        for path in folder.glob("*.fragment.graphql")
    }
    operations = []
    for path in sorted(folder.glob("*.graphql")):
        if path.name.endswith(".fragment.graphql"):
            continue
        text = path.read_text(encoding="utf-8")
        (operation,) = [node for node in parse(text).definitions if isinstance(node, OperationDefinitionNode)]
        if operation.name is None or operation.name.value != path.stem:
            raise ValueError(f"{path}: its one operation must be named {path.stem}")
        body = "\n".join([text, *(fragments[name] for name in sorted(spread_fragments(text, fragments)))])
        operations.append(
            {"id": sha256(body), "body": body, "name": path.stem, "type": operation.operation.value}
        )
    return {"format": MANIFEST_FORMAT, "version": 1, "operations": operations}


def spread_fragments(text: str, fragments: dict[str, str]) -> set[str]:
    """The fragments a document spreads, and those they spread in turn."""
    found: set[str] = set()
    pending = [text]
    while pending:
        for node in _spreads(parse(pending.pop())):
            if node not in found:
                found.add(node)
                pending.append(fragments[node])
    return found


def _spreads(document: DocumentNode) -> set[str]:
    names: set[str] = set()

    class Spreads(Visitor):
        def enter_fragment_spread(self, node: FragmentSpreadNode, *_: Any) -> None:
            names.add(node.name.value)

    visit(document, Spreads())
    return names


def load_manifest(path: Path) -> dict[str, str]:
    """The documents of a manifest, by id: Apollo's persisted-query manifest, or GraphQL
    Codegen's client preset `persisted-documents.json` (`{id: body}`)."""
    manifest = json.loads(path.read_text())
    if isinstance(manifest, dict) and "format" in manifest:
        if manifest.get("format") != MANIFEST_FORMAT or manifest.get("version") != 1:
            raise ValueError(f"{path}: not an {MANIFEST_FORMAT} version 1")
        return {str(operation["id"]): str(operation["body"]) for operation in manifest["operations"]}
    if isinstance(manifest, dict) and all(isinstance(body, str) for body in manifest.values()):
        return dict(manifest)
    raise ValueError(f"{path}: neither an {MANIFEST_FORMAT} nor GraphQL Codegen's persisted documents")


class SafelistOnly(SchemaExtension):
    """The safelist on every transport: over the WebSocket too, where graphql-transport-ws runs
    queries and mutations as well as subscriptions and no request goes through `resolve`. The
    body must be one of the manifest's, character for character; refused before execution."""

    def __init__(self, bodies: frozenset[str]) -> None:
        self.bodies = bodies

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        if not getattr(context.context, "from_router", False) and context.query not in self.bodies:
            if context.operation_type == OperationType.SUBSCRIPTION:
                raise not_in_list()  # strawberry subscribes whatever result is set
            context.result = ExecutionResult(data=None, errors=[not_in_list()])
        yield


class TrustedDocuments:
    def __init__(
        self, store: DocumentStore, max_document_bytes: int, safelist: dict[str, str] | None
    ) -> None:
        self.store = store
        self.max_document_bytes = max_document_bytes
        self.safelist = safelist
        self.safe_bodies = frozenset(safelist.values()) if safelist is not None else frozenset()

    @classmethod
    def from_settings(cls, settings: Settings) -> TrustedDocuments:
        store: DocumentStore = (
            RedisStore(settings.redis_url, settings.apq_max_entries, settings.apq_ttl_seconds)
            if settings.redis_url
            else MemoryStore(settings.apq_max_entries, settings.apq_ttl_seconds)
        )
        safelist = load_manifest(Path(settings.safelist)) if settings.safelist else None
        return cls(store, settings.apq_max_document_bytes, safelist)

    async def resolve(self, data: GraphQLRequestData, from_router: bool) -> GraphQLRequestData | GraphQLError:
        """The request with the document to run, or the error that refuses it."""
        guarded = self.safelist is not None and not from_router
        # Checked before registering too, so the store never keeps an untrusted document.
        if guarded and data.query is not None and data.query not in self.safe_bodies:
            return not_in_list()
        persisted = (data.extensions or {}).get("persistedQuery")
        if persisted is not None:
            found = await self.persisted_document(persisted, data.query)
            if isinstance(found, GraphQLError):
                return found
            data = dataclasses.replace(data, query=found)
        if guarded and data.query not in self.safe_bodies:
            return not_in_list()
        return data

    async def persisted_document(self, persisted: Any, query: str | None) -> str | GraphQLError:
        if not isinstance(persisted, dict) or persisted.get("version") != 1:
            return refusal("BAD_REQUEST", "Unsupported persisted query version: only version 1 is supported.")
        key = persisted.get("sha256Hash")
        if not isinstance(key, str):
            return refusal("BAD_REQUEST", "persistedQuery needs a sha256Hash.")
        if query is None:
            known = self.safelist.get(key) if self.safelist is not None else None
            found = known if known is not None else await self.store.get(key)
            return found if found is not None else refusal("PERSISTED_QUERY_NOT_FOUND", NOT_FOUND)
        if sha256(query) != key.lower():
            return refusal("BAD_REQUEST", "provided sha does not match query")
        if len(query.encode()) <= self.max_document_bytes:
            await self.store.put(key.lower(), query)
        return query
