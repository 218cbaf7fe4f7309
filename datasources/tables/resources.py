from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field

from datasources.columns import (
    UTCDateTime,
    enum_column,
    external_ref,
    json_list,
    json_object,
    now_column,
)
from datasources.tables.base import TableModel


class Resource(TableModel, table=True):
    """Something a participant offers: one of the seven categories of resource."""

    __tablename__ = "resources"
    __table_args__ = (
        Index("ix_resources_provider", "provider_kind", "provider_id"),
        Index("ix_resources_category_status_district", "category", "status", "district_id"),
        Index("ix_resources_lat_lon", "lat", "lon"),
    )

    id: int | None = Field(default=None, primary_key=True)
    ref: str | None = external_ref()
    title: str = Field(max_length=200)
    description: str = Field(default="", max_length=4000)
    category: str = enum_column()
    status: str = enum_column()
    provider_kind: str = Field(max_length=32)
    provider_id: int
    district_id: int = Field(foreign_key="districts.id", index=True)
    address: str | None = Field(default=None, max_length=300)
    lat: float | None = None
    lon: float | None = None
    service_radius_km: float | None = None
    quantity: int = 1  # units, places or shifts offered
    quantity_committed: int = 0  # units promised to accepted engagements
    unit: str = Field(default="次", max_length=20)
    amount_fen: int | None = None  # funding amount in fen (CNY cents)
    target_groups: list[str] = json_list()
    tags: list[str] = json_list()
    details: dict = json_object()  # category-specific fields (items, skills, shifts...)
    available_from: datetime | None = Field(default=None, sa_type=UTCDateTime())
    available_until: datetime | None = Field(default=None, sa_type=UTCDateTime(), index=True)
    version: int = 1
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime())  # first put on offer
    created_at: datetime = now_column()
    updated_at: datetime = now_column()


class ResourceServiceDistrict(TableModel, table=True):
    """A district a resource serves beyond its own."""

    __tablename__ = "resource_service_districts"

    resource_id: int = Field(foreign_key="resources.id", primary_key=True)
    district_id: int = Field(foreign_key="districts.id", primary_key=True, index=True)
