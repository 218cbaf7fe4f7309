"""Suggestions through the graph: best first, with reasons that add up and read well."""

from __future__ import annotations

import pytest

from tests.builders import gid
from tests.matching.world import DAY, NOW, km_east

SUGGESTED = """
query($id: ID!, $n: Int!) {
  node(id: $id) {
    ... on Demand {
      suggestedResources(first: $n) {
        kind score
        demand { id }
        resource { id title }
        reasons { factor weight value contribution detail }
      }
    }
  }
}
"""
FOR_RESOURCE = """
query($id: ID!) {
  node(id: $id) { ... on Resource { suggestedDemands(first: 10) { score demand { id } resource { id } } } }
}
"""


async def test_nearer_and_closer_tied_resources_come_first(gql) -> None:
    world = gql.world
    demand = await world.demand(await world.home())
    same_subdistrict = await world.resource(await world.home(), at=km_east(0.5))
    same_district = await world.resource(await world.organization(), at=km_east(3.0))
    other_district = await world.resource(await world.organization(), district="110105", at=km_east(6.0),
                                          service_radius_km=10.0)  # fmt: skip
    data = await gql.data(SUGGESTED, {"id": gid("Demand", demand), "n": 10})
    suggestions = data["node"]["suggestedResources"]
    assert [s["resource"]["id"] for s in suggestions] == [
        gid("Resource", same_subdistrict),
        gid("Resource", same_district),
        gid("Resource", other_district),
    ]
    scores = [s["score"] for s in suggestions]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[1] > scores[2]
    assert all(
        s["demand"]["id"] == gid("Demand", demand) and s["kind"] == "DEMAND_RESOURCE" for s in suggestions
    )
    details = [next(r["detail"] for r in s["reasons"] if r["factor"] == "distance") for s in suggestions]
    assert details == ["同一街道, 0.5 公里", "同区, 3.0 公里", "相距 6.0 公里"]


async def test_reasons_add_up_to_the_score_in_both_languages(gql) -> None:
    world = gql.world
    demand = await world.demand(await world.home())
    await world.resource(await world.organization(rating_count=23, rating_sum=108, engagements_completed=9))
    for lang, expected in (
        ("zh-CN", "评分 4.7 (23 次评价), 完成率 100%"),
        ("en", "Rated 4.7 (23 ratings), 100% completed"),
    ):
        data = await gql.data(SUGGESTED, {"id": gid("Demand", demand), "n": 5}, lang=lang)
        (suggestion,) = data["node"]["suggestedResources"]
        reasons = suggestion["reasons"]
        assert sum(r["contribution"] for r in reasons) == pytest.approx(suggestion["score"], abs=1e-12)
        assert sum(r["weight"] for r in reasons) == pytest.approx(1.0)
        assert {r["factor"]: r["detail"] for r in reasons}["reputation"] == expected


async def test_matching_tags_and_target_groups_rank_higher(gql) -> None:
    world = gql.world
    demand = await world.demand(await world.home(), target_group="SINGLE_MOTHERS")
    organization = await world.organization()
    on_topic = await world.resource(organization, tags=["心理", "心理咨询"], target_groups=["SINGLE_MOTHERS"])
    broader = await world.resource(organization, tags=["心理", "心理咨询"], target_groups=["WOMEN"])
    off_topic = await world.resource(organization, tags=["法律", "维权"], target_groups=["SINGLE_MOTHERS"])
    data = await gql.data(SUGGESTED, {"id": gid("Demand", demand), "n": 10})
    order = [s["resource"]["id"] for s in data["node"]["suggestedResources"]]
    assert order == [gid("Resource", on_topic), gid("Resource", broader), gid("Resource", off_topic)]


async def test_first_limits_the_suggestions(gql) -> None:
    world = gql.world
    demand = await world.demand(await world.home())
    organization = await world.organization()
    for km in (1, 2, 3, 4):
        await world.resource(organization, at=km_east(km))
    data = await gql.data(SUGGESTED, {"id": gid("Demand", demand), "n": 2})
    assert len(data["node"]["suggestedResources"]) == 2


async def test_a_resource_sees_the_demands_that_waited_longest_for_their_urgency_first(gql) -> None:
    world = gql.world
    resource = await world.resource(await world.organization())
    home = await world.home()
    fresh_low = await world.demand(home, urgency="LOW", created_at=NOW - DAY)
    old_critical = await world.demand(home, urgency="CRITICAL", created_at=NOW - 20 * DAY)
    medium = await world.demand(home, urgency="MEDIUM", created_at=NOW - 10 * DAY)
    data = await gql.data(FOR_RESOURCE, {"id": gid("Resource", resource)})
    suggestions = data["node"]["suggestedDemands"]
    assert [s["demand"]["id"] for s in suggestions] == [
        gid("Demand", old_critical),
        gid("Demand", medium),
        gid("Demand", fresh_low),
    ]
    assert all(s["resource"]["id"] == gid("Resource", resource) for s in suggestions)


async def test_suggestions_for_a_demand_nobody_may_see_are_not_found(gql) -> None:
    world = gql.world
    draft = await world.demand(await world.home(), status="DRAFT")
    await world.resource(await world.organization())
    error = await gql.error(SUGGESTED, {"id": gid("Demand", draft), "n": 5})
    assert error["extensions"]["code"] == "NOT_FOUND"


@pytest.mark.parametrize("first", [0, 51, -1])
async def test_first_out_of_range_is_a_clear_error(gql, first: int) -> None:
    world = gql.world
    demand = await world.demand(await world.home())
    error = await gql.error(SUGGESTED, {"id": gid("Demand", demand), "n": first}, lang="en")
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"] == f"Argument 'first': must be between 1 and 50, got {first}"
