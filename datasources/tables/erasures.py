from __future__ import annotations

from datetime import datetime

from sqlmodel import Field

from datasources.columns import enum_column, now_column
from datasources.tables.base import TableModel


class ErasedRef(TableModel, table=True):
    """The import `ref` of a participant whose personal data was erased (deleteMyAccount): a later
    import naming it is refused, so erased data cannot come back. Only the ref is kept."""

    __tablename__ = "erased_refs"

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(max_length=100, unique=True)
    participant_kind: str = enum_column(index=False)
    erased_at: datetime = now_column()
