"""Following an appeal by its tracking code (the code is the resident's key to it)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from strawberry.types import Info

from datasources.loaders.base import no_filter
from datasources.tables import Appeal
from resolvers.connections import ListSpec
from schema.errors import BadInput
from schema.objects import build_named

MAX_CODE_LENGTH = 16


def no_filters(_filter: Any, _argument: str) -> None:
    return None


APPEALS = ListSpec(
    node="Appeal",
    table=Appeal.__table__,
    table_name="appeals",
    filters=no_filters,
    conditions=no_filter,
)
BY_HOME = ("appeals_by_home", "appeal_count_by_home")


async def appeal_by_tracking_code(info: Info, tracking_code: str) -> Any:
    code = tracking_code.strip().upper()
    if not code or len(code) > MAX_CODE_LENGTH:
        raise BadInput("trackingCode", "a tracking code has 1 to 16 characters")
    table = Appeal.__table__
    async with info.context.engine.connect() as connection:
        row = (await connection.execute(select(table).where(table.c.tracking_code == code))).first()
    return build_named("Appeal", row) if row is not None else None
