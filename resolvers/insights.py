"""Dashboard figures: each is computed only when asked for, in one aggregate statement."""

from __future__ import annotations

from typing import Any

from datasources.queries import insights as queries
from datasources.queries.insights import InsightScope
from domain.insights import Balance, balance, ratio
from resolvers.arguments import time_range
from resolvers.context import Info
from resolvers.global_ids import decode_as


def scope_of(filter: Any) -> InsightScope:
    if filter is None:
        return InsightScope()
    time_range(filter.since, None, "filter.since")
    return InsightScope(
        district_id=decode_as(filter.district, "District", argument="filter.district")
        if filter.district
        else None,
        category=filter.category.value if filter.category else None,
        since=filter.since,
    )


async def balances(info: Info, scope: InsightScope, group: str) -> dict[Any, Balance]:
    engine = info.context.engine
    demand = await queries.demand_by_group(engine, scope, group)
    supply = await queries.supply_by_group(engine, scope, group)
    return {key: balance(demand.get(key), supply.get(key)) for key in sorted(demand.keys() | supply.keys())}


async def funnel(info: Info, scope: InsightScope) -> tuple[dict[str, int], float | None]:
    engine = info.context.engine
    counts = await queries.engagement_funnel(engine, scope)
    return counts, await queries.mean_response_hours(engine, scope)


def acceptance_rate(counts: dict[str, int]) -> float | None:
    """Accepted (or later completed) among the proposals that were answered."""
    accepted = counts["ACCEPTED"] + counts["COMPLETED"]
    return ratio(accepted, accepted + counts["DECLINED"])


def completion_rate(counts: dict[str, int]) -> float | None:
    return ratio(counts["COMPLETED"], counts["COMPLETED"] + counts["CANCELLED"])


async def trend(info: Info, scope: InsightScope) -> list[tuple[str, str, int]]:
    return await queries.demands_per_month(info.context.engine, scope)
