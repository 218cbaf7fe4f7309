from __future__ import annotations

from sqlalchemy import ColumnElement
from sqlalchemy.sql import FromClause

from datasources.loaders.base import ChildCountLoader, ChildPageLoader, RowByIdLoader
from datasources.tables import VolunteerApplication


class VolunteerApplicationByIdLoader(RowByIdLoader):
    table = VolunteerApplication.__table__


def application_conditions(table: FromClause, statuses: tuple[str, ...]) -> list[ColumnElement]:
    return [table.c.status.in_(statuses)] if statuses else []


class _Applications:
    table, table_name = VolunteerApplication.__table__, "volunteer_applications"
    conditions = staticmethod(application_conditions)


class ApplicationsByVolunteerLoader(_Applications, ChildPageLoader):
    parent_columns = ("volunteer_id",)


class ApplicationCountByVolunteerLoader(_Applications, ChildCountLoader):
    parent_columns = ("volunteer_id",)


class ApplicationsByResourceLoader(_Applications, ChildPageLoader):
    parent_columns = ("resource_id",)


class ApplicationCountByResourceLoader(_Applications, ChildCountLoader):
    parent_columns = ("resource_id",)
