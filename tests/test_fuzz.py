"""A bounded fuzz run (docs/operations.md, "Fuzzing"): queries and mutations generated from our
schema by hypothesis-graphql, sent to the production-mode app in process, anonymously and as a
signed-in volunteer, on a demo database of its own (the mutations write to it).

Every response must be an answer, not a fault: no 5xx, no INTERNAL_SERVER_ERROR; nothing of
our internals (tracebacks, SQL, file paths, driver names); and an anonymous caller gets no
personal field (auth/privacy.py) other than null. The documents are drawn with a fixed seed
(`derandomize`), so a run is repeatable and a failure names the document that caused it.
"""

from __future__ import annotations

import functools
import json
import re
import string
from collections.abc import AsyncIterator, Iterator
from typing import Any

import graphql
import httpx
import pytest
from graphql import FieldNode, InlineFragmentNode, NameNode, SelectionSetNode, Visitor, visit
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import from_schema, nodes

from app import create_app
from auth.privacy import POLICY
from datasources.seed import seed_database
from domain.global_ids import encode
from resolvers.nodes import NODE_SOURCES
from schema import build_schema
from settings import Settings
from tests.databases import migrated_database

SECRET = "fuzz-secret-" + "x" * 32
LOGIN = (
    'mutation { login(input: {username: "demo_volunteer", password: "yiwuxian-demo"}) '
    "{ token userErrors { code } } }"
)
QUERIES = 120  # per caller
MUTATIONS = 80  # per caller
ENTITY_TYPES = [
    "Demand", "District", "Engagement", "Event", "Home", "Organization", "Rating", "Resource",
    "SocialWorker", "Volunteer", "VolunteerApplication",
]  # fmt: skip
# What must never reach a client: a traceback, a source path, SQL or the database driver's words.
INTERNALS = re.compile(
    r"Traceback \(most recent call last\)|File \"/|site-packages|\.venv/|\[SQL: |"
    r"sqlalchemy|aiosqlite|asyncpg|sqlite3\.|psycopg|Background on this error",
    re.IGNORECASE,
)

words = st.text(alphabet=string.ascii_letters + string.digits + "-_ 朝阳妇女之家:=+/", max_size=12)
# Real global ids of every node type (the demo seed has rows 1..8 of each), and garbage.
real_ids = st.sampled_from([encode(name, pk) for name in NODE_SOURCES for pk in (1, 2, 3, 5, 8)])
ids = st.one_of(real_ids, real_ids, words).map(nodes.String)
datetimes = st.one_of(
    st.datetimes().map(lambda moment: moment.isoformat() + "+08:00"),
    words,
).map(nodes.String)
decimals = st.one_of(st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str), words).map(
    nodes.String
)
representations = st.builds(
    lambda typename, id_: graphql.ObjectValueNode(
        fields=(
            graphql.ObjectFieldNode(name=NameNode(value="__typename"), value=nodes.String(typename)),
            graphql.ObjectFieldNode(name=NameNode(value="id"), value=id_),
        )
    ),
    st.sampled_from(ENTITY_TYPES),
    ids,
)
CUSTOM_SCALARS = {
    "ID": ids,
    "DateTime": datetimes,
    "Decimal": decimals,
    "JSON": st.one_of(words.map(nodes.String), st.integers(-5, 5).map(nodes.Int)),
    "_Any": representations,
}


class AddTypenames(Visitor):
    """`__typename` in the selection set of every field, so the checks know each object's type
    (not in inline fragments: the field's own is enough, and repeats meet the shape limits)."""

    def leave_selection_set(self, node: SelectionSetNode, _key: Any, parent: Any, *_: Any) -> Any:
        has_typename = any(
            isinstance(selection, FieldNode) and selection.name.value == "__typename" and not selection.alias
            for selection in node.selections
        )
        if isinstance(parent, InlineFragmentNode) or has_typename:
            return None
        typename = FieldNode(name=NameNode(value="__typename"), arguments=(), directives=())
        return SelectionSetNode(selections=(*node.selections, typename))


def print_with_typenames(document: graphql.DocumentNode) -> str:
    return graphql.print_ast(visit(document, AddTypenames()))


def drawn(strategy: st.SearchStrategy[str], count: int) -> list[str]:
    """`count` documents from `strategy`, the same ones every run."""
    documents: list[str] = []

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(document: str) -> None:
        documents.append(document)

    collect()
    return documents


@functools.cache
def documents() -> list[str]:
    schema = build_schema()._schema  # graphql-core's (tests/test_library_contracts.py)
    options: dict[str, Any] = {
        "custom_scalars": CUSTOM_SCALARS,
        "print_ast": print_with_typenames,
        "allow_x00": False,
    }
    query = schema.query_type
    mutation = schema.mutation_type
    assert query is not None and mutation is not None
    return drawn(from_schema(schema, fields=list(query.fields), **options), QUERIES) + drawn(
        from_schema(schema, fields=[name for name in mutation.fields if name != "login"], **options),
        MUTATIONS,
    )


def personal_fields_shown(value: Any) -> Iterator[str]:
    """`Type.field` of every personal field with a value in a response's data."""
    if isinstance(value, list):
        for item in value:
            yield from personal_fields_shown(item)
    elif isinstance(value, dict):
        typename = value.get("__typename")
        for key, item in value.items():
            if (typename, key) in POLICY and item is not None:
                yield f"{typename}.{key}"
            yield from personal_fields_shown(item)


@pytest.fixture(scope="module")
async def fuzzed_app(tmp_path_factory) -> AsyncIterator[httpx.AsyncClient]:
    async with migrated_database(tmp_path_factory.mktemp("fuzz")) as engine:
        await seed_database(engine, scale="demo", seed=1)
        production = Settings(env="production", jwt_secret=SECRET, login_failure_delay_ms=0)
        transport = httpx.ASGITransport(app=create_app(production, engine=engine))
        async with httpx.AsyncClient(transport=transport, base_url="http://fuzz") as http:
            yield http


def problems_of(response: httpx.Response, anonymous: bool) -> list[str]:
    problems: list[str] = []
    if response.status_code >= 500:
        problems.append(f"HTTP {response.status_code}")
    if match := INTERNALS.search(response.text):
        problems.append(f"internals leaked: {match.group(0)!r}")
    try:
        body = response.json()
    except json.JSONDecodeError:
        return [*problems, f"not JSON: {response.text[:200]!r}"]
    codes = {(error.get("extensions") or {}).get("code") for error in body.get("errors") or ()}
    if "INTERNAL_SERVER_ERROR" in codes:
        problems.append("INTERNAL_SERVER_ERROR")
    if anonymous:
        problems += [
            f"personal field to an anonymous caller: {field}"
            for field in personal_fields_shown(body.get("data"))
        ]
    return problems


@pytest.mark.parametrize("caller", ["anonymous", "volunteer"])
async def test_generated_documents_get_answers_not_faults(fuzzed_app, caller) -> None:
    headers: dict[str, str] = {}
    if caller == "volunteer":
        login = await fuzzed_app.post("/graphql", json={"query": LOGIN})
        headers["authorization"] = f"Bearer {login.json()['data']['login']['token']}"
    failures: list[str] = []
    answered = 0
    for document in documents():
        response = await fuzzed_app.post("/graphql", json={"query": document}, headers=headers)
        if problems := problems_of(response, anonymous=caller == "anonymous"):
            failures.append(
                f"{'; '.join(problems)}\n  document: {document}\n  response: {response.text[:600]}"
            )
        answered += response.status_code == 200 and "data" in response.json()
    assert not failures, f"{len(failures)} failures, the first ones:\n" + "\n".join(failures[:5])
    # The run is only worth something if most documents got past validation and ran.
    assert answered > (QUERIES + MUTATIONS) // 2, answered
