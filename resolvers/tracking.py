"""Following a record by its tracking code (the code is its holder's key to it)."""

from __future__ import annotations

from sqlalchemy import Table, select
from sqlalchemy.engine import Row

from resolvers.context import Info
from resolvers.errors import BadInput

MAX_CODE_LENGTH = 16


async def by_tracking_code(info: Info, table: Table, tracking_code: str) -> Row | None:
    """The row of `table` that has this code (case and spaces ignored), or None."""
    code = tracking_code.strip().upper()
    if not code or len(code) > MAX_CODE_LENGTH:
        raise BadInput("trackingCode", "a tracking code has 1 to 16 characters")
    async with info.context.engine.connect() as connection:
        row = (await connection.execute(select(table).where(table.c.tracking_code == code))).first()
    return row
