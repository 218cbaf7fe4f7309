"""rateEngagement and hideRating: once per side, within the window, counted into reputation at once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from datasources.tables import AuditEntry, Engagement, Home, Rating
from domain.reputation import reputation
from tests.workflows.conftest import WorkflowClient

# The world (tests/auth/world.py) has two ratings of its own: H2's hidden one, S1's public one.
WORLD_RATINGS = 2

RATE = """
mutation($input: RateEngagementInput!) {
  rateEngagement(input: $input) {
    rating { id score quality comment hidden rater { id } ratee { id } }
    userErrors { field code message }
  }
}"""
HIDE = """
mutation($input: HideRatingInput!) {
  hideRating(input: $input) { rating { id hidden hiddenReason } userErrors { field code } }
}"""
RATING_NODE = "query($id: ID!) { node(id: $id) { id ... on Rating { hidden } } }"
REPUTATION = "query($id: ID!) { node(id: $id) { ... on Home { reputation { count average score } } } }"

ratings, engagements, homes = Rating.__table__, Engagement.__table__, Home.__table__


async def completed(graph: WorkflowClient, days_ago: float) -> str:
    """E_done (H2's demand, O1's resource), completed `days_ago` days ago; its global id."""
    completed_at = datetime.now(UTC) - timedelta(days=days_ago)
    await graph.build.change(Engagement, graph.world.ids["E_done"], completed_at=completed_at)
    return graph.world.gid("E_done")


def codes(payload: dict) -> list[tuple[list[str] | None, str]]:
    return [(error["field"], error["code"]) for error in payload["userErrors"]]


async def test_the_provider_rates_the_requester_and_reputation_follows(graph: WorkflowClient) -> None:
    engagement = await completed(graph, 1)
    payload = await graph.mutate(
        "o1",
        "rateEngagement",
        RATE,
        {"input": {"engagementId": engagement, "score": 5, "quality": 4, "comment": " 很好 "}},
    )
    assert payload["userErrors"] == []
    rating = payload["rating"]
    assert (rating["score"], rating["quality"], rating["comment"], rating["hidden"]) == (5, 4, "很好", False)
    assert rating["rater"]["id"] == graph.world.gid("O1")
    assert rating["ratee"]["id"] == graph.world.gid("H2")
    home = await graph.row(homes, graph.world.ids["H2"])
    assert (home["rating_count"], home["rating_sum"]) == (1, 5)
    shown = await graph.post("anonymous", REPUTATION, {"id": graph.world.gid("H2")})
    assert shown["data"]["node"]["reputation"] == {
        "count": 1,
        "average": 5.0,
        "score": reputation(1, 5).score,
    }
    entries = await graph.rows(AuditEntry.__table__, AuditEntry.__table__.c.action == "rateEngagement")
    assert [(e["actor_account_id"], e["after"]["status"]) for e in entries] == [
        (graph.world.ids["o1"], "VISIBLE")
    ]


async def test_each_side_rates_once(graph: WorkflowClient) -> None:
    engagement = await completed(graph, 1)
    # H2 rated O1 already (the world's hidden rating): its side cannot rate again.
    again = await graph.mutate(
        "m2", "rateEngagement", RATE, {"input": {"engagementId": engagement, "score": 5}}
    )
    assert codes(again) == [(["input", "engagementId"], "DUPLICATE")]
    first = await graph.mutate(
        "o1", "rateEngagement", RATE, {"input": {"engagementId": engagement, "score": 3}}
    )
    second = await graph.mutate(
        "o1", "rateEngagement", RATE, {"input": {"engagementId": engagement, "score": 1}}
    )
    assert first["userErrors"] == [] and codes(second) == [(["input", "engagementId"], "DUPLICATE")]
    home = await graph.row(homes, graph.world.ids["H2"])
    assert (home["rating_count"], home["rating_sum"]) == (1, 3)


async def test_racing_ratings_by_one_side_count_once(graph: WorkflowClient) -> None:
    engagement = await completed(graph, 1)
    variables = {"input": {"engagementId": engagement, "score": 4}}
    payloads = await asyncio.gather(
        *(graph.mutate("o1", "rateEngagement", RATE, variables) for _ in range(6))
    )
    assert sorted(len(p["userErrors"]) for p in payloads) == [0, 1, 1, 1, 1, 1]
    assert {code for p in payloads for _, code in codes(p)} == {"DUPLICATE"}
    home = await graph.row(homes, graph.world.ids["H2"])
    assert (home["rating_count"], home["rating_sum"]) == (1, 4)
    assert len(await graph.rows(ratings, ratings.c.ratee_id == graph.world.ids["H2"])) == 1


async def test_only_the_sides_of_the_engagement_rate(graph: WorkflowClient) -> None:
    engagement = await completed(graph, 1)
    variables = {"input": {"engagementId": engagement, "score": 4}}
    expected = {"anonymous": "UNAUTHENTICATED", "m1": "FORBIDDEN", "admin": "FORBIDDEN", "v1": "FORBIDDEN"}
    for viewer, code in expected.items():
        assert codes(await graph.mutate(viewer, "rateEngagement", RATE, variables)) == [(None, code)], viewer
    assert len(await graph.rows(ratings)) == WORLD_RATINGS


async def test_only_completed_engagements_within_the_window(graph: WorkflowClient) -> None:
    active = await graph.mutate(
        "m1", "rateEngagement", RATE, {"input": {"engagementId": graph.world.gid("E_active"), "score": 4}}
    )
    assert codes(active) == [(None, "INVALID_STATE")]
    late = await completed(graph, 31)
    closed = await graph.mutate("o1", "rateEngagement", RATE, {"input": {"engagementId": late, "score": 4}})
    assert codes(closed) == [(None, "INVALID_STATE")]
    assert "30" in closed["userErrors"][0]["message"]
    missing = await graph.mutate(
        "o1", "rateEngagement", RATE, {"input": {"engagementId": graph.world.gid("H1"), "score": 4}}
    )
    assert codes(missing) == [(["input", "engagementId"], "INVALID")]
    assert len(await graph.rows(ratings)) == WORLD_RATINGS


async def test_bad_input_is_reported_field_by_field_and_changes_nothing(graph: WorkflowClient) -> None:
    engagement = await completed(graph, 1)
    payload = await graph.mutate(
        "o1",
        "rateEngagement",
        RATE,
        {"input": {"engagementId": engagement, "score": 6, "quality": 0, "comment": "x" * 2001}},
    )
    assert codes(payload) == [
        (["input", "score"], "OUT_OF_RANGE"),
        (["input", "quality"], "OUT_OF_RANGE"),
        (["input", "comment"], "TOO_LONG"),
    ]
    home = await graph.row(homes, graph.world.ids["H2"])
    assert (home["rating_count"], home["rating_sum"]) == (0, 0)
    assert len(await graph.rows(ratings)) == WORLD_RATINGS


async def test_a_supervisor_hides_a_rating_out_of_reputation_and_public_view(graph: WorkflowClient) -> None:
    engagement = await completed(graph, 1)
    rated = await graph.mutate(
        "o1", "rateEngagement", RATE, {"input": {"engagementId": engagement, "score": 1}}
    )
    rating_id = rated["rating"]["id"]
    variables = {"input": {"ratingId": rating_id, "reason": "辱骂性语言"}}
    for viewer, code in (("anonymous", "UNAUTHENTICATED"), ("m2", "FORBIDDEN"), ("o1", "FORBIDDEN")):
        assert codes(await graph.mutate(viewer, "hideRating", HIDE, variables)) == [(None, code)], viewer
    blank = await graph.mutate(
        "supervisor", "hideRating", HIDE, {"input": {"ratingId": rating_id, "reason": " "}}
    )
    assert codes(blank) == [(["input", "reason"], "REQUIRED")]

    hidden = await graph.mutate("supervisor", "hideRating", HIDE, variables)
    assert hidden["userErrors"] == []
    assert hidden["rating"]["hidden"] is True and hidden["rating"]["hiddenReason"] == "辱骂性语言"
    home = await graph.row(homes, graph.world.ids["H2"])
    assert (home["rating_count"], home["rating_sum"]) == (0, 0)
    for viewer, sees in (("anonymous", False), ("m2", False), ("o1", True), ("admin", True)):
        node = (await graph.post(viewer, RATING_NODE, {"id": rating_id}))["data"]["node"]
        assert (node is not None) == sees, viewer
    again = await graph.mutate("admin", "hideRating", HIDE, variables)
    assert codes(again) == [(None, "INVALID_STATE")]
    entries = await graph.rows(AuditEntry.__table__, AuditEntry.__table__.c.action == "hideRating")
    assert [(e["actor_account_id"], e["before"], e["after"]) for e in entries] == [
        (graph.world.ids["supervisor"], {"status": "VISIBLE"}, {"status": "HIDDEN", "reason": "辱骂性语言"})
    ]
