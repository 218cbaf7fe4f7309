from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from datasources.columns import UTCDateTime, now_column
from datasources.tables.base import TableModel


class OneTimeCode(TableModel, table=True):
    """A single-use code issued for a purpose to a subject (a phone's sign-up code, an
    invitation, a password reset): only its hash is kept (services/one_time_codes.py)."""

    __tablename__ = "one_time_codes"
    # One live code per purpose and subject: issuing again replaces it.
    __table_args__ = (UniqueConstraint("purpose", "subject"),)

    id: int | None = Field(default=None, primary_key=True)
    purpose: str = Field(max_length=32)
    subject: str = Field(max_length=200)
    code_hash: str = Field(max_length=64)
    attempts_left: int
    expires_at: datetime = Field(sa_type=UTCDateTime(), nullable=False)
    consumed_at: datetime | None = Field(default=None, sa_type=UTCDateTime(), nullable=True)
    created_at: datetime = now_column()  # when the current code was issued
