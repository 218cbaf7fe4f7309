"""Loaders of homes, organizations, social workers and volunteers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import cast, literal, null, select, union_all
from sqlalchemy.engine import Row

from datasources.loaders.base import (
    ChildCountLoader,
    ChildPageLoader,
    RowByIdLoader,
    RowsByColumnLoader,
    Visibility,
    _EngineLoader,
    everything,
)
from datasources.queries.participants import participant_conditions
from datasources.tables import Home, Organization, OrganizationStatusChange, SocialWorker, Volunteer
from domain.enums import ParticipantKind


class HomeByIdLoader(RowByIdLoader):
    table = Home.__table__


class OrganizationByIdLoader(RowByIdLoader):
    table = Organization.__table__


class SocialWorkerByIdLoader(RowByIdLoader):
    table = SocialWorker.__table__


class VolunteerByIdLoader(RowByIdLoader):
    table = Volunteer.__table__


PARTICIPANT_TABLES = {
    ParticipantKind.HOME: Home.__table__,
    ParticipantKind.ORGANIZATION: Organization.__table__,
    ParticipantKind.SOCIAL_WORKER: SocialWorker.__table__,
    ParticipantKind.VOLUNTEER: Volunteer.__table__,
}


def _all_columns() -> dict[str, Any]:
    """Every column name of the four tables, with its type (for typed NULLs in a UNION)."""
    columns: dict[str, Any] = {}
    for table in PARTICIPANT_TABLES.values():
        for column in table.c:
            columns.setdefault(column.name, column.type)
    return columns


ALL_COLUMNS = _all_columns()


def participants_statement(ids_by_kind: dict[str, list[int]], visible: Visibility = everything) -> Any:
    """One statement for participants of several kinds: a UNION ALL of the four tables,
    each padded with typed NULLs for the columns it lacks, tagged with `participant_kind`;
    rows the viewer may not see (`visible`) are left out."""
    selects = []
    for kind, ids in ids_by_kind.items():
        table = PARTICIPANT_TABLES[ParticipantKind(kind)]
        columns = [
            table.c[name] if name in table.c else cast(null(), column_type).label(name)
            for name, column_type in ALL_COLUMNS.items()
        ]
        selects.append(
            select(literal(str(kind)).label("participant_kind"), *columns).where(
                table.c.id.in_(ids), *visible(table, table.name)
            )
        )
    return selects[0] if len(selects) == 1 else union_all(*selects)


class ParticipantByRefLoader(_EngineLoader[tuple[str, int], Row | None]):
    """Participants of any kind by (kind, id), in one statement whatever the mix of kinds.

    It serves links (a resource's provider, a rating's rater...), so it applies the viewer's
    visibility: a link to an organization she may not see resolves to None."""

    async def batch_load_fn(self, refs: Sequence[tuple[str, int]]) -> list[Row | None]:
        ids_by_kind: dict[str, list[int]] = defaultdict(list)
        for kind, pk in refs:
            ids_by_kind[kind].append(pk)
        async with self.engine.connect() as connection:
            rows = (await connection.execute(participants_statement(ids_by_kind, self.visible))).all()
        found = {(row.participant_kind, row.id): row for row in rows}
        return [found.get((str(kind), pk)) for kind, pk in refs]


class _ByDistrict:
    parent_columns = ("district_id",)
    conditions = staticmethod(participant_conditions)


class HomesByDistrictLoader(_ByDistrict, ChildPageLoader):
    table, table_name = Home.__table__, "homes"


class HomeCountByDistrictLoader(_ByDistrict, ChildCountLoader):
    table, table_name = Home.__table__, "homes"


class OrganizationsByDistrictLoader(_ByDistrict, ChildPageLoader):
    table, table_name = Organization.__table__, "organizations"


class OrganizationCountByDistrictLoader(_ByDistrict, ChildCountLoader):
    table, table_name = Organization.__table__, "organizations"


class SocialWorkersByAgencyLoader(ChildPageLoader):
    table, table_name = SocialWorker.__table__, "social_workers"
    parent_columns = ("agency_id",)
    conditions = staticmethod(participant_conditions)


class SocialWorkerCountByAgencyLoader(ChildCountLoader):
    table, table_name = SocialWorker.__table__, "social_workers"
    parent_columns = ("agency_id",)
    conditions = staticmethod(participant_conditions)


class StatusChangesByOrganizationLoader(RowsByColumnLoader):
    table = OrganizationStatusChange.__table__
    column = "organization_id"
    order_by = "created_at"
