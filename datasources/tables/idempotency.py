from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint, text
from sqlmodel import Field

from datasources.columns import json_object, now_column
from datasources.tables.base import TableModel


class IdempotencyKey(TableModel, table=True):
    """A creating mutation's key: a retry with the same key returns the first result. A signed-in
    caller's keys are hers (`account_id`); an anonymous caller's have none, and their `key` is a
    digest of the key with the whole input (resolvers/commands.py), unique on its own."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (
        UniqueConstraint("account_id", "mutation", "key"),
        Index(
            "ux_idempotency_keys_anonymous",
            "mutation",
            "key",
            unique=True,
            sqlite_where=text("account_id IS NULL"),
            postgresql_where=text("account_id IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    account_id: int | None = Field(default=None, foreign_key="accounts.id")
    mutation: str = Field(max_length=60)
    key: str = Field(max_length=100)
    result: dict = json_object()  # what the first run returned, e.g. {"id": <global id>}
    created_at: datetime = now_column()
