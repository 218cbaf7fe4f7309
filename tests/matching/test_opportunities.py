"""Opportunities for volunteers: open positions and events, filtered, ranked for a signed-in
volunteer, paged with cursors; and a volunteer's own suggestions."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.builders import CENTRE, gid, participant_gid
from tests.matching.world import DAY, NOW, km_east

LIST = """
query($near: NearInput, $skills: [String!], $date: DateTime, $district: ID, $first: Int, $after: String) {
  opportunities(
    near: $near, skills: $skills, date: $date, district: $district, first: $first, after: $after
  ) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        kind title distanceKm score skills
        reasons { factor contribution detail }
        position { id } event { id } district { code }
      }
    }
  }
}
"""
SUGGESTED = """
query($id: ID!) {
  node(id: $id) {
    ... on Volunteer { suggestedOpportunities(first: 10) { kind score resource { id } event { id } } }
  }
}
"""


def ids(data: dict) -> list[str]:
    return [edge["node"]["position"]["id"] if edge["node"]["position"] else edge["node"]["event"]["id"]
            for edge in data["opportunities"]["edges"]]  # fmt: skip


async def position(world, provider, **values) -> int:  # type: ignore[no-untyped-def]
    values.setdefault("details", {"skills": ["摄影"], "shifts": ["WEEKEND_DAYTIME"]})
    return await world.resource(provider, category="VOLUNTEER_POSITION", tags=["志愿服务"], **values)


async def test_open_positions_and_events_only_by_date_for_anyone(gql) -> None:
    world = gql.world
    organization = await world.organization()
    early = await position(world, organization, available_from=NOW - 20 * DAY)
    later = await position(world, organization, available_from=NOW + 2 * DAY)
    event = await world.event(
        organization, starts_at=NOW + 4 * DAY, ends_at=NOW + 4 * DAY + timedelta(hours=2)
    )
    await position(world, organization, quantity=2, quantity_committed=2)  # full
    await position(world, organization, status="DRAFT")
    await position(world, await world.organization(status="SUSPENDED"))
    await world.event(organization, registration_deadline=NOW - DAY)  # registration closed
    await world.event(organization, capacity=10, registered_count=10)  # full
    await world.event(organization, status="CANCELLED")
    data = await gql.data(LIST)
    assert ids(data) == [gid("Resource", early), gid("Resource", later), gid("Event", event)]
    assert data["opportunities"]["totalCount"] == 3
    nodes = [edge["node"] for edge in data["opportunities"]["edges"]]
    assert [n["kind"] for n in nodes] == ["VOLUNTEER_POSITION", "VOLUNTEER_POSITION", "EVENT"]
    assert all(n["score"] is None and n["reasons"] == [] and n["distanceKm"] is None for n in nodes)


async def test_filters_by_circle_skills_day_and_district(gql) -> None:
    world = gql.world
    organization = await world.organization()
    near = await position(world, organization, at=km_east(1.0))
    nearer = await position(world, organization, at=km_east(0.2), details={"skills": ["法律咨询"]})
    far = await position(world, organization, at=km_east(30.0), district="110105")
    circle = {"lat": CENTRE[0], "lon": CENTRE[1], "radiusKm": 5}
    data = await gql.data(LIST, {"near": circle})
    assert ids(data) == [gid("Resource", nearer), gid("Resource", near)]
    assert [e["node"]["distanceKm"] for e in data["opportunities"]["edges"]] == pytest.approx(
        [0.2, 1.0], abs=0.01
    )
    data = await gql.data(LIST, {"skills": ["法律咨询"]})
    assert ids(data) == [gid("Resource", nearer)]
    data = await gql.data(LIST, {"district": gid("District", await world.district("110105"))})
    assert ids(data) == [gid("Resource", far)]
    event_day = NOW + 5 * DAY
    event = await world.event(organization, starts_at=event_day, ends_at=event_day + timedelta(hours=2))
    await position(world, organization, available_from=NOW - DAY, available_until=NOW + 2 * DAY)
    data = await gql.data(LIST, {"date": event_day.isoformat()})
    assert gid("Event", event) in ids(data)
    assert len(ids(data)) == 4  # the event and the three positions open that day, not the short one


async def test_a_signed_in_volunteer_sees_them_ranked_for_her(gql) -> None:
    world = gql.world
    organization = await world.organization()
    volunteer = await world.volunteer(skills=["摄影", "文案宣传"], availability=["WEEKEND_DAYTIME"])
    token = await world.signed_in(["VOLUNTEER"], volunteer)
    fits = await position(world, organization, details={"skills": ["摄影"], "shifts": ["WEEKEND_DAYTIME"]})
    wrong_skill = await position(
        world, organization, details={"skills": ["驾驶"], "shifts": ["WEEKEND_DAYTIME"]}
    )
    wrong_time = await position(
        world, organization, details={"skills": ["摄影"], "shifts": ["WEEKDAY_EVENING"]}
    )
    applied = await position(world, organization)
    await world.application(volunteer, applied)
    data = await gql.data(LIST, token=token)
    assert ids(data) == [gid("Resource", fits), gid("Resource", wrong_time), gid("Resource", wrong_skill)]
    for edge in data["opportunities"]["edges"]:
        node = edge["node"]
        assert sum(r["contribution"] for r in node["reasons"]) == pytest.approx(node["score"], abs=1e-12)
        assert node["distanceKm"] == pytest.approx(0.0, abs=0.01)
    reasons = {r["factor"]: r["detail"] for r in data["opportunities"]["edges"][0]["node"]["reasons"]}
    assert reasons["skills"] == "技能相符 1/1（摄影）"
    assert reasons["availability"] == "时间合适（周末白天）"


async def test_cursors_page_through_without_gaps_or_repeats(gql) -> None:
    world = gql.world
    organization = await world.organization()
    for day in range(7):
        await position(world, organization, available_from=NOW - (10 - day) * DAY)
    seen: list[str] = []
    after = None
    while True:
        data = await gql.data(LIST, {"first": 3, "after": after})
        seen += ids(data)
        assert data["opportunities"]["totalCount"] == 7
        if not data["opportunities"]["pageInfo"]["hasNextPage"]:
            break
        after = data["opportunities"]["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == 7


@pytest.mark.parametrize(
    ("variables", "argument"),
    [
        ({"skills": ["跳伞"]}, "skills"),
        ({"near": {"lat": 95.0, "lon": 116.4, "radiusKm": 5}}, "near"),
        ({"near": {"lat": 39.9, "lon": 200.0, "radiusKm": 5}}, "near"),
        ({"near": {"lat": 39.9, "lon": 116.4, "radiusKm": -1}}, "near"),
        ({"date": "2026-12-05T10:00:00"}, "date"),
        ({"first": 101}, "first"),
        ({"after": "not a cursor"}, "after"),
        ({"district": "bm90IGFuIGlk"}, "district"),
    ],
)
async def test_bad_arguments_are_clear_errors(gql, variables: dict, argument: str) -> None:
    error = await gql.error(LIST, variables, lang="en")
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"].startswith(f"Argument '{argument}'")


async def test_unknown_skill_names_the_known_ones(gql) -> None:
    error = await gql.error(LIST, {"skills": ["摄影", "跳伞"]})
    assert "'跳伞'" in error["message"] and "心理疏导" in error["message"]


async def test_her_suggestions_are_hers_alone(gql) -> None:
    world = gql.world
    organization = await world.organization()
    volunteer = await world.volunteer(skills=["摄影"], availability=["WEEKEND_DAYTIME"])
    other = await world.volunteer()
    spot = await position(world, organization, at=km_east(2.0))
    event = await world.event(organization, skills=["摄影"], at=km_east(1.0))
    far_event = await world.event(organization, at=km_east(60.0), district="110105")
    her = await world.signed_in(["VOLUNTEER"], volunteer)
    someone_else = await world.signed_in(["VOLUNTEER"], other)
    staff = await world.signed_in(["SUPERVISOR"])
    variables = {"id": participant_gid(volunteer)}
    for token in (her, staff):
        data = await gql.data(SUGGESTED, variables, token=token)
        found = data["node"]["suggestedOpportunities"]
        assert {s["resource"]["id"] if s["resource"] else s["event"]["id"] for s in found} == {
            gid("Resource", spot),
            gid("Event", event),
        }
        assert gid("Event", far_event) not in str(found)
        assert [s["kind"] for s in found] in (["VOLUNTEER_EVENT", "VOLUNTEER_POSITION"],
                                              ["VOLUNTEER_POSITION", "VOLUNTEER_EVENT"])  # fmt: skip
    for token in (someone_else, None):
        error = await gql.error(SUGGESTED, variables, token=token)
        assert error["extensions"]["code"] == "FORBIDDEN"
