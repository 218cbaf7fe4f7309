from __future__ import annotations

from datasources.loaders.base import ChildCountLoader, ChildPageLoader, RowByIdLoader, RowsByColumnLoader
from datasources.tables import Appeal, AppealReply


class AppealByIdLoader(RowByIdLoader):
    table = Appeal.__table__


class RepliesByAppealLoader(RowsByColumnLoader):
    table = AppealReply.__table__
    column = "appeal_id"
    order_by = "created_at"


class _ByHome:
    table, table_name = Appeal.__table__, "appeals"
    parent_columns = ("home_id",)


class AppealsByHomeLoader(_ByHome, ChildPageLoader):
    pass


class AppealCountByHomeLoader(_ByHome, ChildCountLoader):
    pass
