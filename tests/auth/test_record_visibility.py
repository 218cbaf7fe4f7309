"""Every role against every restricted record kind (auth/visibility.py's RECORD_RULES),
through every path: node, nodes, root lists and their totalCount, nested lists, _entities."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from auth.visibility import RECORD_RULES
from tests.auth.world import World

VIEWERS = ("anonymous", "admin", "supervisor", "m1", "m2", "o1", "o2", "o3", "s1", "v1", "v2")
STAFF = {"admin", "supervisor"}


@dataclass(frozen=True)
class Restricted:
    record: str  # a name in the world
    owners: frozenset[str]  # the viewers who own it (besides staff), written down by hand
    root: str | None = None  # a root list that would show it: `field(filter)`
    nested: tuple[str, str] | None = None  # (parent name in the world, connection selection)
    entity: bool = True  # a federation entity, reachable through _entities


RECORDS = (
    Restricted("R_draft", frozenset({"o1"}), "resources(filter: {statuses: [DRAFT]})",
               ("O1", "resources(filter: {statuses: [DRAFT]})")),
    Restricted("D_draft", frozenset({"m1"}), "demands(filter: {statuses: [DRAFT]})",
               ("H1", "demands(filter: {statuses: [DRAFT]})")),
    Restricted("Event_draft", frozenset({"o1"}), "events(filter: {statuses: [DRAFT]})",
               ("O1", "events(filter: {statuses: [DRAFT]})")),
    Restricted("O2", frozenset({"o2"}), "organizations(filter: {statuses: [PENDING]})"),
    Restricted("O3", frozenset({"o3"}), "organizations(filter: {statuses: [REJECTED]})"),
    Restricted("Rating_hidden", frozenset({"m2"}), None, ("O1", "ratingsReceived")),
    Restricted("AP1", frozenset({"m1"}), None, ("H1", "appeals"), entity=False),
    # The `complaints` queue is refused outright to non-staff (tests/workflows/test_complaints.py).
    Restricted("CP1", frozenset({"v1"}), entity=False),
    Restricted("m1", frozenset({"m1"}), entity=False),
    # The `invitations` list is refused outright to non-staff (tests/workflows/test_invitations.py).
    Restricted("INV1", frozenset({"o1"}), entity=False),
)  # fmt: skip


def test_every_restricted_record_kind_has_a_case(world: World) -> None:
    assert {world.types[r.record] for r in RECORDS} == {rule.type_name for rule in RECORD_RULES.values()}


def sees(viewer: str, record: Restricted) -> bool:
    return viewer in STAFF or viewer in record.owners


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.record)
@pytest.mark.parametrize("viewer", VIEWERS)
async def test_node_and_nodes(world_client, world: World, record: Restricted, viewer: str) -> None:
    gid = world.gid(record.record)
    body = await world_client.post(viewer, "query($id: ID!) { node(id: $id) { id } }", {"id": gid})
    if sees(viewer, record):
        assert body["data"]["node"] == {"id": gid}
    else:
        assert body["data"]["node"] is None
        assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    public = world.gid("H2")
    body = await world_client.post(
        viewer, "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": [gid, public]}
    )
    assert body["data"]["nodes"][1] == {"id": public}
    assert body["data"]["nodes"][0] == ({"id": gid} if sees(viewer, record) else None)


@pytest.mark.parametrize("record", [r for r in RECORDS if r.root], ids=lambda r: r.record)
@pytest.mark.parametrize("viewer", VIEWERS)
async def test_root_lists_and_counts(world_client, world: World, record: Restricted, viewer: str) -> None:
    body = await world_client.post(viewer, "{ list: " + record.root + " { totalCount nodes { id } } }")
    listed = body["data"]["list"]
    # The world holds exactly one record of each restricted kind and status listed here.
    expected = [{"id": world.gid(record.record)}] if sees(viewer, record) else []
    assert listed == {"totalCount": len(expected), "nodes": expected}


@pytest.mark.parametrize("record", [r for r in RECORDS if r.nested], ids=lambda r: r.record)
@pytest.mark.parametrize("viewer", VIEWERS)
async def test_nested_lists_and_counts(world_client, world: World, record: Restricted, viewer: str) -> None:
    parent, connection = record.nested
    text = (
        "query($id: ID!) { node(id: $id) { ... on "
        + world.types[parent]
        + " { list: "
        + connection
        + " { totalCount nodes { id } } } } }"
    )
    body = await world_client.post(viewer, text, {"id": world.gid(parent)})
    listed = body["data"]["node"]["list"]
    if connection == "appeals" and not sees(viewer, record):
        # The connection itself is refused to anyone but the home's own accounts and staff.
        assert listed is None
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        assert body["errors"][0]["path"] == ["node", "list"]
        return
    ids = {node["id"] for node in listed["nodes"]}
    assert (world.gid(record.record) in ids) == sees(viewer, record)
    assert listed["totalCount"] == len(listed["nodes"])


@pytest.mark.parametrize("record", [r for r in RECORDS if r.entity], ids=lambda r: r.record)
@pytest.mark.parametrize(
    "viewer", ("anonymous", "admin", "v2", *sorted({o for r in RECORDS for o in r.owners}))
)
async def test_federation_entities(world_client, world: World, record: Restricted, viewer: str) -> None:
    type_name = world.types[record.record]
    text = "query($r: [_Any!]!) { _entities(representations: $r) { ... on " + type_name + " { id } } }"
    body = await world_client.post(
        viewer, text, {"r": [{"__typename": type_name, "id": world.gid(record.record)}]}
    )
    [entity] = body["data"]["_entities"]
    if sees(viewer, record):
        assert entity == {"id": world.gid(record.record)}
    else:
        assert entity is None
        assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize("viewer", VIEWERS)
async def test_hidden_ratings_stay_out_of_engagement_links(world_client, world: World, viewer: str) -> None:
    text = "query($id: ID!) { node(id: $id) { ... on Engagement { ratings { id } } } }"
    body = await world_client.post(viewer, text, {"id": world.gid("E_done")})
    shown = [rating["id"] for rating in body["data"]["node"]["ratings"]]
    assert shown == ([world.gid("Rating_hidden")] if viewer in STAFF | {"m2"} else [])


async def test_personal_fields_through_entities_follow_the_policy(world_client, world: World) -> None:
    text = "query($r: [_Any!]!) { _entities(representations: $r) { ... on Volunteer { name phone } } }"
    variables = {"r": [{"__typename": "Volunteer", "id": world.gid("V1")}]}
    anonymous = await world_client.post("anonymous", text, variables)
    assert anonymous["data"]["_entities"] == [{"name": "V1", "phone": None}]
    assert anonymous["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    counterparty = await world_client.post("o1", text, variables)
    assert counterparty["data"]["_entities"] == [{"name": "V1", "phone": world.rows["V1"]["phone"]}]
