"""The complaint queue (supervisors) and following a complaint by its tracking code (anyone)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Row

from datasources.queries.complaints import ComplaintFilters, complaint_conditions
from datasources.tables import Complaint
from domain.global_ids import PARTICIPANT_TYPES
from resolvers.arguments import names
from resolvers.connections import ListSpec
from resolvers.context import Info
from resolvers.errors import BadInput
from resolvers.global_ids import decode
from resolvers.tracking import by_tracking_code


def participant_ref(global_id: str, argument: str) -> tuple[str, int]:
    """(kind, id) of a participant's global id; BadInput at `argument` for any other id."""
    type_name, pk = decode(global_id, argument=argument)
    kind = PARTICIPANT_TYPES.get(type_name)
    if kind is None:
        raise BadInput(argument, f"expected the id of a participant, got a {type_name}")
    return kind.value, pk


def complaint_filters(filter: Any, argument: str) -> ComplaintFilters:
    if filter is None:
        return ComplaintFilters()
    subject = participant_ref(filter.subject, f"{argument}.subject") if filter.subject else None
    return ComplaintFilters(statuses=names(filter.statuses), subject=subject)


COMPLAINTS = ListSpec(
    node="Complaint",
    table=Complaint.__table__,
    table_name="complaints",
    filters=complaint_filters,
    conditions=complaint_conditions,
    default_descending=False,  # the queue: oldest first
)


async def complaint_by_tracking_code(info: Info, tracking_code: str) -> Row | None:
    return await by_tracking_code(info, Complaint.__table__, tracking_code)
