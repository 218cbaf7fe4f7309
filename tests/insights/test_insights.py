"""Insights: the figures equal what the rows say, filters narrow them, statements stay few."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from datasources.tables import Demand, District, Engagement, Resource
from domain.global_ids import encode

TOTAL = """
query($filter: InsightFilter) {
  insights(filter: $filter) {
    total { demands openDemands unitsNeeded unitsMatched unitsFulfilled resources unitsOffered
            unitsAvailable matchRate fulfilmentRate supplyRatio }
    byCategory { category demands unitsNeeded }
    byDistrict { district { code } demands }
    engagementFunnel { proposed accepted completed declined cancelled acceptanceRate completionRate }
  }
}
"""

LIVE = ["OPEN", "MATCHED", "FULFILLED", "CLOSED"]


async def scalar(engine, statement) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(statement)).scalar_one() or 0)


async def test_totals_equal_the_rows(client, demo_db) -> None:
    data = (await client.data(TOTAL))["insights"]
    total = data["total"]
    live = Demand.status.in_(LIVE)
    assert total["demands"] == await scalar(demo_db, select(func.count()).where(live))
    needed = await scalar(demo_db, select(func.sum(Demand.quantity)).where(live))
    matched = await scalar(demo_db, select(func.sum(Demand.quantity_matched)).where(live))
    assert (total["unitsNeeded"], total["unitsMatched"]) == (needed, matched)
    assert total["matchRate"] == pytest.approx(matched / needed, abs=1e-4)
    offered = Resource.status.in_(["PUBLISHED", "EXHAUSTED"])
    assert total["resources"] == await scalar(demo_db, select(func.count()).where(offered))
    assert total["unitsAvailable"] == total["unitsOffered"] - await scalar(
        demo_db, select(func.sum(Resource.quantity_committed)).where(offered)
    )
    assert sum(group["demands"] for group in data["byCategory"]) == total["demands"]
    assert sum(group["demands"] for group in data["byDistrict"]) == total["demands"]
    funnel = data["engagementFunnel"]
    assert sum(funnel[s] for s in ("proposed", "accepted", "completed", "declined", "cancelled")) == (
        await scalar(demo_db, select(func.count()).select_from(Engagement))
    )


async def test_a_district_and_category_filter_narrows_every_figure(client, demo_db) -> None:
    async with demo_db.connect() as connection:
        district = (await connection.execute(select(District).where(District.code == "110105"))).one()
    variables = {"filter": {"district": encode("District", district.id), "category": "PROFESSIONAL_SERVICE"}}
    data = (await client.data(TOTAL, variables))["insights"]
    expected = await scalar(
        demo_db,
        select(func.count()).where(
            Demand.status.in_(LIVE),
            Demand.district_id == district.id,
            Demand.category == "PROFESSIONAL_SERVICE",
        ),
    )
    assert data["total"]["demands"] == expected
    assert {group["category"] for group in data["byCategory"]} <= {"PROFESSIONAL_SERVICE"}
    assert {group["district"]["code"] for group in data["byDistrict"]} <= {"110105"}


async def test_insights_cost_a_fixed_number_of_statements(client) -> None:
    statements = await client.statements(TOTAL)
    # total, byCategory and byDistrict share 2 (demand and supply per category and district);
    # the districts named: 1; the funnel: 1.
    assert len(statements) == 4


async def test_a_bad_district_id_is_a_clear_error(client) -> None:
    body = await client.post(TOTAL, {"filter": {"district": encode("Home", 1)}})
    assert body["errors"][0]["message"].startswith("Argument 'filter.district'")
