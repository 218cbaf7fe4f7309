from __future__ import annotations

from sqlmodel import Field

from datasources.tables.participant import ParticipantBase


class Home(ParticipantBase, table=True):
    """A community women's home (妇女之家), the grassroots service point of a community."""

    __tablename__ = "homes"

    id: int | None = Field(default=None, primary_key=True)
    subdistrict: str = Field(max_length=60, index=True)  # 街道/乡镇
    community: str = Field(max_length=100)  # 社区/村
    address: str = Field(max_length=300)  # the home's own (public) address
    lat: float
    lon: float
    manager_account_id: int | None = Field(default=None, foreign_key="accounts.id", index=True)
