from __future__ import annotations

from datasources.loaders.base import (
    ChildCountLoader,
    ChildPageLoader,
    RowByIdLoader,
    RowsByColumnLoader,
)
from datasources.queries.resources import resource_conditions
from datasources.tables import Resource, ResourceServiceDistrict


class ResourceByIdLoader(RowByIdLoader):
    table = Resource.__table__


class _Resources:
    table, table_name = Resource.__table__, "resources"
    conditions = staticmethod(resource_conditions)


class ResourcesByProviderLoader(_Resources, ChildPageLoader):
    parent_columns = ("provider_kind", "provider_id")


class ResourceCountByProviderLoader(_Resources, ChildCountLoader):
    parent_columns = ("provider_kind", "provider_id")


class ResourcesByDistrictLoader(_Resources, ChildPageLoader):
    parent_columns = ("district_id",)


class ResourceCountByDistrictLoader(_Resources, ChildCountLoader):
    parent_columns = ("district_id",)


class ServiceDistrictsByResourceLoader(RowsByColumnLoader):
    table = ResourceServiceDistrict.__table__
    column = "resource_id"
    order_by = "district_id"
