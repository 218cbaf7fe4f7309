"""A small history on top of the sample file: engagements, ratings, a full position, an event."""

from __future__ import annotations

from typing import Any

from tests.importer.test_import import good_lines
from tests.importer.test_publishing_rules import POSITION


def volunteer(ref: str, name: str, id_number: str) -> dict[str, Any]:
    return {"type": "Volunteer", "ref": ref, "name": name, "district": "110105", "skills": ["儿童陪伴"],
            "idNumber": id_number}  # fmt: skip


def engagement(
    ref: str, demand: str, resource: str, status: str, quantity: int, **dates: str
) -> dict[str, Any]:
    return {"type": "Engagement", "ref": ref, "demandRef": demand, "resourceRef": resource, "status": status,
            "initiatedBy": "REQUESTER", "quantity": quantity, "proposedAt": "2026-03-01T09:00:00+08:00",
            **dates}  # fmt: skip


def application(ref: str, volunteer: str, status: str, **more: Any) -> dict[str, Any]:
    return {"type": "VolunteerApplication", "ref": ref, "volunteerRef": volunteer,
            "positionRef": "res-position", "status": status, "appliedAt": "2026-03-01T08:00:00+08:00",
            "decidedAt": "2026-03-02T08:00:00+08:00", **more}  # fmt: skip


ANSWERED = {"respondedAt": "2026-03-02T09:00:00+08:00", "providerAcceptedAt": "2026-03-02T09:00:00+08:00"}
HISTORY: list[dict[str, Any]] = [
    volunteer("vol-li", "李娜", "110105198803020013"),
    volunteer("vol-wang", "王芳", "110105199203040023"),
    POSITION,
    engagement("eng-done", "dem-counselling", "res-counselling", "COMPLETED", 2, **ANSWERED,
               completedAt="2026-03-20T17:00:00+08:00"),
    engagement("eng-under-way", "dem-counselling", "res-counselling", "ACCEPTED", 2, **ANSWERED),
    engagement("eng-called-off", "dem-fund", "res-fund", "CANCELLED", 1,
               cancelledAt="2026-03-05T09:00:00+08:00", note="资金已另行落实"),
    {"type": "Rating", "ref": "rat-home", "engagementRef": "eng-done", "raterRef": "home-hlj",
     "score": 5, "quality": 5, "comment": "咨询师很专业", "createdAt": "2026-03-21T10:00:00+08:00"},
    {"type": "Rating", "ref": "rat-org", "engagementRef": "eng-done", "raterRef": "org-sunshine",
     "score": 4, "createdAt": "2026-03-22T10:00:00+08:00"},
    application("app-zhang", "vol-zhang", "COMPLETED", hoursServed=2.5,
                completedAt="2026-03-07T12:30:00+08:00"),
    application("app-li", "vol-li", "ACCEPTED"),
    application("app-wang", "vol-wang", "ACCEPTED"),
    {"type": "Event", "ref": "evt-training", "title": "家庭教育讲座", "kind": "TRAINING",
     "status": "FINISHED", "organizerRef": "home-hlj", "startsAt": "2026-04-11T14:00:00+08:00",
     "endsAt": "2026-04-11T16:00:00+08:00", "capacity": 30,
     "registrations": ["vol-zhang", "vol-li", "org-sunshine"]},
]  # fmt: skip


def history_lines() -> list[dict[str, Any]]:
    return [*good_lines(), *HISTORY]
