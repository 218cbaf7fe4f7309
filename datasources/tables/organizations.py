from __future__ import annotations

from datetime import datetime

from sqlmodel import Field

from datasources.columns import enum_column, now_column
from datasources.tables.base import TableModel
from datasources.tables.participant import ParticipantBase


class Organization(ParticipantBase, table=True):
    """A social organization, enterprise, public institution, social-work agency or other."""

    __tablename__ = "organizations"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = enum_column()
    status: str = enum_column()
    credit_code: str = Field(max_length=18, unique=True)  # 统一社会信用代码
    description: str = Field(default="", max_length=4000)
    address: str = Field(max_length=300)
    lat: float
    lon: float
    contact_name: str | None = Field(default=None, max_length=60)
    contact_phone: str | None = Field(default=None, max_length=30)
    contact_email: str | None = Field(default=None, max_length=200)
    website: str | None = Field(default=None, max_length=300)


class OrganizationStatusChange(TableModel, table=True):
    """One step of an organization's admission history (准入和退出)."""

    __tablename__ = "organization_status_changes"

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organizations.id", index=True)
    from_status: str | None = Field(default=None, max_length=32)
    to_status: str = Field(max_length=32)
    reason: str = Field(default="", max_length=2000)
    actor_account_id: int | None = Field(default=None, foreign_key="accounts.id", index=True)
    created_at: datetime = now_column()
