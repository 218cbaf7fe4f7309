"""How lists of homes, organizations, social workers and volunteers filter and sort."""

from __future__ import annotations

from typing import Any

from datasources.queries.participants import ParticipantFilters, participant_conditions
from datasources.tables import Home, Organization, SocialWorker, Volunteer
from resolvers.arguments import ids_of, names, search_text
from resolvers.connections import ListSpec


def participant_filters(filter: Any, argument: str) -> ParticipantFilters:
    if filter is None:
        return ParticipantFilters()
    return ParticipantFilters(
        district_ids=ids_of(filter.districts, "District", f"{argument}.districts"),
        search=search_text(filter.search, f"{argument}.search"),
        kinds=names(getattr(filter, "kinds", None)),
        statuses=names(getattr(filter, "statuses", None)),
        qualification_levels=names(getattr(filter, "qualification_levels", None)),
        agency_ids=ids_of(getattr(filter, "agencies", None), "Organization", f"{argument}.agencies"),
        subdistrict=search_text(getattr(filter, "subdistrict", None), f"{argument}.subdistrict"),
    )


def _spec(node: str, table: Any) -> ListSpec:
    return ListSpec(
        node=node,
        table=table,
        table_name=table.name,
        filters=participant_filters,
        conditions=participant_conditions,
    )


HOMES = _spec("Home", Home.__table__)
ORGANIZATIONS = _spec("Organization", Organization.__table__)
SOCIAL_WORKERS = _spec("SocialWorker", SocialWorker.__table__)
VOLUNTEERS = _spec("Volunteer", Volunteer.__table__)

HOMES_BY_DISTRICT = ("homes_by_district", "home_count_by_district")
ORGANIZATIONS_BY_DISTRICT = ("organizations_by_district", "organization_count_by_district")
SOCIAL_WORKERS_BY_AGENCY = ("social_workers_by_agency", "social_worker_count_by_agency")
