"""How engagement lists filter and sort."""

from __future__ import annotations

from typing import Any

from datasources.queries.engagements import EngagementFilters, engagement_conditions
from datasources.tables import Engagement
from resolvers.connections import ListSpec
from schema.inputs import names, time_range


def engagement_filters(filter: Any, argument: str) -> EngagementFilters:
    if filter is None:
        return EngagementFilters()
    time_range(filter.proposed_after, filter.proposed_before, f"{argument}.proposedAfter")
    return EngagementFilters(
        statuses=names(filter.statuses),
        proposed_after=filter.proposed_after,
        proposed_before=filter.proposed_before,
    )


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
