from __future__ import annotations

from datasources.loaders.base import (
    ChildCountLoader,
    ChildPageLoader,
    RowByIdLoader,
)
from datasources.queries.events import event_conditions
from datasources.tables import Event, EventRegistration


class EventByIdLoader(RowByIdLoader):
    table = Event.__table__


class _Events:
    table, table_name = Event.__table__, "events"
    conditions = staticmethod(event_conditions)


class EventsByOrganizerLoader(_Events, ChildPageLoader):
    parent_columns = ("organizer_kind", "organizer_id")


class EventCountByOrganizerLoader(_Events, ChildCountLoader):
    parent_columns = ("organizer_kind", "organizer_id")


class _Registrations:
    table, table_name = EventRegistration.__table__, "event_registrations"


class RegistrationsByEventLoader(_Registrations, ChildPageLoader):
    parent_columns = ("event_id",)


class RegistrationCountByEventLoader(_Registrations, ChildCountLoader):
    parent_columns = ("event_id",)


class RegistrationByIdLoader(RowByIdLoader):
    table = EventRegistration.__table__


class _ByParticipant:
    table, table_name = EventRegistration.__table__, "event_registrations"
    parent_columns = ("participant_kind", "participant_id")


class RegistrationsByParticipantLoader(_ByParticipant, ChildPageLoader):
    pass


class RegistrationCountByParticipantLoader(_ByParticipant, ChildCountLoader):
    pass


class EventsByDistrictLoader(_Events, ChildPageLoader):
    parent_columns = ("district_id",)


class EventCountByDistrictLoader(_Events, ChildCountLoader):
    parent_columns = ("district_id",)
