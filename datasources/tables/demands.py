from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field

from datasources.columns import UTCDateTime, enum_column, external_ref, json_list, now_column
from datasources.tables.base import TableModel


class Demand(TableModel, table=True):
    """A need published by a home or an organization."""

    __tablename__ = "demands"
    __table_args__ = (
        Index("ix_demands_requester", "requester_kind", "requester_id"),
        Index("ix_demands_category_status_district", "category", "status", "district_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    ref: str | None = external_ref()
    title: str = Field(max_length=200)
    description: str = Field(default="", max_length=4000)
    category: str = enum_column()
    status: str = enum_column()
    requester_kind: str = Field(max_length=32)
    requester_id: int
    district_id: int = Field(foreign_key="districts.id", index=True)
    subdistrict: str | None = Field(default=None, max_length=60)
    lat: float | None = None
    lon: float | None = None
    urgency: str = enum_column()
    target_group: str = enum_column()
    beneficiary_count: int = 0
    quantity: int = 1  # units needed
    quantity_matched: int = 0  # units promised by accepted engagements
    quantity_fulfilled: int = 0  # units delivered by completed engagements
    unit: str = Field(default="次", max_length=20)
    amount_fen: int | None = None  # for funding demands: the amount asked, in fen
    tags: list[str] = json_list()
    needed_by: datetime | None = Field(default=None, sa_type=UTCDateTime(), index=True)
    appeal_id: int | None = Field(default=None, foreign_key="appeals.id", unique=True)
    version: int = 1
    # Clocks for time to match (insights): first put on offer, first covered by an accepted
    # engagement, all units delivered (cleared if it needs more again).
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime())
    first_matched_at: datetime | None = Field(default=None, sa_type=UTCDateTime())
    fulfilled_at: datetime | None = Field(default=None, sa_type=UTCDateTime())
    created_at: datetime = now_column()
    updated_at: datetime = now_column()
