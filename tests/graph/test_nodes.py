"""Relay nodes: every type round-trips through `node`; bad ids get specific errors."""

from __future__ import annotations

import base64

import pytest

ROOT_LISTS = {
    "District": "districts",
    "Home": "homes",
    "Organization": "organizations",
    "SocialWorker": "socialWorkers",
    "Volunteer": "volunteers",
    "Resource": "resources",
    "Demand": "demands",
    "Engagement": "engagements",
    "Event": "events",
}


@pytest.mark.parametrize(("type_name", "root"), ROOT_LISTS.items())
async def test_node_returns_the_object_its_id_names(client, type_name, root) -> None:
    listed = await client.data(f"{{ {root}(first: 2) {{ nodes {{ id __typename }} }} }}")
    assert len(listed[root]["nodes"]) == 2  # anonymous sees two of each in the demo seed
    for item in listed[root]["nodes"]:
        assert item["__typename"] == type_name
        found = await client.data("query($id: ID!) { node(id: $id) { id __typename } }", {"id": item["id"]})
        assert found["node"] == item


async def test_nodes_keeps_order_and_reports_each_bad_id(client) -> None:
    homes = (await client.data("{ homes(first: 2) { nodes { id } } }"))["homes"]["nodes"]
    missing = base64.b64encode(b"Home:999999").decode()
    body = await client.post(
        "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
        {"ids": [homes[1]["id"], missing, homes[0]["id"]]},
    )
    assert body["data"]["nodes"] == [homes[1], None, homes[0]]
    [error] = body["errors"]
    assert error["path"] == ["nodes", 1]
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert "ids[1]" in error["message"]


@pytest.mark.parametrize(
    "bad_id",
    ["", "garbage!", base64.b64encode(b"Home:abc").decode(), base64.b64encode(b"Home:-3").decode()],
)
async def test_malformed_ids_are_bad_input(client, bad_id) -> None:
    body = await client.post("query($id: ID!) { node(id: $id) { id } }", {"id": bad_id})
    assert body["data"]["node"] is None
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "not a valid global id" in body["errors"][0]["message"]


@pytest.mark.parametrize("raw", [b"Home:999999", b"Nothing:1"])
async def test_unknown_ids_are_not_found(client, raw) -> None:
    body = await client.post(
        "query($id: ID!) { node(id: $id) { id } }", {"id": base64.b64encode(raw).decode()}
    )
    assert body["data"]["node"] is None
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
