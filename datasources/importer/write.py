"""Writing checked lines, a batch at a time and type by type (what is referred to first):
creates in bulk, updates only where something changed, and at the end the figures the
workflows keep (derive.py) recomputed for every row the history touched.

Every row created or changed gets an audit entry, as the workflows that make rows write one
(createHome, proposeEngagement, rateEngagement, ...): action `import<Type>`, no actor (the
import runs from the command line), the ref and status after (and the status before, and the
fields changed, on an update). The figures recomputed afterwards are not audited one by one."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Table, delete, insert, update
from sqlalchemy.ext.asyncio import AsyncConnection

from datasources.columns import utcnow
from datasources.importer.derive import recompute
from datasources.importer.existing import TABLES, Existing
from datasources.importer.plan import Key, Link, Planned
from datasources.importer.report import ImportReport
from datasources.importer.scan import Index
from datasources.tables import metadata

STAMPS = ("created_at", "updated_at")
# The steps an appeal (its replies) and a complaint (its actions) keep: their table, key, the
# columns a line gives, and the account that took each (no line carries accounts).
STEPS = {
    "Appeal": ("appeal_replies", "appeal_id", ("body", "created_at"), "author_account_id"),
    "Complaint": (
        "complaint_actions",
        "complaint_id",
        ("action", "reason", "created_at"),
        "actor_account_id",
    ),
}  # set to now on a created row, unless the line gives it


class Writer:
    def __init__(self, connection: AsyncConnection, existing: Existing, index: Index) -> None:
        self.connection = connection
        self.existing = existing
        self.index = index  # the sketches, where the ids of the rows created are kept
        self.now: datetime = utcnow()
        self.report = ImportReport()
        self.touched: dict[str, set[int]] = {}  # type → ids whose derived figures to recompute
        self.audits: list[dict[str, Any]] = []  # the batch's audit entries

    async def write(self, kind: str, plans: list[Planned]) -> None:
        """A batch of lines of one type, the rows they refer to written already."""
        await self._create(kind, [p for p in plans if p.existing is None])
        for planned in plans:
            if planned.existing is not None:
                await self._update(kind, planned)
        if self.audits:
            await self.connection.execute(insert(metadata.tables["audit_log"]), self.audits)
            self.audits = []

    async def finish(self) -> ImportReport:
        await recompute(self.connection, self.touched)
        return self.report

    def _id(self, key: Key) -> int:
        if isinstance(key, int):
            return key
        created = self.index.declared.get(key.ref)
        if created is not None and created.row_id is not None:
            return created.row_id
        return int(self.existing.by_ref[key.type][key.ref]["id"])

    def _values(self, planned: Planned) -> dict[str, Any]:
        return {
            column: self._id(value) if isinstance(value, Link) else value
            for column, value in planned.values.items()
        }

    def _touch(self, planned: Planned) -> None:
        for kind, key in planned.touches:
            self.touched.setdefault(kind, set()).add(self._id(key))

    async def _create(self, kind: str, plans: list[Planned]) -> None:
        if not plans:
            return
        table = metadata.tables[TABLES[kind]]
        stamps = {column: self.now for column in STAMPS if column in table.c}
        rows = [stamps | self._values(planned) for planned in plans]
        result = await self.connection.execute(insert(table).returning(table.c.id, table.c.ref), rows)
        declared = self.index.declared
        for row_id, ref in result:
            declared[ref].row_id = row_id
        created = [(row_id, p) for p in plans if (row_id := declared[p.item.data.ref].row_id) is not None]
        if kind == "Organization":
            await self._status_changes([(i, None, p.values["status"], "批量导入") for i, p in created])
        if kind == "Resource":
            await self._add_service_districts([(i, p.service_districts or []) for i, p in created])
        if kind == "Event":
            await self._register([(i, p.registrations or []) for i, p in created])
        if kind == "Appeal":
            await self._add(kind, [(i, p.replies or []) for i, p in created])
        if kind == "Complaint":
            await self._add(kind, [(i, p.actions or []) for i, p in created])
        for row_id, planned in created:
            self._touch(planned)
            self._audit(kind, row_id, {}, _after(planned.values))
        self.report.created[kind] += len(plans)

    async def _update(self, kind: str, planned: Planned) -> None:
        row = planned.existing
        assert row is not None
        changed = {k: v for k, v in self._values(planned).items() if row.get(k) != v}
        districts = planned.service_districts
        districts_changed = districts is not None and districts != self.existing.service_districts.get(
            row["id"], []
        )
        registered = planned.registrations
        registrations_changed = registered is not None and sorted(
            (k, self._id(key)) for k, key in registered
        ) != sorted(self.existing.registrations.get(row["id"], []))
        steps = planned.replies if kind == "Appeal" else planned.actions
        steps_changed = steps is not None and steps != self._steps_before(kind, row["id"])
        if not changed and not districts_changed and not registrations_changed and not steps_changed:
            self.report.unchanged[kind] += 1
            return
        table = metadata.tables[TABLES[kind]]
        if changed:
            changed |= {"version": row["version"] + 1} if "version" in table.c else {}
            changed |= {"updated_at": self.now} if "updated_at" in table.c else {}
            await self.connection.execute(update(table).where(table.c.id == row["id"]).values(changed))
        if districts_changed:
            await self._replace(metadata.tables["resource_service_districts"], "resource_id", row["id"])
            await self._add_service_districts([(row["id"], districts or [])])
        if registrations_changed:
            await self._replace(metadata.tables["event_registrations"], "event_id", row["id"])
            await self._register([(row["id"], registered or [])])
        if steps_changed:
            await self._replace(metadata.tables[STEPS[kind][0]], STEPS[kind][1], row["id"])
            await self._add(kind, [(row["id"], steps or [])])
        if kind == "Organization" and "status" in changed:
            await self._status_changes([(row["id"], row["status"], changed["status"], "批量导入更新")])
        self._touch(planned)
        before = {"status": row["status"]} if "status" in changed else {}
        fields = sorted(set(changed) - {"version", "updated_at"})
        fields += ["service_districts"] if districts_changed else []
        fields += ["registrations"] if registrations_changed else []
        fields += [{"Appeal": "replies", "Complaint": "actions"}[kind]] if steps_changed else []
        self._audit(kind, row["id"], before, {**_after({**row, **changed}), "fields": fields})
        self.report.updated[kind] += 1

    def _audit(self, kind: str, row_id: int, before: dict[str, Any], after: dict[str, Any]) -> None:
        self.audits.append({
            "actor_account_id": None, "action": f"import{kind}", "entity_type": kind, "entity_id": row_id,
            "before": before, "after": after, "created_at": self.now,
        })  # fmt: skip

    async def _replace(self, table: Table, column: str, row_id: int) -> None:
        await self.connection.execute(delete(table).where(table.c[column] == row_id))

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

    async def _register(self, events: list[tuple[int, list[tuple[str, Key]]]]) -> None:
        """(event id, its registered participants) pairs."""
        rows = [
            {"event_id": e, "participant_kind": kind, "participant_id": self._id(key), "created_at": self.now}
            for e, registered in events
            for kind, key in registered
        ]
        if rows:
            await self.connection.execute(insert(metadata.tables["event_registrations"]), rows)

    def _steps_before(self, kind: str, row_id: int) -> list[dict[str, Any]]:
        """An appeal's replies or a complaint's actions as the database holds them."""
        found = (self.existing.replies if kind == "Appeal" else self.existing.actions).get(row_id, [])
        return [{name: step[name] for name in STEPS[kind][2]} for step in found]

    async def _add(self, kind: str, rows_of: list[tuple[int, list[dict[str, Any]]]]) -> None:
        """An appeal's replies or a complaint's actions: (row id, its steps) pairs. Who took each
        step is an account, which no line carries."""
        table_name, column, _, account = STEPS[kind]
        rows = [{column: i, account: None, **step} for i, found in rows_of for step in found]
        if rows:
            await self.connection.execute(insert(metadata.tables[table_name]), rows)


def _after(row: dict[str, Any]) -> dict[str, Any]:
    """What an audit entry records of the row an import leaves: its ref, and status if it has one."""
    return {"ref": row["ref"]} | ({"status": row["status"]} if "status" in row else {})
