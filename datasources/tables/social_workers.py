from __future__ import annotations

from sqlmodel import Field

from datasources.columns import enum_column, json_list
from datasources.tables.participant import ParticipantBase


class SocialWorker(ParticipantBase, table=True):
    """A professional social worker (专业社工), usually with an agency."""

    __tablename__ = "social_workers"

    id: int | None = Field(default=None, primary_key=True)
    agency_id: int | None = Field(default=None, foreign_key="organizations.id", index=True)
    qualification_level: str = enum_column()
    specialties: list[str] = json_list()
    years_of_experience: int = 0
    bio: str = Field(default="", max_length=2000)
    phone: str | None = Field(default=None, max_length=30)
    email: str | None = Field(default=None, max_length=200)
    # Self-registered ones are PENDING until staff verify the certificate (imported and seeded
    # ones are VERIFIED); only VERIFIED ones are offered in matching.
    verification_status: str = enum_column(default="VERIFIED")
    certificate_number: str | None = Field(default=None, max_length=40)
    verification_note: str | None = Field(default=None, max_length=2000)  # why staff refused
