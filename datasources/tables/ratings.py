from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field

from datasources.columns import external_ref, now_column
from datasources.tables.base import TableModel


class Rating(TableModel, table=True):
    """One participant's evaluation of the other side after an engagement (互评)."""

    __tablename__ = "ratings"
    __table_args__ = (
        UniqueConstraint("engagement_id", "rater_kind", "rater_id"),
        Index("ix_ratings_ratee", "ratee_kind", "ratee_id"),
        Index("ix_ratings_rater", "rater_kind", "rater_id"),
        CheckConstraint("score BETWEEN 1 AND 5", name="ck_ratings_score"),
    )

    id: int | None = Field(default=None, primary_key=True)
    ref: str | None = external_ref()
    engagement_id: int = Field(foreign_key="engagements.id", index=True)
    rater_kind: str = Field(max_length=32)
    rater_id: int
    ratee_kind: str = Field(max_length=32)
    ratee_id: int
    score: int
    timeliness: int | None = None
    quality: int | None = None
    communication: int | None = None
    comment: str = Field(default="", max_length=2000)
    hidden: bool = False
    hidden_reason: str | None = Field(default=None, max_length=2000)
    created_at: datetime = now_column()
