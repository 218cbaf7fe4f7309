from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field

from datasources.columns import UTCDateTime, json_list, now_column
from datasources.tables.base import TableModel


class Account(TableModel, table=True):
    """A person who signs in: federation staff, or someone acting for one participant."""

    __tablename__ = "accounts"
    __table_args__ = (Index("ix_accounts_participant", "participant_kind", "participant_id"),)

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=60, unique=True)
    password_hash: str | None = Field(default=None, max_length=200)
    display_name: str = Field(max_length=100)
    roles: list[str] = json_list()
    participant_kind: str | None = Field(default=None, max_length=32)
    participant_id: int | None = None
    phone: str | None = Field(default=None, max_length=30, index=True)  # sign-up looks a phone up
    email: str | None = Field(default=None, max_length=200)
    is_active: bool = True
    created_at: datetime = now_column()
    # Bumped by every change to the account (roles, password, enabled): `expectedVersion`.
    version: int = Field(default=1)
    # Our tokens carry the version they were minted at; bumping it signs out every session.
    token_version: int = Field(default=0)
    # When it last signed out everywhere (set with every bump of token_version): a token of the
    # external identity provider, which cannot carry our version, is refused if issued (`iat`) then
    # or before.
    sessions_ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime(), nullable=True)
    # Set when the holder deleted her account: its personal fields are erased, it signs in no more.
    erased_at: datetime | None = Field(default=None, sa_type=UTCDateTime())
    # Consent to the privacy policy (个人信息处理同意): the version agreed to, and when.
    consent_version: str | None = Field(default=None, max_length=40)
    consented_at: datetime | None = Field(default=None, sa_type=UTCDateTime(), nullable=True)
