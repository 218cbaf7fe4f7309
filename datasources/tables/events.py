from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field

from datasources.columns import UTCDateTime, enum_column, external_ref, json_list, now_column
from datasources.tables.base import TableModel


class Event(TableModel, table=True):
    """A published event (服务发布): competition, campaign, activity or training."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_organizer", "organizer_kind", "organizer_id"),)

    id: int | None = Field(default=None, primary_key=True)
    ref: str | None = external_ref()
    title: str = Field(max_length=200)
    description: str = Field(default="", max_length=4000)
    kind: str = enum_column()
    status: str = enum_column()
    organizer_kind: str = Field(max_length=32)
    organizer_id: int
    district_id: int = Field(foreign_key="districts.id", index=True)
    address: str | None = Field(default=None, max_length=300)
    lat: float | None = None
    lon: float | None = None
    starts_at: datetime = Field(sa_type=UTCDateTime(), index=True)
    ends_at: datetime = Field(sa_type=UTCDateTime())
    registration_deadline: datetime | None = Field(default=None, sa_type=UTCDateTime())
    capacity: int | None = None
    registered_count: int = 0
    skills: list[str] = json_list()
    created_at: datetime = now_column()


class EventRegistration(TableModel, table=True):
    """A participant registered for an event."""

    __tablename__ = "event_registrations"
    __table_args__ = (UniqueConstraint("event_id", "participant_kind", "participant_id"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="events.id", index=True)
    participant_kind: str = Field(max_length=32)
    participant_id: int
    created_at: datetime = now_column()
