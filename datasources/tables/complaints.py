from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field

from datasources.columns import UTCDateTime, enum_column, external_ref, now_column
from datasources.tables.base import TableModel


class Complaint(TableModel, table=True):
    """A complaint (投诉) about a participant, filed by anyone, handled by supervisors (外部监管)."""

    __tablename__ = "complaints"
    __table_args__ = (Index("ix_complaints_subject", "subject_kind", "subject_id"),)

    id: int | None = Field(default=None, primary_key=True)
    ref: str | None = external_ref()
    tracking_code: str = Field(max_length=16, unique=True)
    subject_kind: str = enum_column(index=False)  # ParticipantKind of the participant complained about
    subject_id: int
    category: str = enum_column()
    description: str = Field(max_length=4000)
    contact_name: str | None = Field(default=None, max_length=60)
    contact_phone: str | None = Field(default=None, max_length=30)
    contact_email: str | None = Field(default=None, max_length=200)
    complainant_account_id: int | None = Field(default=None, foreign_key="accounts.id", index=True)
    status: str = enum_column()
    outcome: str | None = Field(default=None, max_length=32)
    outcome_note: str | None = Field(default=None, max_length=2000)
    version: int = Field(default=1)
    created_at: datetime = now_column()
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime(), nullable=True)


class ComplaintAction(TableModel, table=True):
    """What a supervisor did about a complaint: a warning (警告), a suspension, or a note."""

    __tablename__ = "complaint_actions"

    id: int | None = Field(default=None, primary_key=True)
    complaint_id: int = Field(foreign_key="complaints.id", index=True)
    action: str = enum_column()
    reason: str = Field(max_length=2000)
    actor_account_id: int | None = Field(default=None, foreign_key="accounts.id", index=True)
    created_at: datetime = now_column()
