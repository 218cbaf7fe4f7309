"""Column types shared by the tables."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, String
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC on both databases (SQLite stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def now_column() -> Any:
    return Field(default_factory=utcnow, sa_type=UTCDateTime(), nullable=False, index=True)


def enum_column(default: Any = None, *, index: bool = True) -> Any:
    """An enum stored as its name in a short VARCHAR (portable, no native enum types)."""
    return Field(default=default, sa_type=String(32), nullable=False, index=index)


def json_list() -> Any:
    return Field(default_factory=list, sa_type=JSON, nullable=False)


def json_object() -> Any:
    return Field(default_factory=dict, sa_type=JSON, nullable=False)


def external_ref() -> Any:
    """The importer's key for a row (`ref` in the JSON Lines format): unique when present."""
    return Field(default=None, max_length=100, unique=True, nullable=True)
