from __future__ import annotations

from datasources.loaders.base import ChildCountLoader, ChildPageLoader, RowByIdLoader
from datasources.tables import Rating


class RatingByIdLoader(RowByIdLoader):
    table = Rating.__table__


class _ByRatee:
    table, table_name = Rating.__table__, "ratings"
    parent_columns = ("ratee_kind", "ratee_id")


class RatingsByRateeLoader(_ByRatee, ChildPageLoader):
    pass


class RatingCountByRateeLoader(_ByRatee, ChildCountLoader):
    pass


class _ByRater:
    table, table_name = Rating.__table__, "ratings"
    parent_columns = ("rater_kind", "rater_id")


class RatingsByRaterLoader(_ByRater, ChildPageLoader):
    pass


class RatingCountByRaterLoader(_ByRater, ChildCountLoader):
    pass
