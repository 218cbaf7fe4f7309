"""How resource lists filter and sort."""

from __future__ import annotations

from typing import Any

from datasources.columns import utcnow
from datasources.queries.common import with_distance
from datasources.queries.resources import ResourceFilters, resource_conditions
from datasources.tables import Resource
from domain.workflows.engagements import offer_problems, standing
from resolvers.arguments import ids_of, names, near_of, search_text, time_range
from resolvers.connections import ListSpec
from resolvers.context import Info


def resource_filters(filter: Any, argument: str) -> ResourceFilters:
    if filter is None:
        return ResourceFilters()
    time_range(filter.created_after, filter.created_before, f"{argument}.createdAfter")
    return ResourceFilters(
        categories=names(filter.categories),
        statuses=names(filter.statuses),
        district_ids=ids_of(filter.districts, "District", f"{argument}.districts"),
        search=search_text(filter.search, f"{argument}.search"),
        created_after=filter.created_after,
        created_before=filter.created_before,
        available_on=filter.available_on,
        has_capacity=filter.has_capacity,
        offered=filter.offered,
        near=near_of(filter.near, f"{argument}.near"),
    )


async def is_offered(info: Info, resource: Any) -> bool:
    """Whether the resource can be engaged now (its provider read through the request's loader;
    one hidden from the viewer is not admitted, so its resources are not offered)."""
    party = await info.context.loaders.participant.load((resource.provider_kind, resource.provider_id))
    if party is None:
        return False
    return not offer_problems(resource, standing(resource.provider_kind, party), utcnow(), 1, None, None)


def resource_source(table: Any, filters: ResourceFilters) -> Any:
    return with_distance(table, filters.near) if filters.near else table


RESOURCES = ListSpec(
    node="Resource",
    table=Resource.__table__,
    table_name="resources",
    filters=resource_filters,
    conditions=resource_conditions,
    source=resource_source,
)
BY_DISTRICT = ("resources_by_district", "resource_count_by_district")
BY_PROVIDER = ("resources_by_provider", "resource_count_by_provider")
