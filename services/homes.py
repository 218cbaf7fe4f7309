"""Homes (妇女之家) come from staff: createHome. Their managers come by invitation
(services/invitations.py)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Table, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from auth.viewer import Viewer
from datasources.tables import Home
from datasources.writes import audit
from domain.workflows.checks import Checks
from domain.workflows.homes import HomeFields, check_home
from services.changes import Changed, changed
from services.offers import check_districts

HOMES: Table = Home.__table__
TYPE = "Home"


@dataclass(frozen=True)
class CreateHome:
    district_id: str  # its global id
    home: HomeFields


async def create_home(connection: AsyncConnection, viewer: Viewer, command: CreateHome) -> Changed:
    """A new home, without a manager yet (staff invite one). Every problem comes at once."""
    checks = Checks()
    district_id = checks.key("districtId", command.district_id, "District")
    check_home(checks, command.home)
    checks.done()
    await check_districts(connection, "districtId", [district_id])
    values = {
        key: value.strip() if isinstance(value, str) else value for key, value in vars(command.home).items()
    }
    pk = (
        await connection.execute(
            insert(HOMES).values(district_id=district_id, **values).returning(HOMES.c.id)
        )
    ).scalar_one()
    await audit(
        connection,
        actor_account_id=viewer.account_id,
        action="createHome",
        entity_type=TYPE,
        entity_id=pk,
        after={"name": values["name"], "district": district_id},
    )
    return changed(TYPE, pk)
