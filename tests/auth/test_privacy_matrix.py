"""Every role against every personal field: exactly who reads what (auth/privacy.py's table).

The expectations come from the policy table (who may read each field) combined with facts
about tests/auth/world.py written down here by hand (who is whose self, counterparty, home
manager). Adding a personal field to the policy without a case here fails the test.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from auth.privacy import PERSONAL_FIELDS, POLICY, Audience, PersonalField
from tests.auth.world import World

VIEWERS = ("anonymous", "admin", "supervisor", "m1", "m2", "o1", "o2", "o3", "s1", "v1", "v2")
STAFF = {"admin", "supervisor"}


@dataclass(frozen=True)
class Case:
    subject: str  # a name in the world
    type_name: str
    facts: dict[Audience, set[str]]  # which viewers stand in which relation to the subject
    # How to reach the subject: (query text around `{fields}`, path to the object).
    reach: str = "node"
    gate: tuple[str, str] | None = None  # a personal field the path goes through first
    gate_facts: dict[Audience, set[str]] = field(default_factory=dict)


CASES = (
    # V1's application to O1's position is ACCEPTED: O1's members are her active counterparty.
    Case("V1", "Volunteer", {Audience.SELF: {"v1"}, Audience.COUNTERPARTY: {"o1"}}),
    # V2's application to the same position is COMPLETED: O1 no longer sees her contact.
    Case("V2", "Volunteer", {Audience.SELF: {"v2"}}),
    # S1's resource serves H1's demand in an ACCEPTED engagement.
    Case("S1", "SocialWorker", {Audience.SELF: {"s1"}, Audience.COUNTERPARTY: {"m1"}}),
    # O1: V1 active counterparty; H2 (engagement COMPLETED) and V2 (COMPLETED) are not.
    Case("O1", "Organization", {Audience.SELF: {"o1"}, Audience.COUNTERPARTY: {"v1"}}),
    Case("H1", "Home", {Audience.SELF: {"m1"}, Audience.COUNTERPARTY: {"s1"}}),
    Case("H2", "Home", {Audience.SELF: {"m2"}}),
    Case(
        "m1",
        "Account",
        {Audience.SELF: {"m1"}, Audience.COUNTERPARTY: {"s1"}},
        reach="manager",
        gate=("Home", "manager"),
        gate_facts={Audience.SELF: {"m1"}, Audience.COUNTERPARTY: {"s1"}},
    ),
    Case("AP1", "Appeal", {Audience.HOME_MANAGER: {"m1"}}, reach="appeal"),
    # v1 filed CP1 about O1: neither she nor O1's members read its contact details, staff alone.
    Case("CP1", "Complaint", {}, reach="complaint"),
    # E_active: H1's demand and S1's resource; its note (free text) is for those two sides only.
    Case("E_active", "Engagement", {Audience.PARTY: {"m1", "s1"}}),
    # E_declined: H2's demand and O3's resource; O1 (E_done's counterparty of H2) does not read it.
    Case("E_declined", "Engagement", {Audience.PARTY: {"m2", "o3"}}),
    # S1 rated H1 (E_active): the comment is for the rater's and the ratee's accounts.
    Case("Rating_public", "Rating", {Audience.PARTY: {"s1", "m1"}}),
    # A_active: V1's application to O1's position: she and O1's members read her motivation.
    Case("A_active", "VolunteerApplication", {Audience.SELF: {"v1"}, Audience.ORGANIZER: {"o1"}}),
    # A_done: V2's, completed: still hers and O1's to read (it is their record, not a contact).
    Case("A_done", "VolunteerApplication", {Audience.SELF: {"v2"}, Audience.ORGANIZER: {"o1"}}),
)


def readers(rule: PersonalField, facts: dict[Audience, set[str]]) -> set[str]:
    relations = {**facts, Audience.STAFF: STAFF}
    return {viewer for audience in rule.audiences for viewer in relations.get(audience, set())}


def selection(rule: PersonalField) -> str:
    return {"location": "location { lat lon }", "manager": "manager { id }"}.get(rule.field, rule.field)


def expected_value(world: World, case: Case, rule: PersonalField) -> Any:
    row = world.rows[case.subject]
    if rule.field == "location":
        return {"lat": row["lat"], "lon": row["lon"]}
    if rule.field == "manager":
        return {"id": world.gid("m1" if case.subject == "H1" else "m2")}
    return row[rule.columns[0]]


def query(world: World, case: Case, fields: str) -> tuple[str, dict, list[str]]:
    if case.reach in ("appeal", "complaint"):
        code, root = world.rows[case.subject]["tracking_code"], case.reach
        return "query($c: String!) { " + root + "(trackingCode: $c) { " + fields + " } }", {"c": code}, [root]
    if case.reach == "manager":
        text = "query($id: ID!) { node(id: $id) { ... on Home { manager { " + fields + " } } } }"
        return text, {"id": world.gid("H1")}, ["node", "manager"]
    text = "query($id: ID!) { node(id: $id) { ... on " + case.type_name + " { " + fields + " } } }"
    return text, {"id": world.gid(case.subject)}, ["node"]


def value_at(data: Any, path: list[Any]) -> Any:
    for key in path:
        if data is None:
            return None
        data = data[key]
    return data


def errors_at(body: dict, path: list[Any]) -> list[dict]:
    return [error for error in body.get("errors", []) if error.get("path") == path]


def test_every_personal_field_has_a_case() -> None:
    covered = {
        (case.type_name, rule.field)
        for case in CASES
        for rule in PERSONAL_FIELDS
        if rule.type_name == case.type_name
    }
    assert covered == set(POLICY)


@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.type_name}:{case.subject}")
@pytest.mark.parametrize("viewer", VIEWERS)
async def test_who_reads_each_personal_field(world_client, world: World, case: Case, viewer: str) -> None:
    rules = [rule for rule in PERSONAL_FIELDS if rule.type_name == case.type_name]
    text, variables, path = query(world, case, " ".join(selection(rule) for rule in rules))
    body = await world_client.post(viewer, text, variables)
    if case.gate is not None and viewer not in readers(POLICY[case.gate], case.gate_facts):
        assert value_at(body["data"], path) is None
        [error] = errors_at(body, path)
        assert error["extensions"]["code"] == "FORBIDDEN"
        return
    for rule in rules:
        at = [*path, rule.field]
        if viewer in readers(rule, case.facts):
            if rule.field == "personalData":  # a document, hers (tests/workflows/test_personal_data.py)
                assert value_at(body["data"], at)["account"]["id"] == world.gid(case.subject)
            else:
                assert value_at(body["data"], at) == expected_value(world, case, rule), (viewer, rule.path)
            assert errors_at(body, at) == []
        else:
            assert value_at(body["data"], at) is None, (viewer, rule.path)
            [error] = errors_at(body, at)
            assert error["extensions"]["code"] == "FORBIDDEN"
            assert rule.path in error["message"]
    # The public part of the response still arrives.
    assert value_at(body["data"], path) is not None


def test_the_matrix_has_both_answers_for_every_field() -> None:
    """Guards the test itself: each field is shown to someone and refused to someone."""
    for case in CASES:
        for rule in (r for r in PERSONAL_FIELDS if r.type_name == case.type_name):
            allowed = readers(rule, case.facts)
            assert allowed and set(VIEWERS) - allowed, rule.path
