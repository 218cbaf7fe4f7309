"""Everything held about one account holder, as one JSON document (`Account.personalData`, the
PIPL right of access): her account, the person she acts for (a volunteer or social worker: every
column; a home or organization she only acts for: which one), what that person did on the
platform, the complaints she filed and the changes she made (the audit log). A fixed number of
statements, whatever she did.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from datasources.loaders.participants import PARTICIPANT_TABLES
from datasources.tables import (
    Account,
    AuditEntry,
    Complaint,
    Engagement,
    EventRegistration,
    Rating,
    Resource,
    VolunteerApplication,
)
from domain.enums import ParticipantKind
from domain.global_ids import PARTICIPANT_TYPE_NAMES, encode

ACCOUNTS: Table = Account.__table__
AUDIT: Table = AuditEntry.__table__
COMPLAINTS: Table = Complaint.__table__
ENGAGEMENTS: Table = Engagement.__table__
REGISTRATIONS: Table = EventRegistration.__table__
RATINGS: Table = Rating.__table__
RESOURCES: Table = Resource.__table__
APPLICATIONS: Table = VolunteerApplication.__table__
PEOPLE = (ParticipantKind.VOLUNTEER, ParticipantKind.SOCIAL_WORKER)
# Never handed out, even to the holder herself.
SECRET = frozenset({"password_hash"})
# Foreign keys shown as the global id of what they name.
REFERENCES = {
    "resource_id": "Resource",
    "demand_id": "Demand",
    "event_id": "Event",
    "engagement_id": "Engagement",
    "volunteer_id": "Volunteer",
    "district_id": "District",
    "agency_id": "Organization",
    "complainant_account_id": "Account",
    "actor_account_id": "Account",
}


def _value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _camel(column: str) -> str:
    head, *rest = column.split("_")
    return head + "".join(part.title() for part in rest)


def plain(row: Row, type_name: str) -> dict[str, Any]:
    """A row as JSON: camelCase names, global ids, times in ISO 8601."""
    out: dict[str, Any] = {}
    for column, value in row._mapping.items():
        if column in SECRET:
            continue
        if column == "id":
            out["id"] = encode(type_name, value)
        elif column in REFERENCES and value is not None:
            out[_camel(column)] = encode(REFERENCES[column], value)
        else:
            out[_camel(column)] = _value(value)
    return out


async def _all(connection: AsyncConnection, statement: Any, type_name: str) -> list[dict[str, Any]]:
    return [plain(row, type_name) for row in (await connection.execute(statement)).all()]


async def personal_data(connection: AsyncConnection, account_id: int) -> dict[str, Any]:
    """The document of the account `account_id` (an active one)."""
    account = (await connection.execute(select(ACCOUNTS).where(ACCOUNTS.c.id == account_id))).one()
    document: dict[str, Any] = {"account": plain(account, "Account")}
    kind = ParticipantKind(account.participant_kind) if account.participant_kind else None
    if kind is not None:
        type_name = PARTICIPANT_TYPE_NAMES[kind]
        document["actsFor"] = {"type": type_name, "id": encode(type_name, account.participant_id)}
    if kind is not None and kind in PEOPLE:
        document.update(await _person(connection, kind, account.participant_id))
    document["complaintsFiled"] = await _all(
        connection,
        select(COMPLAINTS).where(COMPLAINTS.c.complainant_account_id == account_id).order_by(COMPLAINTS.c.id),
        "Complaint",
    )
    changes = await connection.execute(
        select(AUDIT.c.action, AUDIT.c.entity_type, AUDIT.c.entity_id, AUDIT.c.created_at)
        .where(AUDIT.c.actor_account_id == account_id)
        .order_by(AUDIT.c.id)
    )
    document["changesMade"] = [
        {"action": row.action, "of": encode(row.entity_type, row.entity_id), "at": _value(row.created_at)}
        for row in changes
    ]
    return document


async def _person(connection: AsyncConnection, kind: ParticipantKind, pk: int) -> dict[str, Any]:
    """What a volunteer or social worker is and did: her profile, her applications and event
    registrations, the resources she offers and their engagements, ratings given and received."""
    type_name = PARTICIPANT_TYPE_NAMES[kind]
    table = PARTICIPANT_TABLES[kind]
    profile = (await connection.execute(select(table).where(table.c.id == pk))).one()
    mine_rated = (RATINGS.c.rater_kind == kind, RATINGS.c.rater_id == pk)
    about_me = (RATINGS.c.ratee_kind == kind, RATINGS.c.ratee_id == pk)
    resources = select(RESOURCES.c.id).where(RESOURCES.c.provider_kind == kind, RESOURCES.c.provider_id == pk)
    document: dict[str, Any] = {
        "profile": plain(profile, type_name),
        "eventRegistrations": await _all(
            connection,
            select(REGISTRATIONS)
            .where(REGISTRATIONS.c.participant_kind == kind, REGISTRATIONS.c.participant_id == pk)
            .order_by(REGISTRATIONS.c.id),
            "EventRegistration",
        ),
        "resources": await _all(
            connection,
            select(RESOURCES)
            .where(RESOURCES.c.provider_kind == kind, RESOURCES.c.provider_id == pk)
            .order_by(RESOURCES.c.id),
            "Resource",
        ),
        "engagements": await _all(
            connection,
            select(ENGAGEMENTS).where(ENGAGEMENTS.c.resource_id.in_(resources)).order_by(ENGAGEMENTS.c.id),
            "Engagement",
        ),
        "ratingsGiven": await _all(
            connection, select(RATINGS).where(*mine_rated).order_by(RATINGS.c.id), "Rating"
        ),
        "ratingsReceived": await _all(
            connection, select(RATINGS).where(*about_me).order_by(RATINGS.c.id), "Rating"
        ),
    }
    if kind == ParticipantKind.VOLUNTEER:
        document["applications"] = await _all(
            connection,
            select(APPLICATIONS).where(APPLICATIONS.c.volunteer_id == pk).order_by(APPLICATIONS.c.id),
            "VolunteerApplication",
        )
    return document
