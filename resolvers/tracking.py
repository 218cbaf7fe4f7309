"""Following a record by its tracking code (the code is its holder's key to it)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, select
from strawberry.types import Info

from schema.errors import BadInput
from schema.objects import build_named

MAX_CODE_LENGTH = 16


async def by_tracking_code(info: Info, type_name: str, table: Table, tracking_code: str) -> Any:
    """The `type_name` object whose row in `table` has this code (case and spaces ignored), or None."""
    code = tracking_code.strip().upper()
    if not code or len(code) > MAX_CODE_LENGTH:
        raise BadInput("trackingCode", "a tracking code has 1 to 16 characters")
    async with info.context.engine.connect() as connection:
        row = (await connection.execute(select(table).where(table.c.tracking_code == code))).first()
    return build_named(type_name, row) if row is not None else None
