"""The 24-hour appeal channel (网上妇女之家): submitAppeal, replyToAppeal, convertAppealToDemand and
closeAppeal.

An appeal's status moves only with a conditional UPDATE (`WHERE status = :seen`), so of two
racing answers to one appeal the second sees the first's result (CONFLICT), and an appeal
becomes at most one demand (`demands.appeal_id` is unique as well).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from auth.viewer import Viewer
from datasources.columns import utcnow
from datasources.tables import Appeal, AppealReply, Demand, Home
from datasources.writes import audit, audit_status
from domain.enums import AppealStatus, DemandStatus, ParticipantKind
from domain.problems import Problem, Rejected, UserErrorCode
from domain.workflows.appeals import (
    AppealInput,
    DemandFromAppeal,
    check_appeal,
    check_close_reason,
    check_demand,
    check_reply,
)
from domain.workflows.checks import key_of, optional_text
from domain.workflows.states import APPEAL, next_status
from services.changes import Announcement, Changed, changed
from services.rows import not_found, visible_row
from services.tracking import insert_with_fresh_code

appeals = Appeal.__table__
homes = Home.__table__
OPEN_STATUSES = (AppealStatus.SUBMITTED, AppealStatus.REPLIED)  # still waiting for the home


@dataclass(frozen=True)
class SubmitAppeal:
    topic: str
    content: str
    home_id: str | None = None  # its global id: addressed to one home,
    district_id: str | None = None  # or to a district (routed to one of its homes)
    contact_name: str | None = None
    contact_phone: str | None = None


@dataclass(frozen=True)
class ReplyToAppeal:
    appeal_id: str  # its global id
    body: str


@dataclass(frozen=True)
class ConvertAppealToDemand:
    appeal_id: str  # its global id
    demand: DemandFromAppeal


@dataclass(frozen=True)
class CloseAppeal:
    appeal_id: str  # its global id
    reason: str | None = None


async def submit_appeal(connection: AsyncConnection, viewer: Viewer, command: SubmitAppeal) -> Changed:
    """Insert a SUBMITTED appeal, addressed to its home or routed within its district."""
    appeal = AppealInput(
        home_id=key_of(command.home_id, "Home", "homeId") if command.home_id else None,
        district_id=key_of(command.district_id, "District", "districtId") if command.district_id else None,
        topic=command.topic,
        content=command.content,
        contact_name=command.contact_name,
        contact_phone=command.contact_phone,
    )
    check_appeal(appeal)
    now = utcnow()
    if appeal.home_id is not None:
        home = (await connection.execute(select(homes).where(homes.c.id == appeal.home_id))).first()
        if home is None:
            raise not_found("homeId")
    else:
        home = await _least_busy_home(connection, appeal.district_id)
    values = {
        "home_id": home.id,
        "district_id": home.district_id,
        "topic": appeal.topic.strip(),
        "content": appeal.content.strip(),
        "status": AppealStatus.SUBMITTED,
        "contact_name": optional_text(appeal.contact_name),
        "contact_phone": optional_text(appeal.contact_phone),
        "created_at": now,
        "updated_at": now,
    }
    appeal_id = await insert_with_fresh_code(connection, appeals, values)
    await _audit(connection, viewer, "submitAppeal", appeal_id, None, AppealStatus.SUBMITTED)
    return changed("Appeal", appeal_id)


async def _least_busy_home(connection: AsyncConnection, district_id: int | None) -> Row:
    """The district's home with the fewest open appeals (homes with a manager first; the
    oldest home on ties), so routing is deterministic and spreads the work."""
    open_appeals = (
        select(func.count())
        .where(appeals.c.home_id == homes.c.id, appeals.c.status.in_(OPEN_STATUSES))
        .scalar_subquery()
    )
    home = (
        await connection.execute(
            select(homes.c.id, homes.c.district_id)
            .where(homes.c.district_id == district_id)
            .order_by(homes.c.manager_account_id.is_(None), open_appeals, homes.c.id)
            .limit(1)
        )
    ).first()
    if home is None:
        raise Rejected(Problem(UserErrorCode.NOT_FOUND, "no_home_in_district", ("input", "districtId")))
    return home


async def reply_to_appeal(connection: AsyncConnection, viewer: Viewer, command: ReplyToAppeal) -> Changed:
    """Add the home's answer; the appeal becomes REPLIED."""
    appeal_id = key_of(command.appeal_id, "Appeal", "appealId")
    check_reply(command.body)
    now = utcnow()
    row = await visible_row(connection, appeals, appeal_id, viewer, "appealId")
    await _move(connection, viewer, row, "reply", "replyToAppeal", now)
    await connection.execute(  # the clock of the 24-hour promise: the first reply only
        appeals.update()
        .where(appeals.c.id == appeal_id, appeals.c.first_replied_at.is_(None))
        .values(first_replied_at=now)
    )
    await connection.execute(
        insert(AppealReply.__table__),
        {
            "appeal_id": appeal_id,
            "author_account_id": viewer.account_id,
            "body": command.body.strip(),
            "created_at": now,
        },
    )
    return changed("Appeal", appeal_id)


async def convert_appeal_to_demand(
    connection: AsyncConnection, viewer: Viewer, command: ConvertAppealToDemand
) -> Changed:
    """Publish an OPEN demand of the appeal's home, linked to it; the appeal becomes CONVERTED.
    The demand is announced as published too."""
    appeal_id = key_of(command.appeal_id, "Appeal", "appealId")
    now = utcnow()
    check_demand(command.demand, now)
    row = await visible_row(connection, appeals, appeal_id, viewer, "appealId")
    if not viewer.acts_for(ParticipantKind.HOME, row.home_id):
        raise Rejected(Problem(UserErrorCode.FORBIDDEN, "forbidden"))
    await _move(connection, viewer, row, "convert", "convertAppealToDemand", now)
    home = (await connection.execute(select(homes).where(homes.c.id == row.home_id))).one()
    demands = Demand.__table__
    demand_id = (
        await connection.execute(
            insert(demands).returning(demands.c.id),
            {
                **command.demand.values(),
                "status": DemandStatus.OPEN,
                "requester_kind": ParticipantKind.HOME,
                "requester_id": home.id,
                "district_id": home.district_id,
                "subdistrict": home.subdistrict,
                "lat": home.lat,
                "lon": home.lon,
                "appeal_id": appeal_id,
                "published_at": now,
                "created_at": now,
                "updated_at": now,
            },
        )
    ).scalar_one()
    await audit(
        connection,
        actor_account_id=viewer.account_id,
        action="convertAppealToDemand",
        entity_type="Demand",
        entity_id=demand_id,
        after={"status": DemandStatus.OPEN.value, "appeal": appeal_id},
    )
    return changed("Appeal", appeal_id, Announcement("Demand", demand_id, "convertAppealToDemand"))


async def close_appeal(connection: AsyncConnection, viewer: Viewer, command: CloseAppeal) -> Changed:
    """Close the appeal (办结), with an optional reason kept in the audit log."""
    appeal_id = key_of(command.appeal_id, "Appeal", "appealId")
    check_close_reason(command.reason)
    row = await visible_row(connection, appeals, appeal_id, viewer, "appealId")
    await _move(
        connection, viewer, row, "close", "closeAppeal", utcnow(), reason=optional_text(command.reason)
    )
    return changed("Appeal", appeal_id)


async def _move(
    connection: AsyncConnection,
    viewer: Viewer,
    row: Row,
    action: str,
    mutation: str,
    now: datetime,
    **facts: Any,
) -> None:
    """Move the appeal by `action` if nobody moved it since it was read; audit the move."""
    status = next_status(APPEAL, row.status, action)
    moved = await connection.execute(
        appeals.update()
        .where(appeals.c.id == row.id, appeals.c.status == row.status)
        .values(status=status, updated_at=now)
    )
    if moved.rowcount == 0:
        raise Rejected(Problem(UserErrorCode.CONFLICT, "conflict"))
    await _audit(connection, viewer, mutation, row.id, row.status, status, **facts)


async def _audit(
    connection: AsyncConnection,
    viewer: Viewer,
    action: str,
    appeal_id: int,
    before: str | None,
    after: str,
    **facts: Any,
) -> None:
    await audit_status(connection, viewer.account_id, action, ("Appeal", appeal_id), before, after, **facts)
