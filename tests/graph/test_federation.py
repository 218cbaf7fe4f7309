"""The federation subgraph: `_service`, and `_entities` batched through the loaders."""

from __future__ import annotations

import base64

ENTITIES = """
query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    __typename
    ... on Volunteer { id name }
    ... on Resource { id title }
  }
}
"""


async def test_service_sdl_declares_federation_2_keys(client) -> None:
    sdl = (await client.data("{ _service { sdl } }"))["_service"]["sdl"]
    assert "specs.apollo.dev/federation/v2.9" in sdl
    assert 'type Organization implements Participant & Node @key(fields: "id")' in sdl


async def test_many_references_of_one_type_cost_one_statement(client) -> None:
    page = (await client.data("{ volunteers(first: 100) { nodes { id name } } }"))["volunteers"]
    volunteers = page["nodes"]
    representations = [{"__typename": "Volunteer", "id": v["id"]} for v in volunteers[:20]] * 5
    async with client.counter.count() as statements:
        data = await client.data(ENTITIES, {"representations": representations})
    assert [e["name"] for e in data["_entities"]] == [v["name"] for v in volunteers[:20]] * 5
    assert len(statements) == 1


async def test_unknown_typename_or_id_fails_only_its_own_item(client) -> None:
    volunteer = (await client.data("{ volunteers(first: 1) { nodes { id name } } }"))["volunteers"]
    good = volunteer["nodes"][0]
    missing = base64.b64encode(b"Volunteer:999999").decode()
    body = await client.post(
        ENTITIES,
        {
            "representations": [
                {"__typename": "Spaceship", "id": good["id"]},
                {"__typename": "Volunteer", "id": good["id"]},
                {"__typename": "Volunteer", "id": missing},
            ]
        },
    )
    entities = body["data"]["_entities"]
    assert entities[0] is None and entities[2] is None
    assert entities[1] == {"__typename": "Volunteer", **good}
    paths = sorted(tuple(error["path"]) for error in body["errors"])
    assert paths == [("_entities", 0), ("_entities", 2)]
    messages = " ".join(error["message"] for error in body["errors"])
    assert "Spaceship" in messages
