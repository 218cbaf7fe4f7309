"""Profiles (资料): updateVolunteerProfile, updateSocialWorkerProfile, updateHomeProfile,
updateOrganizationProfile. One use case for the four kinds: the participant's own accounts
change the fields they name (domain/workflows/profiles.py), with the version they saw.

The UPDATE is conditioned on that version, so of two racing updates the second changes nothing
(CONFLICT). The audit entry holds each changed field's value before and after (personal ones too:
`deleteMyAccount` erases them there as well). An organization whose name or credit code changes
goes back to review: ACTIVE becomes PENDING, one more step of its admission history.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from auth.viewer import Viewer
from datasources.loaders.participants import PARTICIPANT_TABLES
from datasources.writes import audit
from domain.enums import OrganizationStatus, ParticipantKind
from domain.global_ids import PARTICIPANT_TYPES
from domain.problems import Problem, Rejected, UserErrorCode
from domain.workflows.checks import key_of
from domain.workflows.profiles import REVIEWED_COLUMNS, checked_profile, graph_values
from domain.workflows.states import ORGANIZATION, invalid_state, next_status
from services.changes import Changed, changed
from services.offers import check_districts
from services.organizations import record_step, unique_code
from services.rows import visible_row
from services.transitions import conflict

RESUBMITTED = "修改机构名称或统一社会信用代码，重新审核"
# Organizations in these statuses keep their profile as it is (EXITED: gone; SUSPENDED: its
# name and code stay under review until reinstated).
FROZEN = frozenset({OrganizationStatus.EXITED})


@dataclass(frozen=True)
class UpdateProfile:
    """Changes to a participant's profile (its global id). `changes`: the fields given, by graph
    name (None: cleared); fields left out stay as they are."""

    id: str
    expected_version: int
    changes: Mapping[str, Any]


async def update_volunteer_profile(
    connection: AsyncConnection, viewer: Viewer, command: UpdateProfile
) -> Changed:
    return await _update(connection, viewer, command, "Volunteer")


async def update_social_worker_profile(
    connection: AsyncConnection, viewer: Viewer, command: UpdateProfile
) -> Changed:
    return await _update(connection, viewer, command, "SocialWorker")


async def update_home_profile(connection: AsyncConnection, viewer: Viewer, command: UpdateProfile) -> Changed:
    return await _update(connection, viewer, command, "Home")


async def update_organization_profile(
    connection: AsyncConnection, viewer: Viewer, command: UpdateProfile
) -> Changed:
    return await _update(connection, viewer, command, "Organization")


async def _update(
    connection: AsyncConnection, viewer: Viewer, command: UpdateProfile, type_name: str
) -> Changed:
    kind = PARTICIPANT_TYPES[type_name]
    pk = key_of(command.id, type_name, "id")
    patch = checked_profile(type_name, command.changes)
    values = dict(patch.values)
    if patch.district_id is not None:
        values["district_id"] = patch.district_id
        await check_districts(connection, "districtId", [values["district_id"]])
    table = PARTICIPANT_TABLES[kind]
    row = await visible_row(connection, table, pk, viewer, "id")
    if not viewer.acts_for(kind, pk):
        raise Rejected(Problem(UserErrorCode.FORBIDDEN, "forbidden"))
    if row.version != command.expected_version:
        raise conflict("expectedVersion")
    changes = {column: value for column, value in values.items() if getattr(row, column) != value}
    if changes.keys() & {"lat", "lon"}:  # a location is one value: both halves, or neither
        changes["lat"], changes["lon"] = values["lat"], values["lon"]
    status = _status(row, changes) if kind == ParticipantKind.ORGANIZATION else None
    if status is not None:
        changes["status"] = status
    statement = (
        update(table).where(table.c.id == pk, table.c.version == row.version).values(version=row.version + 1)
    )
    result = await (
        unique_code(connection, statement, changes)
        if "credit_code" in changes
        else connection.execute(statement, changes)
    )
    if result.rowcount != 1:
        raise conflict("expectedVersion")
    if status is not None and status != row.status:
        await record_step(
            connection, viewer.account_id, pk, row.status, status, RESUBMITTED, _action(type_name)
        )
    before = graph_values({column: getattr(row, column) for column in changes if column != "status"})
    await audit(
        connection,
        actor_account_id=viewer.account_id,
        action=_action(type_name),
        entity_type=type_name,
        entity_id=pk,
        before=before,
        after=graph_values({column: value for column, value in changes.items() if column != "status"}),
    )
    return changed(type_name, pk)


def _status(row: Row, changes: Mapping[str, Any]) -> str:
    """The organization's status after the change: an ACTIVE one whose name or credit code
    changes goes back to review (PENDING); an EXITED one changes no more, a SUSPENDED one keeps
    its name and code (INVALID_STATE)."""
    status = row.status
    if status in FROZEN:
        raise invalid_state(status, "updateOrganizationProfile")
    if not any(column in changes for column in REVIEWED_COLUMNS):
        return status
    if status == OrganizationStatus.SUSPENDED:
        raise invalid_state(status, "updateOrganizationProfile")
    if status == OrganizationStatus.ACTIVE:
        return next_status(ORGANIZATION, status, "resubmit")
    return status


def _action(type_name: str) -> str:
    return f"update{type_name}Profile"
