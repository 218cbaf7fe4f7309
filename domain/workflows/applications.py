"""Volunteer applications (志愿岗位申请): who acts on one, and how many hours a completion may record.

A position's place is taken when the provider accepts (one unit of the resource's quantity,
see accounting.py) and given back when an accepted volunteer withdraws; a completed
application keeps its place and adds its minutes to the volunteer's total service hours.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from domain.enums import ApplicationStatus, ParticipantKind
from domain.problems import Problem, Rejected, UserErrorCode
from domain.workflows.checks import Checks

Ref = tuple[str, int]  # a participant: (kind, id)
MAX_MOTIVATION = 1000  # why she applies
DAY = timedelta(days=1)
MINUTES_PER_DAY = 24 * 60
# An application in these statuses blocks a new one of the same volunteer and position;
# a WITHDRAWN one is reopened instead ("reapply").
BLOCKING = frozenset(
    {
        ApplicationStatus.APPLIED,
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.DECLINED,
        ApplicationStatus.COMPLETED,
    }
)


def check_motivation(checks: Checks, motivation: str | None) -> None:
    """Why she applies: optional, at most MAX_MOTIVATION characters."""
    checks.text("motivation", motivation, required=False, max_length=MAX_MOTIVATION)


def applicant(viewer: Ref | None) -> int:
    """The volunteer the viewer acts for; FORBIDDEN for anyone else (staff, homes, organizations)."""
    if viewer is None or viewer[0] != ParticipantKind.VOLUNTEER:
        raise Rejected(Problem(UserErrorCode.FORBIDDEN, "forbidden"))
    return viewer[1]


def own_position_problems(viewer: Ref | None, provider: Ref, field: str) -> list[Problem]:
    """A volunteer who offers a position herself does not apply to it."""
    if viewer != provider:
        return []
    return [Problem(UserErrorCode.INVALID, "same_party", ("input", field), {"field": field})]


def require_provider(viewer: Ref | None, provider: Ref) -> None:
    """Only accounts acting for the position's provider accept, decline or complete."""
    if viewer != provider:
        raise Rejected(Problem(UserErrorCode.FORBIDDEN, "only_provider"))


def require_applicant(viewer: Ref | None, volunteer_id: int) -> None:
    """Only the volunteer who applied withdraws."""
    if viewer != (ParticipantKind.VOLUNTEER, volunteer_id):
        raise Rejected(Problem(UserErrorCode.FORBIDDEN, "only_applicant"))


def service_days(
    available_from: datetime | None, available_until: datetime | None, applied_at: datetime, now: datetime
) -> int:
    """Days the service could have taken: the position's window, from its start (or the day she
    applied) to its end (or now), counted in started days; at least one."""
    start = available_from or applied_at
    end = min(available_until, now) if available_until is not None else now
    if end <= start:
        return 1
    return max(1, math.ceil((end - start) / DAY))


def service_minutes(hours: float, days: int, field: str) -> int:
    """`hours` served as whole minutes: more than zero, at most 24 hours per day of `days`
    (OUT_OF_RANGE otherwise)."""
    high = days * 24
    minutes = round(hours * 60) if math.isfinite(hours) else -1
    if not 1 <= minutes <= days * MINUTES_PER_DAY:
        raise Rejected(
            Problem(
                UserErrorCode.OUT_OF_RANGE,
                "hours_out_of_range",
                ("input", field),
                {"field": field, "max": high},
            )
        )
    return minutes
