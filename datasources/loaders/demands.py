from __future__ import annotations

from datasources.loaders.base import (
    ChildCountLoader,
    ChildPageLoader,
    RowByIdLoader,
    RowsByColumnLoader,
)
from datasources.queries.demands import demand_conditions
from datasources.tables import Demand


class DemandByIdLoader(RowByIdLoader):
    table = Demand.__table__


class _Demands:
    table, table_name = Demand.__table__, "demands"
    conditions = staticmethod(demand_conditions)


class DemandsByRequesterLoader(_Demands, ChildPageLoader):
    parent_columns = ("requester_kind", "requester_id")


class DemandCountByRequesterLoader(_Demands, ChildCountLoader):
    parent_columns = ("requester_kind", "requester_id")


class DemandsByDistrictLoader(_Demands, ChildPageLoader):
    parent_columns = ("district_id",)


class DemandCountByDistrictLoader(_Demands, ChildCountLoader):
    parent_columns = ("district_id",)


class DemandsByAppealLoader(RowsByColumnLoader):
    table = Demand.__table__
    column = "appeal_id"
