"""Each hard filter, proven by one pair that breaks it and nothing else: the good pair next to
it is suggested, the bad one never (and the same from the resource's side)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from tests.builders import Builder, gid
from tests.matching.world import DAY, NOW, km_east

RESOURCES = """
query($id: ID!) { node(id: $id) { ... on Demand { suggestedResources(first: 50) { resource { id } } } } }
"""
DEMANDS = """
query($id: ID!) { node(id: $id) { ... on Resource { suggestedDemands(first: 50) { demand { id } } } } }
"""
FAR = km_east(60.0)  # 60 km east: outside every radius used here


async def suggested_resources(gql, demand: int) -> set[str]:
    data = await gql.data(RESOURCES, {"id": gid("Demand", demand)})
    return {s["resource"]["id"] for s in data["node"]["suggestedResources"]}


async def suggested_demands(gql, resource: int) -> set[str]:
    data = await gql.data(DEMANDS, {"id": gid("Resource", resource)})
    return {s["demand"]["id"] for s in data["node"]["suggestedDemands"]}


def resource_with(**values) -> Callable[[Builder, int, tuple], Awaitable[int]]:  # type: ignore[no-untyped-def]
    async def make(world: Builder, _demand: int, _home: tuple) -> int:
        return await world.resource(await world.organization(), **values)

    return make


async def declined(world: Builder, demand: int, _home: tuple) -> int:
    resource = await world.resource(await world.organization())
    await world.engagement(demand, resource, "DECLINED")
    return resource


async def own_resource(world: Builder, _demand: int, home: tuple) -> int:
    return await world.resource(home)


def provider_in(status: str) -> Callable[[Builder, int, tuple], Awaitable[int]]:
    async def make(world: Builder, _demand: int, _home: tuple) -> int:
        return await world.resource(await world.organization(status=status))

    return make


VIOLATIONS = {
    "provider suspended": provider_in("SUSPENDED"),
    "provider exited": provider_in("EXITED"),
    "provider pending": provider_in("PENDING"),
    "provider rejected": provider_in("REJECTED"),
    "wrong category": resource_with(category="MATERIAL"),
    "nothing left": resource_with(quantity=3, quantity_committed=3),
    "draft": resource_with(status="DRAFT"),
    "withdrawn": resource_with(status="WITHDRAWN"),
    "expired": resource_with(status="EXPIRED"),
    "exhausted": resource_with(status="EXHAUSTED"),
    "window over": resource_with(available_from=NOW - 90 * DAY, available_until=NOW - DAY),
    "starts after the need": resource_with(available_from=NOW + 40 * DAY, available_until=NOW + 90 * DAY),
    "area not served": resource_with(district="110119", at=FAR, service_radius_km=5.0),
    "declined before": declined,
    "same participant": own_resource,
}


@pytest.mark.parametrize("violation", list(VIOLATIONS))
async def test_a_resource_breaking_one_filter_is_never_suggested(gql, violation: str) -> None:
    world = gql.world
    home = await world.home()
    demand = await world.demand(home)
    good = await world.resource(await world.organization())
    bad = await VIOLATIONS[violation](world, demand, home)
    found = await suggested_resources(gql, demand)
    assert gid("Resource", good) in found
    assert gid("Resource", bad) not in found


async def test_in_progress_engagements_rule_a_pair_out_but_completed_ones_do_not(gql) -> None:
    world = gql.world
    demand = await world.demand(await world.home())
    proposed, accepted, completed = [await world.resource(await world.organization()) for _ in range(3)]
    await world.engagement(demand, proposed, "PROPOSED")
    await world.engagement(demand, accepted, "ACCEPTED")
    await world.engagement(demand, completed, "COMPLETED")
    found = await suggested_resources(gql, demand)
    assert found == {gid("Resource", completed)}


async def test_the_area_is_the_own_district_a_served_district_or_the_radius(gql) -> None:
    world = gql.world
    demand = await world.demand(await world.home())
    organization = await world.organization(district="110119", at=FAR)
    linked = await world.resource(organization, district="110119", at=FAR, service_radius_km=1.0)
    await world.serves(linked, "110101")
    within_radius = await world.resource(
        organization, district="110105", at=km_east(8.0), service_radius_km=10.0
    )
    outside_radius = await world.resource(
        organization, district="110105", at=km_east(8.0), service_radius_km=6.0
    )
    no_radius = await world.resource(organization, district="110105", at=km_east(1.0), service_radius_km=None)
    found = await suggested_resources(gql, demand)
    assert gid("Resource", linked) in found
    assert gid("Resource", within_radius) in found
    assert gid("Resource", outside_radius) not in found
    assert gid("Resource", no_radius) not in found


async def test_an_overdue_demand_still_gets_what_is_available_now(gql) -> None:
    world = gql.world
    demand = await world.demand(await world.home(), needed_by=NOW - 3 * DAY)
    available = await world.resource(await world.organization())
    later = await world.resource(await world.organization(), available_from=NOW + 2 * DAY)
    found = await suggested_resources(gql, demand)
    assert found == {gid("Resource", available)}
    assert gid("Resource", later) not in found


def demand_with(**values) -> Callable[[Builder, int], Awaitable[int]]:  # type: ignore[no-untyped-def]
    async def make(world: Builder, _resource: int) -> int:
        return await world.demand(await world.home(), **values)

    return make


def requester_in(status: str) -> Callable[[Builder, int], Awaitable[int]]:
    async def make(world: Builder, _resource: int) -> int:
        return await world.demand(await world.organization(status=status))

    return make


async def declined_demand(world: Builder, resource: int) -> int:
    demand = await world.demand(await world.home())
    await world.engagement(demand, resource, "DECLINED")
    return demand


DEMAND_VIOLATIONS = {
    "fulfilled": demand_with(status="FULFILLED"),
    "closed": demand_with(status="CLOSED"),
    "cancelled": demand_with(status="CANCELLED"),
    "draft": demand_with(status="DRAFT"),
    "matched in full": demand_with(status="MATCHED", quantity=2, quantity_matched=2),
    "requester suspended": requester_in("SUSPENDED"),
    "requester exited": requester_in("EXITED"),
    "wrong category": demand_with(category="VENUE"),
    "needed before the resource starts": demand_with(needed_by=NOW + 10 * DAY),
    "outside the area": demand_with(district="110119", at=FAR, subdistrict="延庆镇"),
    "declined before": declined_demand,
}


@pytest.mark.parametrize("violation", list(DEMAND_VIOLATIONS))
async def test_a_demand_breaking_one_filter_is_never_suggested(gql, violation: str) -> None:
    world = gql.world
    resource = await world.resource(await world.organization(), available_from=NOW + 20 * DAY)
    good = await world.demand(await world.home(), status="MATCHED", quantity=3, quantity_matched=1)
    bad = await DEMAND_VIOLATIONS[violation](world, resource)
    found = await suggested_demands(gql, resource)
    assert gid("Demand", good) in found  # matched in part: still needs one unit
    assert gid("Demand", bad) not in found


async def test_a_resource_that_is_not_live_suggests_nothing(gql) -> None:
    world = gql.world
    await world.demand(await world.home())
    withdrawn = await world.resource(await world.organization(), status="WITHDRAWN")
    suspended = await world.resource(await world.organization(status="SUSPENDED"))
    token = await world.signed_in(["ADMIN"])  # staff may see both resources
    for resource in (withdrawn, suspended):
        data = await gql.data(DEMANDS, {"id": gid("Resource", resource)}, token=token)
        assert data["node"]["suggestedDemands"] == []
