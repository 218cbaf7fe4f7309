"""Which records a viewer may see at all (row-level visibility), in one place.

Anonymous visitors see public information only: drafts and organizations that were never
admitted (pending or rejected) are visible to federation staff alone, as are hidden ratings
and appeals (an appeal is reached by its tracking code, which is its own key). The same rules
serve SQL lists (`conditions`) and single records (`can_see`), so no path is a side door.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, false
from sqlalchemy.sql import FromClause

from auth.viewer import Viewer
from domain.enums import DemandStatus, EventStatus, OrganizationStatus, ResourceStatus

HIDDEN_STATUSES: Mapping[str, frozenset[str]] = {
    "resources": frozenset({ResourceStatus.DRAFT}),
    "demands": frozenset({DemandStatus.DRAFT}),
    "organizations": frozenset({OrganizationStatus.PENDING, OrganizationStatus.REJECTED}),
    "events": frozenset({EventStatus.DRAFT}),
}
# Tables no anonymous list may show.
STAFF_ONLY = frozenset({"appeals"})


def _public_rating(row: Any) -> bool:
    return not row.hidden


ROW_RULES: Mapping[str, Callable[[Any], bool]] = {
    "ratings": _public_rating,
}


def conditions(viewer: Viewer, table: FromClause, table_name: str) -> Sequence[ColumnElement]:
    """SQL conditions that keep only the rows of `table` the viewer may see."""
    if viewer.is_staff:
        return ()
    if table_name in STAFF_ONLY:
        return (false(),)
    clauses: list[ColumnElement] = []
    hidden = HIDDEN_STATUSES.get(table_name)
    if hidden:
        clauses.append(table.c.status.not_in(sorted(hidden)))
    if table_name == "ratings":
        clauses.append(table.c.hidden.is_(False))
    return clauses


def can_see(viewer: Viewer, table_name: str, row: Any) -> bool:
    """Whether the viewer may see this one row (for node, nodes, links and _entities)."""
    if row is None:
        return False
    if viewer.is_staff:
        return True
    if table_name in STAFF_ONLY:
        return False
    hidden = HIDDEN_STATUSES.get(table_name)
    if hidden and row.status in hidden:
        return False
    rule = ROW_RULES.get(table_name)
    return rule(row) if rule else True
