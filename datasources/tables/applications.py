from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from datasources.columns import UTCDateTime, enum_column, external_ref, now_column
from datasources.tables.base import TableModel


class VolunteerApplication(TableModel, table=True):
    """A volunteer applying to a volunteer position (a resource of that category)."""

    __tablename__ = "volunteer_applications"
    __table_args__ = (UniqueConstraint("volunteer_id", "resource_id"),)

    id: int | None = Field(default=None, primary_key=True)
    ref: str | None = external_ref()
    volunteer_id: int = Field(foreign_key="volunteers.id", index=True)
    resource_id: int = Field(foreign_key="resources.id", index=True)
    status: str = enum_column()
    motivation: str = Field(default="", max_length=2000)
    service_minutes: int = 0
    applied_at: datetime = now_column()
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime())
    completed_at: datetime | None = Field(default=None, sa_type=UTCDateTime())
    version: int = 1  # bumped by every change, for expectedVersion
