"""How event lists filter and sort."""

from __future__ import annotations

from typing import Any

from datasources.loaders.base import no_filter
from datasources.queries.events import EventFilters, event_conditions
from datasources.tables import Event, EventRegistration
from resolvers.arguments import ids_of, names, search_text, time_range
from resolvers.connections import ListSpec, no_filters


def event_filters(filter: Any, argument: str) -> EventFilters:
    if filter is None:
        return EventFilters()
    time_range(filter.starts_after, filter.starts_before, f"{argument}.startsAfter")
    return EventFilters(
        kinds=names(filter.kinds),
        statuses=names(filter.statuses),
        district_ids=ids_of(filter.districts, "District", f"{argument}.districts"),
        search=search_text(filter.search, f"{argument}.search"),
        starts_after=filter.starts_after,
        starts_before=filter.starts_before,
    )


EVENTS = ListSpec(
    node="Event",
    table=Event.__table__,
    table_name="events",
    filters=event_filters,
    conditions=event_conditions,
    default_sort="starts_at",
)
REGISTRATIONS = ListSpec(
    node="EventRegistration",
    table=EventRegistration.__table__,
    table_name="event_registrations",
    filters=no_filters,
    conditions=no_filter,
)
BY_ORGANIZER = ("events_by_organizer", "event_count_by_organizer")
OF_EVENT = ("registrations_by_event", "registration_count_by_event")
OF_PARTICIPANT = ("registrations_by_participant", "registration_count_by_participant")
BY_DISTRICT = ("events_by_district", "event_count_by_district")
