"""Dashboard figures: each is computed only when asked for, in one aggregate statement."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from datasources.queries import insight_activity as activity
from datasources.queries import insight_timing as timing
from datasources.queries import insights as queries
from datasources.queries.insight_timing import ReplyTiming, Timing
from datasources.queries.insights import InsightScope
from domain.enums import ResourceCategory
from domain.insights import REPUTATION_BUCKETS, Balance, balance, ratio
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


def once(memo: dict[str, Any], key: str, make: Callable[[], Awaitable[Any]]) -> Awaitable[Any]:
    """The one run of `make` a request's fields share (they resolve concurrently)."""
    if key not in memo:
        memo[key] = asyncio.ensure_future(make())
    return memo[key]


async def cells(info: Info, scope: InsightScope, memo: dict[str, Any]) -> dict[tuple[str, int], Balance]:
    """Supply and demand per (category, district): two statements a request, whichever of
    total, byCategory, byDistrict and byCategoryAndDistrict ask (their figures are sums)."""

    async def grouped() -> dict[tuple[str, int], Balance]:
        engine, group = info.context.engine, ("category", "district_id")
        demand, supply = await asyncio.gather(
            queries.demand_by_group(engine, scope, group), queries.supply_by_group(engine, scope, group)
        )
        return {key: balance(demand.get(key), supply.get(key)) for key in demand.keys() | supply.keys()}

    return await once(memo, "cells", grouped)


def regrouped(groups: dict[tuple[str, int], Balance], position: int) -> dict[Any, Balance]:
    """The cells summed per category (position 0) or district id (1), in key order."""
    sums: dict[Any, Balance] = {}
    for key, value in groups.items():
        sums[key[position]] = sums.get(key[position], Balance()) + value
    return dict(sorted(sums.items()))


async def funnel(info: Info, scope: InsightScope) -> tuple[dict[str, int], float | None]:
    engine = info.context.engine
    return await queries.engagement_funnel(engine, scope)


def acceptance_rate(counts: dict[str, int]) -> float | None:
    """Accepted (or later completed) among the proposals that were answered."""
    accepted = counts["ACCEPTED"] + counts["COMPLETED"]
    return ratio(accepted, accepted + counts["DECLINED"])


def completion_rate(counts: dict[str, int]) -> float | None:
    return ratio(counts["COMPLETED"], counts["COMPLETED"] + counts["CANCELLED"])


async def trend(info: Info, scope: InsightScope) -> list[tuple[str, str, int]]:
    return await queries.demands_per_month(info.context.engine, scope)


def hot_spots(groups: dict[Any, Balance]) -> list[tuple[tuple[str, int], Balance]]:
    """(category, district id) pairs, most unmet units first, then category, then district id."""
    return sorted(groups.items(), key=lambda item: (-item[1].unmet_units, item[0][0], item[0][1]))


def categories(scope: InsightScope) -> list[str]:
    """The categories a per-category figure lists: all of them by name, or the filter's."""
    return [scope.category] if scope.category else sorted(ResourceCategory)


async def time_to_match(info: Info, scope: InsightScope) -> list[tuple[str, Timing | None]]:
    found = await timing.time_to_match(info.context.engine, scope)
    return [(category, found.get(category)) for category in categories(scope)]


async def appeal_replies(info: Info, scope: InsightScope) -> list[tuple[int, ReplyTiming]]:
    return sorted((await timing.appeal_replies(info.context.engine, scope)).items())


async def monthly_trend(info: Info, scope: InsightScope) -> dict[str, list[float]]:
    return await activity.monthly_activity(info.context.engine, scope)


async def complaints_by_outcome(info: Info, scope: InsightScope) -> dict[str, int]:
    return await activity.complaints_by_outcome(info.context.engine, scope)


async def reputation_distribution(info: Info, scope: InsightScope) -> list[tuple[float, float, int]]:
    """Every bucket, lowest first, empty ones too: a dashboard draws a fixed axis."""
    counts = await activity.reputation_buckets(info.context.engine, scope)
    return [(low, high, counts.get(index, 0)) for index, (low, high) in enumerate(REPUTATION_BUCKETS)]
