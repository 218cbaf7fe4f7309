"""Following an appeal by its tracking code (the code is the resident's key to it)."""

from __future__ import annotations

from sqlalchemy.engine import Row

from datasources.loaders.base import no_filter
from datasources.tables import Appeal
from resolvers.connections import ListSpec, no_filters
from resolvers.context import Info
from resolvers.tracking import by_tracking_code

APPEALS = ListSpec(
    node="Appeal",
    table=Appeal.__table__,
    table_name="appeals",
    filters=no_filters,
    conditions=no_filter,
)
BY_HOME = ("appeals_by_home", "appeal_count_by_home")


async def appeal_by_tracking_code(info: Info, tracking_code: str) -> Row | None:
    return await by_tracking_code(info, Appeal.__table__, tracking_code)
