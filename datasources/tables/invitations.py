from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field

from datasources.columns import UTCDateTime, enum_column, now_column
from datasources.tables.base import TableModel


class Invitation(TableModel, table=True):
    """An invitation to take a role the public cannot (staff, a home's manager, a colleague), or to
    claim an imported participant: its single-use code is in `one_time_codes` (purpose
    "invitation", subject the invitation's id), hashed."""

    __tablename__ = "invitations"
    __table_args__ = (Index("ix_invitations_participant", "participant_kind", "participant_id"),)

    id: int | None = Field(default=None, primary_key=True)
    role: str = enum_column(index=False)
    participant_kind: str | None = Field(default=None, max_length=32)  # whom the new account acts for
    participant_id: int | None = None
    display_name: str = Field(max_length=100)  # whom it is for, as the inviter named her
    sent_to: str | None = Field(default=None, max_length=60)  # the masked addresses it was sent to
    inviter_account_id: int = Field(foreign_key="accounts.id", index=True)
    status: str = enum_column()  # OPEN, ACCEPTED, REVOKED (an OPEN one past expires_at: EXPIRED)
    expires_at: datetime = Field(sa_type=UTCDateTime(), nullable=False)
    account_id: int | None = Field(default=None, foreign_key="accounts.id")  # made by accepting it
    accepted_at: datetime | None = Field(default=None, sa_type=UTCDateTime(), nullable=True)
    version: int = Field(default=1)
    created_at: datetime = now_column()
