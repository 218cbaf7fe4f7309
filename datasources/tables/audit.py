from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field

from datasources.columns import json_object, now_column
from datasources.tables.base import TableModel


class AuditEntry(TableModel, table=True):
    """Who changed what, when, with the status before and after."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity_type", "entity_id"),)

    id: int | None = Field(default=None, primary_key=True)
    actor_account_id: int | None = Field(default=None, foreign_key="accounts.id", index=True)
    action: str = Field(max_length=60)
    entity_type: str = Field(max_length=40)
    entity_id: int
    before: dict = json_object()
    after: dict = json_object()
    created_at: datetime = now_column()
