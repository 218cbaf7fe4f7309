from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from datasources.columns import json_object, now_column
from datasources.tables.base import TableModel


class IdempotencyKey(TableModel, table=True):
    """A creating mutation's key: a retry with the same key returns the first result."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("account_id", "mutation", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="accounts.id")
    mutation: str = Field(max_length=60)
    key: str = Field(max_length=100)
    result: dict = json_object()  # what the first run returned, e.g. {"id": <global id>}
    created_at: datetime = now_column()
