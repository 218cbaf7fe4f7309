"""Reading the rows a command changes, as the viewer may see them."""

from __future__ import annotations

from sqlalchemy import Table, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from auth.viewer import Viewer
from auth.visibility import can_see
from domain.problems import Problem, Rejected, UserErrorCode


def not_found(field: str) -> Rejected:
    """The refusal for a row that does not exist or that the viewer may not see."""
    return Rejected(Problem(UserErrorCode.NOT_FOUND, "not_found", ("input", field), {"field": field}))


async def visible_row(
    connection: AsyncConnection, table: Table, pk: int, viewer: Viewer, field: str, *, lock: bool = False
) -> Row:
    """The row, or NOT_FOUND at `field` when there is none or the viewer may not see it (a hidden
    row is never revealed). `lock`: hold it (SELECT ... FOR UPDATE; SQLite's BEGIN IMMEDIATE
    already serialises writers) so that checks made on it stay true until the commit."""
    statement = select(table).where(table.c.id == pk)
    if lock:
        statement = statement.with_for_update()
    row = (await connection.execute(statement)).one_or_none()
    if row is None or not can_see(viewer, table.name, row):
        raise not_found(field)
    return row


async def read_row(connection: AsyncConnection, table: Table, pk: int) -> Row:
    """A row the command knows exists (referenced by one it read)."""
    return (await connection.execute(select(table).where(table.c.id == pk))).one()
