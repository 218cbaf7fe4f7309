from __future__ import annotations

from sqlmodel import Field

from datasources.tables.base import TableModel


class District(TableModel, table=True):
    """One of Beijing's 16 districts (GB/T 2260 code)."""

    __tablename__ = "districts"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=6, unique=True)
    name: str = Field(max_length=20, unique=True)
    name_en: str = Field(max_length=40)
    lat: float
    lon: float
    subdistrict_count: int = 0
