"""Filtering the complaint queue, and counting each participant's supervision record in one statement."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, case, func, literal, select, tuple_, union_all
from sqlalchemy.sql import FromClause

from datasources.tables import Complaint, ComplaintAction, OrganizationStatusChange
from domain.enums import (
    ComplaintActionKind,
    ComplaintOutcome,
    ComplaintStatus,
    OrganizationStatus,
    ParticipantKind,
)

Ref = tuple[str, int]  # (ParticipantKind, id)
COUNTS = ("complaints", "open_complaints", "upheld_complaints", "warnings", "suspensions")


@dataclass(frozen=True)
class ComplaintFilters:
    statuses: tuple[str, ...] = ()
    subject: Ref | None = None


def complaint_conditions(table: FromClause, f: ComplaintFilters) -> list[ColumnElement]:
    clauses: list[ColumnElement] = []
    if f.statuses:
        clauses.append(table.c.status.in_(f.statuses))
    if f.subject is not None:
        clauses += [table.c.subject_kind == f.subject[0], table.c.subject_id == f.subject[1]]
    return clauses


def _flag(condition: ColumnElement) -> ColumnElement:
    return case((condition, 1), else_=0)


def _row(kind: ColumnElement, pk: ColumnElement, **flags: ColumnElement | int) -> list[ColumnElement]:
    """One contribution to the counts: the participant, and 0 or 1 for each count."""
    values = {name: flags.get(name, 0) for name in COUNTS}
    return [
        kind.label("kind"),
        pk.label("pk"),
        *(
            (literal(value) if isinstance(value, int) else value).label(name)
            for name, value in values.items()
        ),
    ]


def supervision_counts(refs: Sequence[Ref]) -> Select:
    """Per participant of `refs`: its complaints (all, open, upheld), the warnings given on them and,
    for organizations, the suspensions in its admission history. One statement for any mix of kinds."""
    c, a, s = Complaint.__table__.c, ComplaintAction.__table__, OrganizationStatusChange.__table__
    about = tuple_(c.subject_kind, c.subject_id).in_([tuple(ref) for ref in refs])
    complaints = select(
        *_row(
            c.subject_kind,
            c.subject_id,
            complaints=1,
            open_complaints=_flag(c.status != ComplaintStatus.CLOSED),
            upheld_complaints=_flag(c.outcome == ComplaintOutcome.UPHELD),
        )
    ).where(about)
    warnings = (
        select(*_row(c.subject_kind, c.subject_id, warnings=1))
        .select_from(a.join(Complaint.__table__, a.c.complaint_id == c.id))
        .where(about, a.c.action == ComplaintActionKind.WARN)
    )
    organizations = [pk for kind, pk in refs if kind == ParticipantKind.ORGANIZATION]
    suspensions = select(
        *_row(literal(ParticipantKind.ORGANIZATION.value), s.c.organization_id, suspensions=1)
    ).where(s.c.organization_id.in_(organizations), s.c.to_status == OrganizationStatus.SUSPENDED)
    every = union_all(complaints, warnings, suspensions).subquery("supervision")
    return select(
        every.c.kind, every.c.pk, *(func.sum(every.c[name]).label(name) for name in COUNTS)
    ).group_by(every.c.kind, every.c.pk)
