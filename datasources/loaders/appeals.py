from __future__ import annotations

from datasources.loaders.base import RowByIdLoader, RowsByColumnLoader
from datasources.tables import Appeal, AppealReply


class AppealByIdLoader(RowByIdLoader):
    table = Appeal.__table__


class RepliesByAppealLoader(RowsByColumnLoader):
    table = AppealReply.__table__
    column = "appeal_id"
    order_by = "created_at"
