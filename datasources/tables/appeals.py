from __future__ import annotations

from datetime import datetime

from sqlmodel import Field

from datasources.columns import UTCDateTime, enum_column, external_ref, now_column
from datasources.tables.base import TableModel


class Appeal(TableModel, table=True):
    """A need voiced by a resident through the 24-hour channel (网上妇女之家诉求)."""

    __tablename__ = "appeals"

    id: int | None = Field(default=None, primary_key=True)
    ref: str | None = external_ref()
    tracking_code: str = Field(max_length=16, unique=True)
    home_id: int = Field(foreign_key="homes.id", index=True)
    district_id: int = Field(foreign_key="districts.id", index=True)
    topic: str = Field(max_length=100)
    content: str = Field(max_length=4000)
    status: str = enum_column()
    contact_name: str | None = Field(default=None, max_length=60)
    contact_phone: str | None = Field(default=None, max_length=30)
    first_replied_at: datetime | None = Field(default=None, sa_type=UTCDateTime())  # the 24-hour promise
    created_at: datetime = now_column()
    updated_at: datetime = now_column()


class AppealReply(TableModel, table=True):
    """A home's answer to an appeal."""

    __tablename__ = "appeal_replies"

    id: int | None = Field(default=None, primary_key=True)
    appeal_id: int = Field(foreign_key="appeals.id", index=True)
    author_account_id: int | None = Field(default=None, foreign_key="accounts.id", index=True)
    body: str = Field(max_length=4000)
    created_at: datetime = now_column()
