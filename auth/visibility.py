"""Which records a viewer may see at all (row-level visibility), in one place.

Most records are public. The restricted ones are listed in `RECORD_RULES`: which rows are
restricted, and who may still see them (their owners and federation staff). The same rules
serve SQL lists (`conditions`, so counts and pages leave hidden rows out) and single records
(`can_see`, for node, nodes, links and _entities), so no path is a side door.
docs/privacy.md is generated from these rules (see auth/policy_doc.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_, true
from sqlalchemy.sql import FromClause

from auth.viewer import Viewer
from domain.enums import DemandStatus, EventStatus, OrganizationStatus, ParticipantKind, ResourceStatus


@dataclass(frozen=True)
class Owner:
    """Who owns a row: an account acting for the participant in (`kind`|`kind_column`, `id_column`),
    or, with `account=True`, the account whose id is in `id_column`."""

    id_column: str
    kind_column: str | None = None
    kind: str | None = None
    account: bool = False
    who: str = ""  # for the documentation

    def sql(self, viewer: Viewer, table: FromClause) -> ColumnElement:
        if self.account:
            return table.c[self.id_column] == viewer.account_id if viewer.is_authenticated else false()
        if viewer.participant is None:
            return false()
        kind, pk = viewer.participant
        if self.kind_column is None:
            return table.c[self.id_column] == pk if self.kind == kind else false()
        return and_(table.c[self.kind_column] == kind, table.c[self.id_column] == pk)

    def owns(self, viewer: Viewer, row: Any) -> bool:
        if self.account:
            return viewer.is_authenticated and getattr(row, self.id_column) == viewer.account_id
        kind = getattr(row, self.kind_column) if self.kind_column else self.kind
        return kind is not None and viewer.acts_for(kind, getattr(row, self.id_column))


@dataclass(frozen=True)
class RecordRule:
    """Rows of `table` that only their owner and staff may see."""

    type_name: str
    table: str
    restricted: str  # which rows, in words (for the documentation)
    owner: Owner
    statuses: frozenset[str] | None = None  # restricted statuses; None: see `flag`
    flag: str | None = None  # a boolean column that restricts the row when true; None: every row

    def restricted_sql(self, table: FromClause) -> ColumnElement:
        if self.statuses is not None:
            return table.c.status.in_(sorted(self.statuses))
        if self.flag is not None:
            return table.c[self.flag].is_(True)
        return true()

    def is_restricted(self, row: Any) -> bool:
        if self.statuses is not None:
            return row.status in self.statuses
        if self.flag is not None:
            return bool(getattr(row, self.flag))
        return True


def _participant_owner(prefix: str, who: str) -> Owner:
    return Owner(id_column=f"{prefix}_id", kind_column=f"{prefix}_kind", who=who)


RECORD_RULES: Mapping[str, RecordRule] = {
    rule.table: rule
    for rule in (
        RecordRule(
            "Resource",
            "resources",
            "drafts (status DRAFT)",
            _participant_owner("provider", "accounts acting for its provider"),
            statuses=frozenset({ResourceStatus.DRAFT}),
        ),
        RecordRule(
            "Demand",
            "demands",
            "drafts (status DRAFT)",
            _participant_owner("requester", "accounts acting for its requester"),
            statuses=frozenset({DemandStatus.DRAFT}),
        ),
        RecordRule(
            "Event",
            "events",
            "drafts (status DRAFT)",
            _participant_owner("organizer", "accounts acting for its organizer"),
            statuses=frozenset({EventStatus.DRAFT}),
        ),
        RecordRule(
            "Organization",
            "organizations",
            "not admitted (status PENDING or REJECTED)",
            Owner(id_column="id", kind=ParticipantKind.ORGANIZATION, who="its members"),
            statuses=frozenset({OrganizationStatus.PENDING, OrganizationStatus.REJECTED}),
        ),
        RecordRule(
            "Rating",
            "ratings",
            "hidden by moderation",
            _participant_owner("rater", "its author (accounts acting for the rater)"),
            flag="hidden",
        ),
        RecordRule(
            "Appeal",
            "appeals",
            "every appeal (anyone holding the tracking code reads it through `appeal(trackingCode:)`)",
            Owner(id_column="home_id", kind=ParticipantKind.HOME, who="the manager of its home"),
        ),
        RecordRule(
            "Complaint",
            "complaints",
            "every complaint (anyone holding the tracking code reads it through `complaint(trackingCode:)`)",
            Owner(id_column="complainant_account_id", account=True, who="the account that filed it"),
        ),
        RecordRule(
            "Invitation",
            "invitations",
            "every invitation",
            Owner(id_column="inviter_account_id", account=True, who="the account that sent it"),
        ),
        RecordRule(
            "Account",
            "accounts",
            "every account",
            Owner(id_column="id", account=True, who="the account itself"),
        ),
    )
}
STAFF = "federation staff (ADMIN, SUPERVISOR)"


def conditions(viewer: Viewer, table: FromClause, table_name: str) -> Sequence[ColumnElement]:
    """SQL conditions that keep only the rows of `table` the viewer may see."""
    rule = RECORD_RULES.get(table_name)
    if rule is None or viewer.is_staff:
        return ()
    return (or_(~rule.restricted_sql(table), rule.owner.sql(viewer, table)),)


def can_see(viewer: Viewer, table_name: str, row: Any) -> bool:
    """Whether the viewer may see this one row (for node, nodes, links and _entities)."""
    if row is None:
        return False
    rule = RECORD_RULES.get(table_name)
    if rule is None or viewer.is_staff or not rule.is_restricted(row):
        return True
    return rule.owner.owns(viewer, row)


def visible_for(viewer: Viewer) -> Callable[[FromClause, str], Sequence[ColumnElement]]:
    """`conditions` bound to one viewer: what the loaders of that viewer's request filter with."""

    def visible(table: FromClause, table_name: str) -> Sequence[ColumnElement]:
        return conditions(viewer, table, table_name)

    return visible
