from __future__ import annotations

from datetime import datetime

from sqlmodel import Field

from datasources.columns import UTCDateTime, enum_column, external_ref, now_column
from datasources.tables.base import TableModel


class Engagement(TableModel, table=True):
    """One match being carried out (对接) between a demand and a resource."""

    __tablename__ = "engagements"

    id: int | None = Field(default=None, primary_key=True)
    ref: str | None = external_ref()
    demand_id: int = Field(foreign_key="demands.id", index=True)
    resource_id: int = Field(foreign_key="resources.id", index=True)
    status: str = enum_column()
    initiated_by: str = Field(max_length=32)
    quantity: int = 1
    note: str = Field(default="", max_length=2000)
    proposed_at: datetime = now_column()
    responded_at: datetime | None = Field(default=None, sa_type=UTCDateTime())
    completed_at: datetime | None = Field(default=None, sa_type=UTCDateTime())
    cancelled_at: datetime | None = Field(default=None, sa_type=UTCDateTime())
    # Each side's agreement: the proposer's when it proposed (none for FEDERATION), the other's when
    # it accepted; it is ACCEPTED once both sides have agreed.
    requester_accepted_at: datetime | None = Field(default=None, sa_type=UTCDateTime())
    provider_accepted_at: datetime | None = Field(default=None, sa_type=UTCDateTime())
    version: int = 1
