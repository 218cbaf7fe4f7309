"""The base of every table: what SQLModel sets on a table class at runtime, typed.

SQLModel builds `__table__` (a Core `Table`) on each `table=True` class but does not declare
it, so a checker cannot see it; and it declares `__tablename__` as a `declared_attr`, so a
table naming itself with a plain string looks wrong to one. Declaring both here, once, makes
`Resource.__table__` a typed `Table` wherever Core statements are built. (SQLAlchemy's
`DeclarativeBase` declares both names for the same reason.)
"""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import Table
from sqlmodel import SQLModel


class TableModel(SQLModel):
    __tablename__: ClassVar[str]  # pyright: ignore[reportIncompatibleVariableOverride]  # SQLModel: a declared_attr
    __table__: ClassVar[Table]  # set by SQLAlchemy on every `table=True` subclass
