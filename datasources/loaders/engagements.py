from __future__ import annotations

from datasources.loaders.base import (
    ChildCountLoader,
    ChildPageLoader,
    RowByIdLoader,
    RowsByColumnLoader,
)
from datasources.queries.engagements import engagement_conditions, engagement_parties
from datasources.tables import Engagement, Rating


class EngagementByIdLoader(RowByIdLoader):
    table = Engagement.__table__


class _Engagements:
    table, table_name = Engagement.__table__, "engagements"
    conditions = staticmethod(engagement_conditions)


class EngagementsByDemandLoader(_Engagements, ChildPageLoader):
    parent_columns = ("demand_id",)


class EngagementCountByDemandLoader(_Engagements, ChildCountLoader):
    parent_columns = ("demand_id",)


class EngagementsByResourceLoader(_Engagements, ChildPageLoader):
    parent_columns = ("resource_id",)


class EngagementCountByResourceLoader(_Engagements, ChildCountLoader):
    parent_columns = ("resource_id",)


class _ByParty:
    table, table_name = engagement_parties(), "engagements"
    parent_columns = ("party_kind", "party_id")
    conditions = staticmethod(engagement_conditions)


class EngagementsByParticipantLoader(_ByParty, ChildPageLoader):
    pass


class EngagementCountByParticipantLoader(_ByParty, ChildCountLoader):
    pass


class RatingsByEngagementLoader(RowsByColumnLoader):
    table = Rating.__table__
    column = "engagement_id"
    order_by = "created_at"
