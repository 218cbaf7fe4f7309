"""publishEvent, registerForEvent, cancelRegistration: places counted by the database."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from datasources.tables import AuditEntry, Event, EventRegistration
from resolvers.global_ids import decode
from tests.workflows.conftest import WorkflowClient

PUBLISH = """
mutation($input: PublishEventInput!) {
  publishEvent(input: $input) {
    event { id title kind status capacity registeredCount organizer { id } district { code } }
    userErrors { field code message }
  }
}"""
REGISTER = """
mutation($input: RegisterForEventInput!) {
  registerForEvent(input: $input) {
    registration { id participant { id } event { id registeredCount spotsLeft } }
    userErrors { field code }
  }
}"""
CANCEL = """
mutation($input: CancelRegistrationInput!) {
  cancelRegistration(input: $input) { event { id registeredCount } userErrors { field code } }
}"""
PARTICIPANT_VIEWERS = ("m1", "m2", "o1", "o2", "o3", "s1", "v1", "v2")
events, registrations = Event.__table__, EventRegistration.__table__


def soon(days: float) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


def event_input(**changes: Any) -> dict[str, Any]:
    return {
        "title": "妇女创业项目大赛",
        "kind": "COMPETITION",
        "startsAt": soon(10),
        "endsAt": soon(10.2),
        "registrationDeadline": soon(9),
        "capacity": 3,
        "address": "东城区妇女之家",
        **changes,
    }


def codes(payload: dict) -> list[tuple[list[str] | None, str]]:
    return [(error["field"], error["code"]) for error in payload["userErrors"]]


async def published(graph: WorkflowClient, **changes: Any) -> str:
    payload = await graph.mutate("o1", "publishEvent", PUBLISH, {"input": event_input(**changes)})
    assert payload["userErrors"] == []
    return payload["event"]["id"]


async def test_an_active_organization_publishes_an_event(graph: WorkflowClient) -> None:
    payload = await graph.mutate("o1", "publishEvent", PUBLISH, {"input": event_input()})
    assert payload["userErrors"] == []
    event = payload["event"]
    assert (event["status"], event["kind"], event["capacity"], event["registeredCount"]) == (
        "PUBLISHED",
        "COMPETITION",
        3,
        0,
    )
    assert event["organizer"]["id"] == graph.world.gid("O1")
    assert event["district"]["code"] == "110101"  # the organizer's district by default
    entries = await graph.rows(AuditEntry.__table__, AuditEntry.__table__.c.action == "publishEvent")
    assert [(e["actor_account_id"], e["after"]) for e in entries] == [
        (graph.world.ids["o1"], {"status": "PUBLISHED"})
    ]


async def test_who_may_publish(graph: WorkflowClient) -> None:
    home = await graph.mutate("m1", "publishEvent", PUBLISH, {"input": event_input()})
    assert home["userErrors"] == [] and home["event"]["organizer"]["id"] == graph.world.gid("H1")
    staff = await graph.mutate(
        "admin", "publishEvent", PUBLISH, {"input": event_input(organizerId=graph.world.gid("H2"))}
    )
    assert staff["userErrors"] == [] and staff["event"]["organizer"]["id"] == graph.world.gid("H2")
    refused = {
        ("anonymous", None): [(None, "UNAUTHENTICATED")],
        ("v1", None): [(None, "FORBIDDEN")],
        ("s1", None): [(None, "FORBIDDEN")],
        ("o1", "H1"): [(None, "FORBIDDEN")],  # not one's own
        ("o2", None): [(None, "INVALID_STATE")],  # a PENDING organization
        ("supervisor", None): [(["input", "organizerId"], "REQUIRED")],
        ("admin", "O3"): [(None, "INVALID_STATE")],  # REJECTED
    }
    for (viewer, organizer), expected in refused.items():
        changes = {"organizerId": graph.world.gid(organizer)} if organizer else {}
        payload = await graph.mutate(viewer, "publishEvent", PUBLISH, {"input": event_input(**changes)})
        assert codes(payload) == expected, viewer
    assert len(await graph.rows(events)) == 3  # the world's draft and the two above


async def test_bad_events_are_refused_with_every_problem(graph: WorkflowClient) -> None:
    payload = await graph.mutate(
        "o1",
        "publishEvent",
        PUBLISH,
        {
            "input": event_input(
                title=" ",
                capacity=0,
                startsAt=soon(-1),
                endsAt=soon(-2),
                registrationDeadline=soon(1),
                skills=["x" * 41],
            )
        },
    )
    assert codes(payload) == [
        (["input", "title"], "REQUIRED"),
        (["input", "capacity"], "OUT_OF_RANGE"),
        (["input", "skills"], "INVALID"),
        (["input", "startsAt"], "INVALID"),
        (["input", "endsAt"], "INVALID"),
        (["input", "registrationDeadline"], "INVALID"),
    ]
    late_deadline = await graph.mutate(
        "o1", "publishEvent", PUBLISH, {"input": event_input(registrationDeadline=soon(11))}
    )
    assert codes(late_deadline) == [(["input", "registrationDeadline"], "INVALID")]
    naive = await graph.mutate(
        "o1", "publishEvent", PUBLISH, {"input": event_input(startsAt="2030-01-01T09:00:00")}
    )
    assert (["input", "startsAt"], "INVALID") in codes(naive)
    assert len(await graph.rows(events)) == 1


async def test_registering_and_cancelling(graph: WorkflowClient) -> None:
    event_id = await published(graph)
    payload = await graph.mutate("v1", "registerForEvent", REGISTER, {"input": {"eventId": event_id}})
    assert payload["userErrors"] == []
    registration = payload["registration"]
    assert registration["participant"]["id"] == graph.world.gid("V1")
    assert registration["event"] == {"id": event_id, "registeredCount": 1, "spotsLeft": 2}
    twice = await graph.mutate("v1", "registerForEvent", REGISTER, {"input": {"eventId": event_id}})
    assert codes(twice) == [(["input", "eventId"], "DUPLICATE")]
    cancelled = await graph.mutate("v1", "cancelRegistration", CANCEL, {"input": {"eventId": event_id}})
    assert cancelled == {"event": {"id": event_id, "registeredCount": 0}, "userErrors": []}
    not_registered = await graph.mutate("v1", "cancelRegistration", CANCEL, {"input": {"eventId": event_id}})
    assert codes(not_registered) == [(["input", "eventId"], "NOT_FOUND")]
    actions = [e["action"] for e in await graph.rows(AuditEntry.__table__)]
    assert actions == ["publishEvent", "registerForEvent", "cancelRegistration"]


async def test_who_may_register_and_when(graph: WorkflowClient) -> None:
    event_id = await published(graph)
    variables = {"input": {"eventId": event_id}}
    assert codes(await graph.mutate("anonymous", "registerForEvent", REGISTER, variables)) == [
        (None, "UNAUTHENTICATED")
    ]
    assert codes(await graph.mutate("admin", "registerForEvent", REGISTER, variables)) == [
        (None, "FORBIDDEN")
    ]
    draft = {"input": {"eventId": graph.world.gid("Event_draft")}}
    assert codes(await graph.mutate("v1", "registerForEvent", REGISTER, draft)) == [
        (["input", "eventId"], "NOT_FOUND")  # a draft is not seen by others
    ]
    assert codes(await graph.mutate("o1", "registerForEvent", REGISTER, draft)) == [(None, "INVALID_STATE")]
    closed_an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
    await graph.build.change(
        Event, graph.world.ids["Event_draft"], status="PUBLISHED", registration_deadline=closed_an_hour_ago
    )
    closed = await graph.mutate("v1", "registerForEvent", REGISTER, draft)
    assert codes(closed) == [(None, "INVALID_STATE")]
    assert len(await graph.rows(registrations)) == 1  # the world's own


async def test_racing_registrations_never_overfill_an_event(graph: WorkflowClient) -> None:
    event_id = await published(graph, capacity=3)
    variables = {"input": {"eventId": event_id}}
    payloads = await asyncio.gather(
        *(graph.mutate(viewer, "registerForEvent", REGISTER, variables) for viewer in PARTICIPANT_VIEWERS)
    )
    accepted = [p for p in payloads if not p["userErrors"]]
    assert len(accepted) == 3
    assert {code for p in payloads for _, code in codes(p)} == {"LIMIT_REACHED"}
    pk = decode(event_id)[1]
    assert (await graph.row(events, pk))["registered_count"] == 3
    assert len(await graph.rows(registrations, registrations.c.event_id == pk)) == 3


async def test_racing_double_registrations_register_once(graph: WorkflowClient) -> None:
    event_id = await published(graph, capacity=None)
    variables = {"input": {"eventId": event_id}}
    payloads = await asyncio.gather(
        *(graph.mutate("v2", "registerForEvent", REGISTER, variables) for _ in range(5))
    )
    assert sorted(len(p["userErrors"]) for p in payloads) == [0, 1, 1, 1, 1]
    assert {code for p in payloads for _, code in codes(p)} == {"DUPLICATE"}
    pk = decode(event_id)[1]
    assert (await graph.row(events, pk))["registered_count"] == 1
