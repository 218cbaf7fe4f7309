"""Links into restricted records are no side door: a hidden target resolves to nothing."""

from __future__ import annotations

import pytest

from tests.auth.world import World

VIEWERS = ("anonymous", "admin", "m2", "o1", "o2", "o3", "v2")


@pytest.mark.parametrize("viewer", VIEWERS)
async def test_a_social_workers_pending_agency(world_client, world: World, viewer: str) -> None:
    body = await world_client.post(
        viewer,
        "query($id: ID!) { node(id: $id) { ... on SocialWorker { name agency { name } } } }",
        {"id": world.gid("S1")},
    )
    sees = viewer in {"admin", "o2"}
    assert body["data"]["node"] == {"name": "S1", "agency": {"name": "Org O2"} if sees else None}


@pytest.mark.parametrize("viewer", VIEWERS)
async def test_an_engagement_with_a_rejected_organization(world_client, world: World, viewer: str) -> None:
    fields = "status provider { name } requester { name }"
    text = "query($id: ID!) { node(id: $id) { ... on Engagement { " + fields + " } } }"
    body = await world_client.post(viewer, text, {"id": world.gid("E_declined")})
    if viewer in {"admin", "o3"}:
        assert body["data"]["node"] == {
            "status": "DECLINED",
            "provider": {"name": "Org O3"},
            "requester": {"name": "Home H2"},
        }
    else:
        # The provider is required: the engagement as a whole resolves to null, with an error.
        assert body["data"]["node"] is None
        assert body["errors"][0]["path"] == ["node", "provider"]
        assert "Org O3" not in str(body)


@pytest.mark.parametrize("viewer", VIEWERS)
async def test_a_registration_for_a_draft_event(world_client, world: World, viewer: str) -> None:
    fields = "event { title } participant { name }"
    text = "query($id: ID!) { node(id: $id) { ... on EventRegistration { " + fields + " } } }"
    body = await world_client.post(viewer, text, {"id": world.gid("Reg_draft")})
    if viewer in {"admin", "o1"}:
        assert body["data"]["node"] == {"event": {"title": "Draft event"}, "participant": {"name": "V2"}}
    else:
        assert body["data"]["node"] is None
        assert "Draft event" not in str(body)
