"""Filtering the invitations staff list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, or_
from sqlalchemy.sql import FromClause

from domain.workflows.invitations import InvitationStatus


@dataclass(frozen=True)
class InvitationFilters:
    statuses: tuple[str, ...] = ()  # as shown: EXPIRED is an OPEN one past its expiry
    now: datetime | None = None  # when EXPIRED begins (set with statuses)


def invitation_conditions(table: FromClause, f: InvitationFilters) -> list[ColumnElement]:
    if not f.statuses or f.now is None:
        return []
    live = table.c.expires_at > f.now
    shown = {
        InvitationStatus.OPEN: and_(table.c.status == InvitationStatus.OPEN, live),
        InvitationStatus.EXPIRED: and_(table.c.status == InvitationStatus.OPEN, ~live),
        InvitationStatus.ACCEPTED: table.c.status == InvitationStatus.ACCEPTED,
        InvitationStatus.REVOKED: table.c.status == InvitationStatus.REVOKED,
    }
    return [or_(*(shown[InvitationStatus(status)] for status in f.statuses))]
