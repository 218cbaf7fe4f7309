"""The policy has one source: the docs are generated from it, and no search, ordering or
throttle leaks what it protects."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import GraphQLEnumType, GraphQLObjectType, GraphQLString, get_named_type

from auth.policy_doc import render
from auth.privacy import FREE_TEXTS, PERSONAL_FIELDS, personal_columns
from auth.throttle import LoginThrottle, MemoryCounter
from schema import build_schema
from tests.auth.world import World

ROOT = Path(__file__).resolve().parents[2]


def test_docs_privacy_md_is_generated_from_the_policy() -> None:
    committed = (ROOT / "docs" / "privacy.md").read_text(encoding="utf-8")
    assert committed == render(), "run `.venv/bin/python -m auth.policy_doc > docs/privacy.md`"


# Names of fields that hold text a person (or the service) writes, rather than a name or a code.
FREE_TEXT_NAME = re.compile(
    r"(title|description|content|comment|body|reason|note|bio|topic|message|detail)$", re.I
)


def test_every_free_text_of_the_graph_is_decided() -> None:
    """A free-text field is either personal (the policy table) or recorded as not personal, with
    why (FREE_TEXTS): a new one fails here until someone decides."""
    fields = {
        f"{type_name}.{name}"
        for type_name, graphql_type in build_schema()._schema.type_map.items()
        if isinstance(graphql_type, GraphQLObjectType) and not type_name.startswith("__")
        for name, field in graphql_type.fields.items()
        if get_named_type(field.type) is GraphQLString
    }
    free_texts = {path for path in fields if FREE_TEXT_NAME.search(path.split(".")[1])}
    personal = {rule.path for rule in PERSONAL_FIELDS}
    assert free_texts - personal - set(FREE_TEXTS) == set()
    assert set(FREE_TEXTS) <= fields, "a decision names a field the schema does not have"
    assert set(FREE_TEXTS).isdisjoint(personal)


def test_no_ordering_uses_a_personal_column() -> None:
    personal = set().union(*personal_columns().values())
    orderings = {
        f"{name}.{value.value}"
        for name, graphql_type in build_schema()._schema.type_map.items()
        if isinstance(graphql_type, GraphQLEnumType) and name.endswith("OrderField")
        for value in graphql_type.values.values()
    }
    assert orderings, "the schema should have orderings to check"
    assert {ordering for ordering in orderings if ordering.split(".")[1] in personal} == set()


@pytest.mark.parametrize(
    ("list_field", "subject", "column", "public_text"),
    [
        ("volunteers", "V1", "phone", "V1"),
        ("volunteers", "V1", "email", "V1"),
        ("volunteers", "V1", "id_number", "V1"),
        ("socialWorkers", "S1", "phone", "S1"),
        ("organizations", "O1", "contact_name", "Org O1"),
        ("organizations", "O1", "contact_phone", "Org O1"),
        ("organizations", "O1", "contact_email", "Org O1"),
    ],
)
async def test_search_never_matches_personal_columns(
    world_client, world: World, list_field, subject, column, public_text
) -> None:
    query = "query($s: String!) { list: " + list_field + "(filter: {search: $s}) { totalCount } }"
    for viewer in ("anonymous", "admin"):
        found = await world_client.post(viewer, query, {"s": public_text})
        assert found["data"]["list"]["totalCount"] >= 1
        hidden = await world_client.post(viewer, query, {"s": world.rows[subject][column]})
        assert hidden["data"]["list"]["totalCount"] == 0, (viewer, column)


async def test_attempts_are_forgotten_after_the_window() -> None:
    clock = [1000.0]
    throttle = LoginThrottle(MemoryCounter(60, clock=lambda: clock[0]), max_failures=2)
    for _ in range(2):
        assert await throttle.reserve("alice", "10.0.0.1")
    assert await throttle.reserve("ALICE", "10.0.0.1") is None  # usernames count case-insensitively
    assert await throttle.reserve("alice", "10.0.0.2")  # another address has its own attempts
    assert await throttle.reserve("bob", "10.0.0.1")  # the address has 3 of its 20
    clock[0] += 61
    assert await throttle.reserve("alice", "10.0.0.1")
    assert await throttle.counter.count(throttle.limits("alice", "10.0.0.1")[0][0]) == 1


async def test_attempt_counters_keep_no_usernames() -> None:
    counter = MemoryCounter(60)
    await LoginThrottle(counter, 5).reserve("alice@example.org", "10.0.0.1")
    keys = " ".join(counter._attempts)
    assert "alice" not in keys and "10.0.0.1" not in keys
