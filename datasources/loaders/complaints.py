from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from datasources.loaders.base import RowByIdLoader, RowsByColumnLoader, _EngineLoader
from datasources.queries.complaints import COUNTS, Ref, supervision_counts
from datasources.tables import Complaint, ComplaintAction


class ComplaintByIdLoader(RowByIdLoader):
    table = Complaint.__table__


class ActionsByComplaintLoader(RowsByColumnLoader):
    table = ComplaintAction.__table__
    column = "complaint_id"
    order_by = "created_at"


@dataclass(frozen=True)
class SupervisionCounts:
    complaints: int = 0
    open_complaints: int = 0
    upheld_complaints: int = 0
    warnings: int = 0
    suspensions: int = 0


class SupervisionCountsLoader(_EngineLoader[Ref, SupervisionCounts]):
    """Each participant's supervision record (public counts), by (kind, id): one statement per batch."""

    async def batch_load_fn(self, refs: Sequence[Ref]) -> list[SupervisionCounts]:
        async with self.engine.connect() as connection:
            rows = (await connection.execute(supervision_counts(refs))).all()
        found = {
            (row.kind, row.pk): SupervisionCounts(**{name: int(row._mapping[name]) for name in COUNTS})
            for row in rows
        }
        return [found.get((str(kind), pk), SupervisionCounts()) for kind, pk in refs]
