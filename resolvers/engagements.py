"""How engagement lists filter and sort."""

from __future__ import annotations

import asyncio
from typing import Any

from datasources.queries.engagements import EngagementFilters, engagement_conditions
from datasources.tables import Engagement
from domain.enums import EngagementFlag
from domain.workflows.engagements import UNDER_WAY, engagement_flags
from resolvers.arguments import names, time_range
from resolvers.connections import ListSpec
from resolvers.context import Info


def engagement_filters(filter: Any, argument: str) -> EngagementFilters:
    if filter is None:
        return EngagementFilters()
    time_range(filter.proposed_after, filter.proposed_before, f"{argument}.proposedAfter")
    return EngagementFilters(
        statuses=names(filter.statuses),
        proposed_after=filter.proposed_after,
        proposed_before=filter.proposed_before,
        flagged=filter.flagged,
    )


async def flags_of(info: Info, engagement: Any) -> list[EngagementFlag]:
    """The engagement's warnings, from its two parties' standing (read through the loaders)."""
    if engagement.status not in UNDER_WAY:
        return []
    loaders = info.context.loaders
    demand, resource = await asyncio.gather(
        loaders.demand_by_id.load(engagement.demand_id), loaders.resource_by_id.load(engagement.resource_id)
    )
    requester, provider = await loaders.participant.load_many(
        [(demand.requester_kind, demand.requester_id), (resource.provider_kind, resource.provider_id)]
    )
    # Only organizations have a status (homes, social workers, volunteers: None).
    statuses = (getattr(requester, "status", None), getattr(provider, "status", None))
    return engagement_flags(engagement.status, statuses)


ENGAGEMENTS = ListSpec(
    node="Engagement",
    table=Engagement.__table__,
    table_name="engagements",
    filters=engagement_filters,
    conditions=engagement_conditions,
    default_sort="proposed_at",
)
BY_DEMAND = ("engagements_by_demand", "engagement_count_by_demand")
BY_RESOURCE = ("engagements_by_resource", "engagement_count_by_resource")
BY_PARTICIPANT = ("engagements_by_participant", "engagement_count_by_participant")
