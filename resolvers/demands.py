"""How demand lists filter and sort."""

from __future__ import annotations

from typing import Any

from datasources.queries.demands import DemandFilters, demand_conditions
from datasources.tables import Demand
from resolvers.arguments import ids_of, names, search_text, time_range
from resolvers.connections import ListSpec


def demand_filters(filter: Any, argument: str) -> DemandFilters:
    if filter is None:
        return DemandFilters()
    time_range(filter.created_after, filter.created_before, f"{argument}.createdAfter")
    time_range(filter.needed_after, filter.needed_before, f"{argument}.neededAfter")
    return DemandFilters(
        categories=names(filter.categories),
        statuses=names(filter.statuses),
        urgencies=names(filter.urgencies),
        target_groups=names(filter.target_groups),
        district_ids=ids_of(filter.districts, "District", f"{argument}.districts"),
        search=search_text(filter.search, f"{argument}.search"),
        created_after=filter.created_after,
        created_before=filter.created_before,
        needed_after=filter.needed_after,
        needed_before=filter.needed_before,
    )


DEMANDS = ListSpec(
    node="Demand",
    table=Demand.__table__,
    table_name="demands",
    filters=demand_filters,
    conditions=demand_conditions,
)
BY_DISTRICT = ("demands_by_district", "demand_count_by_district")
BY_REQUESTER = ("demands_by_requester", "demand_count_by_requester")
