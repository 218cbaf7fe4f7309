"""Reading the rows a command is about to change, as the viewer may see them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import FromClause

from auth.viewer import Viewer
from auth.visibility import can_see
from domain.problems import Problem, Rejected, UserErrorCode


def not_found(field: str) -> Rejected:
    """The refusal for a row that does not exist or that the viewer may not see."""
    return Rejected(Problem(UserErrorCode.NOT_FOUND, "not_found", ("input", field), {"field": field}))


async def visible_row(
    connection: AsyncConnection, viewer: Viewer, table: FromClause, pk: int, *, field: str
) -> Row:
    """Row `pk` of `table`, or NOT_FOUND at `field` when it is missing or hidden from the viewer."""
    row = (await connection.execute(select(table).where(table.c.id == pk))).first()
    if not can_see(viewer, table.name, row):
        raise not_found(field)
    return row
