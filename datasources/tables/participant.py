"""Columns every participant (home, organization, social worker, volunteer) carries."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field

from datasources.columns import external_ref, now_column
from datasources.tables.base import TableModel


class ParticipantBase(TableModel):
    ref: str | None = external_ref()
    name: str = Field(max_length=200, index=True)
    district_id: int = Field(foreign_key="districts.id", index=True)
    created_at: datetime = now_column()
    version: int = 1  # bumped by every profile change, for expectedVersion
    # Running aggregates of the ratings received and engagements settled, kept up to date
    # by the writes that change them, so reputation is a column read, not a query.
    rating_count: int = 0
    rating_sum: int = 0
    engagements_completed: int = 0
    engagements_cancelled: int = 0
