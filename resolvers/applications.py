"""How lists of volunteer applications filter and sort."""

from __future__ import annotations

from typing import Any

from datasources.loaders.applications import application_conditions
from datasources.tables import VolunteerApplication
from resolvers.arguments import names
from resolvers.connections import ListSpec


def application_filters(filter: Any, _argument: str) -> tuple[str, ...]:
    return names(filter.statuses) if filter is not None else ()


APPLICATIONS = ListSpec(
    node="VolunteerApplication",
    table=VolunteerApplication.__table__,
    table_name="volunteer_applications",
    filters=application_filters,
    conditions=application_conditions,
    default_sort="applied_at",
)
BY_VOLUNTEER = ("applications_by_volunteer", "application_count_by_volunteer")
BY_RESOURCE = ("applications_by_resource", "application_count_by_resource")
