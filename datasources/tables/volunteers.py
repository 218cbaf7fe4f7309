from __future__ import annotations

from sqlmodel import Field

from datasources.columns import json_list
from datasources.tables.participant import ParticipantBase


class Volunteer(ParticipantBase, table=True):
    """A volunteer (志愿者). Phone, e-mail, ID number and exact location are personal data."""

    __tablename__ = "volunteers"

    id: int | None = Field(default=None, primary_key=True)
    skills: list[str] = json_list()
    # Weekly availability as slot names, e.g. "WEEKDAY_EVENING", "WEEKEND_DAYTIME".
    availability: list[str] = json_list()
    service_minutes: int = 0  # hours served, in minutes to stay exact
    phone: str | None = Field(default=None, max_length=30)
    email: str | None = Field(default=None, max_length=200)
    id_number: str | None = Field(default=None, max_length=18)
    real_name: str | None = Field(default=None, max_length=60)  # `name` is the public display name
    lat: float | None = None
    lon: float | None = None
