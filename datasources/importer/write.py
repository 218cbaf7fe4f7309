"""Writing a checked plan: creates in bulk, updates only where something changed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, update
from sqlalchemy.ext.asyncio import AsyncConnection

from datasources.columns import utcnow
from datasources.importer.existing import TABLES, Existing
from datasources.importer.report import TYPES, ImportReport
from datasources.importer.validate import Link, Planned
from datasources.tables import metadata

VERSIONED = ("Resource", "Demand")  # rows that carry version and updated_at


class Writer:
    def __init__(self, connection: AsyncConnection, existing: Existing) -> None:
        self.connection = connection
        self.existing = existing
        self.ids: dict[Link, int] = {}  # rows created by this import
        self.now: datetime = utcnow()
        self.report = ImportReport()

    async def write(self, plans: list[Planned]) -> ImportReport:
        for kind in TYPES:  # in dependency order: what is referenced is written first
            group = [p for p in plans if p.item.type == kind]
            await self._create(kind, [p for p in group if p.existing is None])
            for planned in group:
                if planned.existing is not None:
                    await self._update(kind, planned)
        return self.report

    def _id(self, link: Link) -> int:
        if link in self.ids:
            return self.ids[link]
        return int(self.existing.by_ref[link.type][link.ref]["id"])

    def _values(self, planned: Planned) -> dict[str, Any]:
        return {
            column: self._id(value) if isinstance(value, Link) else value
            for column, value in planned.values.items()
        }

    async def _create(self, kind: str, plans: list[Planned]) -> None:
        if not plans:
            return
        table = metadata.tables[TABLES[kind]]
        stamps = {"created_at": self.now} | ({"updated_at": self.now} if kind in VERSIONED else {})
        rows = [self._values(planned) | stamps for planned in plans]
        result = await self.connection.execute(insert(table).returning(table.c.id, table.c.ref), rows)
        for row_id, ref in result:
            self.ids[Link(kind, ref)] = row_id
        created = [(self.ids[Link(kind, p.item.data.ref)], p) for p in plans]
        if kind == "Organization":
            await self._status_changes([(i, None, p.values["status"], "批量导入") for i, p in created])
        if kind == "Resource":
            await self._add_service_districts([(i, p.service_districts or []) for i, p in created])
        self.report.created[kind] += len(plans)

    async def _update(self, kind: str, planned: Planned) -> None:
        row = planned.existing
        assert row is not None
        changed = {k: v for k, v in self._values(planned).items() if row.get(k) != v}
        districts = planned.service_districts
        districts_changed = districts is not None and districts != self.existing.service_districts.get(
            row["id"], []
        )
        if not changed and not districts_changed:
            self.report.unchanged[kind] += 1
            return
        if kind in VERSIONED:
            changed |= {"version": row["version"] + 1, "updated_at": self.now}
        table = metadata.tables[TABLES[kind]]
        await self.connection.execute(update(table).where(table.c.id == row["id"]).values(changed))
        if districts_changed:
            table = metadata.tables["resource_service_districts"]
            await self.connection.execute(delete(table).where(table.c.resource_id == row["id"]))
            await self._add_service_districts([(row["id"], districts or [])])
        if kind == "Organization" and "status" in changed:
            await self._status_changes([(row["id"], row["status"], changed["status"], "批量导入更新")])
        self.report.updated[kind] += 1

    async def _status_changes(self, changes: list[tuple[int, str | None, str, str]]) -> None:
        """Admission history rows: (organization id, from status, to status, reason)."""
        rows = [
            {
                "organization_id": organization_id,
                "from_status": before,
                "to_status": after,
                "reason": reason,
                "actor_account_id": None,
                "created_at": self.now,
            }
            for organization_id, before, after, reason in changes
        ]
        await self.connection.execute(insert(metadata.tables["organization_status_changes"]), rows)

    async def _add_service_districts(self, served: list[tuple[int, list[int]]]) -> None:
        """(resource id, the extra districts it serves) pairs."""
        rows = [{"resource_id": r, "district_id": d} for r, districts in served for d in districts]
        if rows:
            await self.connection.execute(insert(metadata.tables["resource_service_districts"]), rows)


async def write_plan(connection: AsyncConnection, plans: list[Planned], existing: Existing) -> ImportReport:
    return await Writer(connection, existing).write(plans)
