"""Conditions shared by the filters of several lists."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, Subquery, Table, and_, literal, or_, select
from sqlalchemy.sql import FromClause

from datasources.tables import Organization, SocialWorker
from domain.enums import OrganizationStatus, ParticipantKind
from domain.workflows.engagements import OFFERING
from domain.workflows.joining import VerificationStatus

VERIFIED = VerificationStatus.VERIFIED.value

KM_PER_DEGREE_LAT = 110.574
KM_PER_DEGREE_LON_AT_EQUATOR = 111.320


def contains_text(columns: Sequence[ColumnElement], text: str) -> ColumnElement:
    """Substring match on any of `columns`, case-insensitive for Latin letters.

    A substring test finds `心理` in `心理咨询服务` on both databases (word tokenizers do not
    split Chinese); the wildcards of LIKE in the user's text are escaped.
    """
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = f"%{escaped}%"
    return or_(*[column.ilike(pattern, escape="\\") for column in columns])


def active_party(kind: ColumnElement, pk: ColumnElement) -> ColumnElement:
    """Anyone but an organization that is not ACTIVE (the active ones: one small subquery) or a
    social worker not VERIFIED (the few waiting or refused ones: another)."""
    organizations = Organization.__table__
    social_workers = SocialWorker.__table__
    active = select(organizations.c.id).where(organizations.c.status == OrganizationStatus.ACTIVE)
    unverified = select(social_workers.c.id).where(social_workers.c.verification_status != VERIFIED)
    return or_(
        and_(kind != ParticipantKind.ORGANIZATION, kind != ParticipantKind.SOCIAL_WORKER),
        and_(kind == ParticipantKind.ORGANIZATION, pk.in_(active)),
        and_(kind == ParticipantKind.SOCIAL_WORKER, pk.not_in(unverified)),
    )


def offered(resources: FromClause, now: datetime) -> ColumnElement:
    """A resource can be engaged now: on offer, units left, inside its window, its provider in
    good standing (the SQL of `domain.workflows.engagements.offer_problems` finding none)."""
    c = resources.c
    return and_(
        c.status.in_(sorted(OFFERING)),
        c.quantity_committed < c.quantity,
        or_(c.available_until.is_(None), c.available_until > now),
        active_party(c.provider_kind, c.provider_id),
    )


def between(column: ColumnElement, after: datetime | None, before: datetime | None) -> list:
    clauses = []
    if after is not None:
        clauses.append(column >= after)
    if before is not None:
        clauses.append(column < before)
    return clauses


@dataclass(frozen=True)
class Near:
    """A circle on the map: centre (WGS-84) and radius in km."""

    lat: float
    lon: float
    radius_km: float


def with_distance(table: Table, near: Near) -> Subquery:
    """`table` restricted to rows within the circle, with a `distance_sq` column (km²).

    An equirectangular projection around the centre: within a city the error is far below
    the ~1 km accuracy of the coordinates, and it is plain arithmetic on both databases.
    The bounding box lets the (lat, lon) index do the first cut.
    """
    kx = KM_PER_DEGREE_LON_AT_EQUATOR * math.cos(math.radians(near.lat))
    ky = KM_PER_DEGREE_LAT
    dx = (table.c.lon - literal(near.lon)) * kx
    dy = (table.c.lat - literal(near.lat)) * ky
    distance_sq = (dx * dx + dy * dy).label("distance_sq")
    box_lat = near.radius_km / ky
    box_lon = near.radius_km / max(kx, 1e-6)
    statement: Select = select(table, distance_sq).where(
        table.c.lat.between(near.lat - box_lat, near.lat + box_lat),
        table.c.lon.between(near.lon - box_lon, near.lon + box_lon),
        (dx * dx + dy * dy) <= near.radius_km * near.radius_km,
    )
    return statement.subquery(f"{table.name}_near")
