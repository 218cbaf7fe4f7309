"""The checks of a volunteer application line: the position it is for (not the volunteer's
own), its dates by status, once per volunteer and position, and its hours served as the
completion records them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from datasources.importer.checker import Checker
from datasources.importer.dates import APPLICATION_DATES, given, in_order, required
from datasources.importer.engagements import add
from datasources.importer.models import VolunteerApplicationLine
from datasources.importer.plan import Link, Planned
from domain.enums import ApplicationStatus
from domain.workflows.applications import (
    check_motivation,
    own_position_problems,
    service_days,
    service_minutes,
)
from domain.workflows.checks import Checks


def application(checker: Checker, planned: Planned) -> None:
    item, data = planned.item, planned.item.data
    assert isinstance(data, VolunteerApplicationLine)
    volunteer = checker.resolve(item, "volunteerRef", data.volunteer_ref, ("Volunteer",))
    position = checker.row_of(item, "positionRef", data.position_ref, "Resource")
    planned.values["resource_id"] = Link("Resource", data.position_ref)
    if "hours_served" in data.model_fields_set or planned.existing is None:
        planned.values["service_minutes"] = 0  # unless the hours served are given, below
    row = {**(planned.existing or {}), **planned.values}
    checker.hold(item, lambda checks: check_motivation(checks, row["motivation"]))
    present = given(row) | ({"hoursServed"} if data.hours_served is not None else set())
    required(checker, item, row["status"], present, APPLICATION_DATES)
    in_order(checker, item, row, ("appliedAt", "decidedAt", "completedAt"))
    if volunteer is None or position is None or "provider_kind" not in position:
        return
    volunteer_key = checker.key("Volunteer", data.volunteer_ref)
    planned.values["volunteer_id"] = volunteer_key
    if position["category"] != "VOLUNTEER_POSITION":
        checker.fail(item, "positionRef", f"{data.position_ref!r} is not a volunteer position")
        return
    provider = checker.party_of(position, "provider")
    problems = own_position_problems(("VOLUNTEER", volunteer_key), provider, "positionRef")  # pyright: ignore[reportArgumentType]  # keys are ids or Links
    checker.hold(item, lambda checks: add(checks, problems))
    if (
        data.hours_served is not None
        and row["status"] == ApplicationStatus.COMPLETED
        and row.get("completed_at")
    ):
        _minutes(checker, planned, data.hours_served, position, row)
    position_key = checker.key("Resource", data.position_ref)
    first = checker.applied.setdefault((volunteer_key, position_key), item.line)
    taken = checker.existing.applications.get((volunteer_key, position_key))
    if first != item.line or (taken is not None and taken != data.ref):
        checker.fail(item, "positionRef", f"{data.volunteer_ref!r} already applied to {data.position_ref!r}")
    planned.touches += [("Resource", position_key), ("VOLUNTEER", volunteer_key)]
    if planned.existing:
        before = planned.existing
        planned.touches += [("Resource", before["resource_id"]), ("VOLUNTEER", before["volunteer_id"])]


def _minutes(
    checker: Checker, planned: Planned, hours: Decimal, position: dict[str, Any], row: dict[str, Any]
) -> None:
    """Hours served as the completion records them: whole minutes, 24 a day of the window."""
    days = service_days(position.get("available_from"), position.get("available_until"),
                        row["applied_at"], row["completed_at"])  # fmt: skip

    def minutes(_: Checks) -> None:
        planned.values["service_minutes"] = service_minutes(float(hours), days, "hoursServed")

    checker.hold(planned.item, minutes)
