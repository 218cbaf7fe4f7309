"""The allocation plan through the graph: staff only, within every capacity and need, and a
fairness floor that lifts the worst-served district."""

from __future__ import annotations

from collections import defaultdict

import pytest

from tests.builders import gid
from tests.matching.world import km_east

PLAN = """
query($input: AllocationPlanInput!) {
  allocationPlan(input: $input) {
    category fairnessFloor achievableMinFillRate guaranteedMinFillRate noGuaranteeReason minFillRate
    totalScore priceOfFairness unitsNeeded unitsUnreachable unitsAllocated demandCount resourceCount
    candidatePairs
    district { code }
    proposals {
      quantity score
      demand { id quantity quantityMatched }
      resource { id quantity quantityCommitted }
    }
    districtFills { district { code } unitsNeeded unitsUnreachable unitsAllocated fillRate reachable }
  }
}
"""
YANQING = km_east(60.0)


async def scarce_city(world) -> None:  # type: ignore[no-untyped-def]
    """Six units for ten needed: 东城 demands score high on both resources, the one in 延庆
    (reached through a served district) scores lower, so a plan for the total score starves it."""
    central = await world.home()
    for _ in range(4):
        await world.demand(central, quantity=2)
    outer = await world.home(district="110119", subdistrict="延庆镇", at=YANQING)
    await world.demand(outer, quantity=2, district="110119", subdistrict="延庆镇", at=YANQING)
    organization = await world.organization()
    for _ in range(2):
        resource = await world.resource(organization, quantity=3)
        await world.serves(resource, "110119")


async def test_only_staff_may_plan(gql) -> None:
    world = gql.world
    await scarce_city(world)
    manager = await world.signed_in(["HOME_MANAGER"], await world.home())
    error = await gql.error(PLAN, {"input": {"category": "PROFESSIONAL_SERVICE"}}, token=manager)
    assert error["extensions"]["code"] == "FORBIDDEN"
    # Anonymous viewers are refused before that: a plan costs more than their limit allows.
    error = await gql.error(PLAN, {"input": {"category": "PROFESSIONAL_SERVICE"}}, token=None)
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    for role in ("ADMIN", "SUPERVISOR"):
        data = await gql.data(
            PLAN, {"input": {"category": "PROFESSIONAL_SERVICE"}}, token=await world.signed_in([role])
        )
        assert data["allocationPlan"]["demandCount"] == 5


async def test_the_plan_stays_within_every_capacity_and_need(gql) -> None:
    world = gql.world
    await scarce_city(world)
    token = await world.signed_in(["ADMIN"])
    plan = (await gql.data(PLAN, {"input": {"category": "PROFESSIONAL_SERVICE"}}, token=token))[
        "allocationPlan"
    ]
    given: dict[str, int] = defaultdict(int)
    received: dict[str, int] = defaultdict(int)
    for proposal in plan["proposals"]:
        given[proposal["resource"]["id"]] += proposal["quantity"]
        received[proposal["demand"]["id"]] += proposal["quantity"]
        resource, demand = proposal["resource"], proposal["demand"]
        assert given[resource["id"]] <= resource["quantity"] - resource["quantityCommitted"]
        assert received[demand["id"]] <= demand["quantity"] - demand["quantityMatched"]
        assert 0 < proposal["score"] <= 1
    assert plan["unitsAllocated"] == sum(given.values()) == 6
    assert plan["unitsNeeded"] == 10 and plan["resourceCount"] == 2 and plan["candidatePairs"] == 10
    assert plan["totalScore"] == pytest.approx(sum(p["score"] * p["quantity"] for p in plan["proposals"]))


async def test_a_fairness_floor_lifts_the_worst_district(gql) -> None:
    world = gql.world
    await scarce_city(world)
    token = await world.signed_in(["SUPERVISOR"])
    plain = (await gql.data(PLAN, {"input": {"category": "PROFESSIONAL_SERVICE"}}, token=token))[
        "allocationPlan"
    ]
    fair_input = {"category": "PROFESSIONAL_SERVICE", "fairnessFloor": 1.0}
    fair = (await gql.data(PLAN, {"input": fair_input}, token=token))["allocationPlan"]
    fills = {f["district"]["code"]: f["fillRate"] for f in plain["districtFills"]}
    assert fills == {"110101": 0.75, "110119": 0.0}
    assert plain["minFillRate"] == 0.0 and plain["achievableMinFillRate"] is None
    assert plain["noGuaranteeReason"] == "NO_FLOOR" and plain["priceOfFairness"] is None
    # In whole units the best worst fill is 1/2: the outer demand gets 1 of 2 (0.6 for everyone,
    # as fractions, would need 1.2 units there).
    assert fair["achievableMinFillRate"] == fair["guaranteedMinFillRate"] == 0.5
    assert fair["noGuaranteeReason"] is None
    fair_fills = {f["district"]["code"]: f for f in fair["districtFills"]}
    assert fair_fills["110119"]["unitsAllocated"] == 1 and fair_fills["110101"]["unitsAllocated"] == 5
    assert fair["minFillRate"] == 0.5 > plain["minFillRate"]
    assert fair["totalScore"] < plain["totalScore"]
    assert fair["priceOfFairness"] == pytest.approx(plain["totalScore"] - fair["totalScore"])
    assert fair["unitsAllocated"] == plain["unitsAllocated"] == 6
    half = (await gql.data(PLAN, {"input": {**fair_input, "fairnessFloor": 0.5}}, token=token))[
        "allocationPlan"
    ]
    assert half["guaranteedMinFillRate"] == 0.25 and half["minFillRate"] >= 0.25


async def test_unreachable_units_are_reported_apart_from_the_fill_rate(gql) -> None:
    """A demand in 延庆 needs 9 units where the resources reaching it hold 6; one in 房山 is
    reached by nothing: neither counts against its district's fill rate."""
    world = gql.world
    central = await world.home()
    await world.demand(central, quantity=2)
    outer = await world.home(district="110119", subdistrict="延庆镇", at=YANQING)
    await world.demand(outer, quantity=9, district="110119", subdistrict="延庆镇", at=YANQING)
    far = await world.home(district="110111", subdistrict="长阳镇", at=km_east(-40.0))
    await world.demand(far, quantity=4, district="110111", subdistrict="长阳镇", at=km_east(-40.0))
    organization = await world.organization()
    for _ in range(2):
        await world.serves(await world.resource(organization, quantity=3), "110119")
    token = await world.signed_in(["ADMIN"])
    plan_input = {"category": "PROFESSIONAL_SERVICE", "fairnessFloor": 1.0}
    plan = (await gql.data(PLAN, {"input": plan_input}, token=token))["allocationPlan"]
    fills = {f["district"]["code"]: f for f in plan["districtFills"]}
    assert {code: (f["unitsNeeded"], f["unitsUnreachable"], f["reachable"]) for code, f in fills.items()} == {
        "110101": (2, 0, True),
        "110119": (9, 3, True),
        "110111": (4, 4, False),
    }
    assert plan["unitsUnreachable"] == 7 and plan["unitsNeeded"] == 15
    # 6 units for 8 reachable: 2 of 2 and 4 of 6, or 1 of 2 and 5 of 6; the best worst is 2/3.
    assert plan["achievableMinFillRate"] == pytest.approx(2 / 3)
    assert fills["110119"]["fillRate"] == pytest.approx(4 / 6) and fills["110101"]["fillRate"] == 1.0
    assert fills["110111"]["fillRate"] == 1.0 and plan["minFillRate"] == pytest.approx(2 / 3)


async def test_a_plan_nothing_can_reach_says_why_it_promises_nothing(gql) -> None:
    world = gql.world
    await world.demand(await world.home(), quantity=2)
    token = await world.signed_in(["ADMIN"])
    plan_input = {"category": "PROFESSIONAL_SERVICE", "fairnessFloor": 1.0}
    plan = (await gql.data(PLAN, {"input": plan_input}, token=token))["allocationPlan"]
    assert plan["noGuaranteeReason"] == "NOTHING_REACHABLE"
    assert plan["guaranteedMinFillRate"] is None and plan["minFillRate"] is None
    assert plan["unitsUnreachable"] == plan["unitsNeeded"] == 2


async def test_a_district_plan_takes_that_districts_demands_only(gql) -> None:
    world = gql.world
    await scarce_city(world)
    token = await world.signed_in(["ADMIN"])
    district = gid("District", await world.district("110119"))
    plan_input = {"category": "PROFESSIONAL_SERVICE", "district": district}
    plan = (await gql.data(PLAN, {"input": plan_input}, token=token))["allocationPlan"]
    assert plan["district"] == {"code": "110119"} and plan["demandCount"] == 1
    assert plan["unitsAllocated"] == 2
    assert [f["district"]["code"] for f in plan["districtFills"]] == ["110119"]


@pytest.mark.parametrize(
    ("plan_input", "argument"),
    [
        ({"category": "VENUE", "fairnessFloor": 1.5}, "input.fairnessFloor"),
        ({"category": "VENUE", "fairnessFloor": -0.1}, "input.fairnessFloor"),
        ({"category": "VENUE", "district": gid("Demand", 1)}, "input.district"),
    ],
)
async def test_bad_input_is_a_clear_error(gql, plan_input: dict, argument: str) -> None:
    token = await gql.world.signed_in(["ADMIN"])
    error = await gql.error(PLAN, {"input": plan_input}, token=token, lang="en")
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"].startswith(f"Argument '{argument}'")


async def test_an_unknown_category_is_refused_before_anything_runs(gql) -> None:
    token = await gql.world.signed_in(["ADMIN"])
    error = await gql.error(PLAN, {"input": {"category": "SPACESHIPS"}}, token=token)
    # Said in Chinese (the client's language), the English original naming the value kept.
    assert error["message"] == "变量$input的值不正确"
    assert "SPACESHIPS" in error["extensions"]["detail"]
