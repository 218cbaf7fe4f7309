"""Volunteer applications: applying, the provider's answer, completion with hours, withdrawal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from datasources.tables import (
    AuditEntry,
    EventRegistration,
    Organization,
    Resource,
    Volunteer,
    VolunteerApplication,
)
from domain.global_ids import decode, encode
from tests.workflows.conftest import WorkflowClient
from tests.workflows.market import codes
from tests.workflows.positions import (
    COMPLETE,
    RESPOND,
    WITHDRAW,
    add_application,
    add_position,
    add_volunteer,
    apply,
    complete,
    respond,
    withdraw,
)

APPLICATIONS, RESOURCES, AUDIT = VolunteerApplication.__table__, Resource.__table__, AuditEntry.__table__
VOLUNTEERS = Volunteer.__table__
NOW = datetime.now(UTC)
MOTIVATION = "query($id: ID!) { node(id: $id) { ... on VolunteerApplication { motivation } } }"
SERVICE_HOURS = "query($id: ID!) { node(id: $id) { ... on Volunteer { serviceHours } } }"
PHONE = """
query($id: ID!) {
  node(id: $id) { ... on VolunteerApplication { status volunteer { name phone email } } }
}"""


def pk_of(global_id: str) -> int:
    return decode(global_id)[1]


async def audit_actions(graph: WorkflowClient, entity_id: int) -> list[tuple[str, dict | None, dict]]:
    entries = await graph.rows(
        AUDIT, AUDIT.c.entity_type == "VolunteerApplication", AUDIT.c.entity_id == entity_id
    )
    return [(entry["action"], entry["before"], entry["after"]) for entry in entries]


async def test_apply_accept_complete_records_hours_and_takes_one_place(graph: WorkflowClient) -> None:
    resource_id, position = await add_position(graph, places=2)
    v1 = graph.world.ids["V1"]
    minutes_before = (await graph.row(VOLUNTEERS, v1))["service_minutes"]

    applied = await apply(graph, "v1", position, motivation="  想为社区做点事  ")
    assert applied["userErrors"] == []
    application = applied["application"]
    assert (application["status"], application["version"], application["volunteer"]["id"]) == (
        "APPLIED",
        1,
        graph.world.gid("V1"),
    )
    assert applied["registration"] is None
    pk = pk_of(application["id"])
    assert (await graph.row(APPLICATIONS, pk))["motivation"] == "想为社区做点事"
    # Read back by her and by the position's organizer; refused to another volunteer.
    for viewer, motivation in (("v1", "想为社区做点事"), ("o1", "想为社区做点事"), ("v2", None)):
        body = await graph.post(viewer, MOTIVATION, {"id": application["id"]})
        assert body["data"]["node"]["motivation"] == motivation, viewer
        assert ("errors" in body) == (motivation is None)
    assert (await graph.row(RESOURCES, resource_id))["quantity_committed"] == 0

    accepted = await respond(graph, "o1", application["id"], expectedVersion=1)
    assert accepted["userErrors"] == []
    assert (accepted["application"]["status"], accepted["application"]["version"]) == ("ACCEPTED", 2)
    assert accepted["application"]["decidedAt"] is not None
    resource = await graph.row(RESOURCES, resource_id)
    assert (resource["quantity_committed"], resource["status"]) == (1, "PUBLISHED")

    done = await complete(graph, "o1", application["id"], 3.5, expectedVersion=2)
    assert done["userErrors"] == []
    assert (done["application"]["status"], done["application"]["hoursServed"]) == ("COMPLETED", 3.5)
    assert done["application"]["completedAt"] is not None
    assert (await graph.row(APPLICATIONS, pk))["service_minutes"] == 210
    assert (await graph.row(VOLUNTEERS, v1))["service_minutes"] == minutes_before + 210
    read = await graph.post("v1", SERVICE_HOURS, {"id": graph.world.gid("V1")})
    assert read["data"]["node"]["serviceHours"] == round((minutes_before + 210) / 60, 2)
    assert (await graph.row(RESOURCES, resource_id))["quantity_committed"] == 1  # the place stays taken

    assert await audit_actions(graph, pk) == [
        ("applyToOpportunity", {}, {"status": "APPLIED"}),
        ("acceptVolunteerApplication", {"status": "APPLIED"}, {"status": "ACCEPTED"}),
        (
            "completeVolunteerApplication",
            {"status": "ACCEPTED"},
            {"status": "COMPLETED", "serviceMinutes": 210},
        ),
    ]


async def test_total_hours_stay_the_sum_of_completed_applications(graph: WorkflowClient) -> None:
    volunteer = await add_volunteer(graph, "V9")
    for hours in (2, 1.25):
        resource_id, _ = await add_position(graph)
        _, application = await add_application(graph, volunteer, resource_id, "ACCEPTED")
        assert (await complete(graph, "o1", application, hours))["userErrors"] == []
    rows = await graph.rows(APPLICATIONS, APPLICATIONS.c.volunteer_id == volunteer)
    total = sum(row["service_minutes"] for row in rows if row["status"] == "COMPLETED")
    assert total == 195 == (await graph.row(VOLUNTEERS, volunteer))["service_minutes"]


async def _state(graph: WorkflowClient, pk: int) -> tuple[str, int, int]:
    row = await graph.row(APPLICATIONS, pk)
    return row["status"], row["version"], row["service_minutes"]


async def test_a_declined_application_takes_no_place(graph: WorkflowClient) -> None:
    resource_id, position = await add_position(graph, places=1)
    application = (await apply(graph, "v1", position))["application"]

    declined = await respond(graph, "o1", application["id"], "DECLINE")

    assert declined["userErrors"] == []
    assert declined["application"]["status"] == "DECLINED"
    resource = await graph.row(RESOURCES, resource_id)
    assert (resource["quantity_committed"], resource["status"]) == (0, "PUBLISHED")


async def test_accepting_the_last_place_exhausts_and_withdrawing_gives_it_back(graph: WorkflowClient) -> None:
    resource_id, position = await add_position(graph, places=1)
    first = (await apply(graph, "v1", position))["application"]
    second = (await apply(graph, "v2", position))["application"]
    assert (await respond(graph, "o1", first["id"]))["userErrors"] == []
    resource = await graph.row(RESOURCES, resource_id)
    assert (resource["quantity_committed"], resource["status"]) == (1, "EXHAUSTED")

    refused = await respond(graph, "o1", second["id"])
    assert [error["code"] for error in refused["userErrors"]] == ["LIMIT_REACHED"]
    assert (await _state(graph, pk_of(second["id"])))[0] == "APPLIED"
    late = await apply(graph, "v1", position)  # already applied, and no place left either way
    assert late["userErrors"] != []

    withdrawn = await withdraw(graph, "v1", first["id"])
    assert withdrawn["userErrors"] == []
    assert withdrawn["application"]["status"] == "WITHDRAWN"
    resource = await graph.row(RESOURCES, resource_id)
    assert (resource["quantity_committed"], resource["status"]) == (0, "PUBLISHED")
    entries = await graph.rows(AUDIT, AUDIT.c.entity_type == "Resource", AUDIT.c.entity_id == resource_id)
    assert [(entry["before"], entry["after"]) for entry in entries] == [
        ({"status": "PUBLISHED"}, {"status": "EXHAUSTED"}),
        ({"status": "EXHAUSTED"}, {"status": "PUBLISHED"}),
    ]
    assert (await respond(graph, "o1", second["id"]))["userErrors"] == []


async def test_withdrawing_a_pending_application_leaves_the_places_alone(graph: WorkflowClient) -> None:
    resource_id, position = await add_position(graph, places=2, quantity_committed=1)
    application = (await apply(graph, "v1", position))["application"]

    withdrawn = await withdraw(graph, "v1", application["id"], expectedVersion=1)

    assert withdrawn["userErrors"] == []
    assert (await _state(graph, pk_of(application["id"])))[:2] == ("WITHDRAWN", 2)
    assert (await graph.row(RESOURCES, resource_id))["quantity_committed"] == 1
    actions = [action for action, _, _ in await audit_actions(graph, pk_of(application["id"]))]
    assert actions == ["applyToOpportunity", "withdrawVolunteerApplication"]


# Which actions each status allows (domain/workflows/states.py APPLICATION); the rest: INVALID_STATE.
LEGAL = {
    "APPLIED": {"accept", "decline", "withdraw"},
    "ACCEPTED": {"complete", "withdraw"},
    "DECLINED": set(),
    "COMPLETED": set(),
    "WITHDRAWN": set(),
}
ILLEGAL = [
    (status, action)
    for status in LEGAL
    for action in ("accept", "decline", "complete", "withdraw")
    if action not in LEGAL[status]
]


async def _act(graph: WorkflowClient, action: str, application: str) -> dict:
    if action == "accept":
        return await respond(graph, "o1", application, "ACCEPT")
    if action == "decline":
        return await respond(graph, "o1", application, "DECLINE")
    if action == "complete":
        return await complete(graph, "o1", application, 2)
    return await withdraw(graph, "v1", application)


@pytest.mark.parametrize(("status", "action"), ILLEGAL)
async def test_every_illegal_transition_is_invalid_state_and_changes_nothing(
    graph: WorkflowClient, status: str, action: str
) -> None:
    resource_id, _ = await add_position(graph, places=3, quantity_committed=1)
    pk, application = await add_application(graph, graph.world.ids["V1"], resource_id, status)
    before = await _state(graph, pk)
    minutes = (await graph.row(VOLUNTEERS, graph.world.ids["V1"]))["service_minutes"]

    payload = await _act(graph, action, application)

    assert codes(payload) == [("INVALID_STATE", None)]
    assert payload["application"] is None
    assert await _state(graph, pk) == before
    assert (await graph.row(RESOURCES, resource_id))["quantity_committed"] == 1
    assert (await graph.row(VOLUNTEERS, graph.world.ids["V1"]))["service_minutes"] == minutes
    assert await audit_actions(graph, pk) == []


UNAUTHENTICATED, FORBIDDEN = [("UNAUTHENTICATED", None)], [("FORBIDDEN", None)]
PROVIDER_ACTS = {
    "v1": FORBIDDEN,  # the applicant herself
    "v2": FORBIDDEN,  # another volunteer
    "o1": [],  # a member of the position's provider
    "o3": FORBIDDEN,  # another organization's member
    "m1": FORBIDDEN,  # a home's manager
    "admin": FORBIDDEN,  # staff act for no participant
    "supervisor": FORBIDDEN,
    "anonymous": UNAUTHENTICATED,
}
PERMISSIONS = {
    "apply": {**PROVIDER_ACTS, "v1": [], "v2": [], "o1": FORBIDDEN},
    "accept": PROVIDER_ACTS,
    "decline": PROVIDER_ACTS,
    "complete": PROVIDER_ACTS,
    "withdraw": {**PROVIDER_ACTS, "v1": [], "o1": FORBIDDEN},
}
STARTING = {
    "apply": None,
    "accept": "APPLIED",
    "decline": "APPLIED",
    "complete": "ACCEPTED",
    "withdraw": "APPLIED",
}


@pytest.mark.parametrize(
    ("action", "viewer"), [(action, viewer) for action, table in PERMISSIONS.items() for viewer in table]
)
async def test_who_may_do_what(graph: WorkflowClient, action: str, viewer: str) -> None:
    resource_id, position = await add_position(graph, places=3, quantity_committed=1)
    if action == "apply":
        payload = await apply(graph, viewer, position)
        changed = await graph.rows(APPLICATIONS, APPLICATIONS.c.resource_id == resource_id)
        assert len(changed) == (0 if codes(payload) else 1)
    else:
        pk, application = await add_application(graph, graph.world.ids["V1"], resource_id, STARTING[action])
        variables = {"input": {"applicationId": application}}
        if action in ("accept", "decline"):
            variables["input"]["decision"] = action.upper()
        if action == "complete":
            variables["input"]["hoursServed"] = 2
        field = {"accept": "respondToApplication", "decline": "respondToApplication"}.get(
            action, f"{action}Application"
        )
        document = {"respondToApplication": RESPOND, "completeApplication": COMPLETE}.get(field, WITHDRAW)
        payload = await graph.mutate(viewer, field, document, variables)
        assert ((await _state(graph, pk))[0] == STARTING[action]) == bool(codes(payload))
    assert codes(payload) == PERMISSIONS[action][viewer]


async def test_a_second_application_to_one_position_is_a_duplicate(graph: WorkflowClient) -> None:
    resource_id, position = await add_position(graph)
    assert (await apply(graph, "v1", position))["userErrors"] == []

    again = await apply(graph, "v1", position, motivation="再试一次")

    assert codes(again) == [("DUPLICATE", ["input", "opportunityId"])]
    assert again["application"] is None
    assert len(await graph.rows(APPLICATIONS, APPLICATIONS.c.resource_id == resource_id)) == 1


@pytest.mark.parametrize("status", ["ACCEPTED", "DECLINED", "COMPLETED"])
async def test_a_decided_application_blocks_a_new_one(graph: WorkflowClient, status: str) -> None:
    resource_id, position = await add_position(graph, places=3, quantity_committed=1)
    await add_application(graph, graph.world.ids["V1"], resource_id, status)

    assert codes(await apply(graph, "v1", position)) == [("DUPLICATE", ["input", "opportunityId"])]


async def test_a_withdrawn_application_is_reopened_by_applying_again(graph: WorkflowClient) -> None:
    _, position = await add_position(graph)
    first = (await apply(graph, "v1", position, motivation="第一次"))["application"]
    await withdraw(graph, "v1", first["id"])

    again = await apply(graph, "v1", position, motivation="第二次")

    assert again["userErrors"] == []
    assert (again["application"]["id"], again["application"]["status"]) == (first["id"], "APPLIED")
    pk = pk_of(first["id"])
    row = await graph.row(APPLICATIONS, pk)
    assert (row["motivation"], row["version"], row["decided_at"]) == ("第二次", 3, None)
    assert [action for action, _, _ in await audit_actions(graph, pk)][-1] == "reapplyVolunteerApplication"


async def test_a_retry_with_the_same_idempotency_key_applies_once(graph: WorkflowClient) -> None:
    resource_id, position = await add_position(graph)

    first = await apply(graph, "v1", position, idempotencyKey="apply-1")
    retry = await apply(graph, "v1", position, idempotencyKey="apply-1")

    assert first["userErrors"] == retry["userErrors"] == []
    assert retry["application"]["id"] == first["application"]["id"]
    assert len(await graph.rows(APPLICATIONS, APPLICATIONS.c.resource_id == resource_id)) == 1
    assert len(await audit_actions(graph, pk_of(first["application"]["id"]))) == 1
    fresh = await apply(graph, "v1", position, idempotencyKey="apply-2")  # a new attempt is checked
    assert codes(fresh) == [("DUPLICATE", ["input", "opportunityId"])]


OPPORTUNITY = ["input", "opportunityId"]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"status": "DRAFT"}, [("NOT_FOUND", OPPORTUNITY)]),
        ({"category": "PROFESSIONAL_SERVICE"}, [("INVALID", OPPORTUNITY)]),
        ({"status": "WITHDRAWN"}, [("INVALID_STATE", OPPORTUNITY)]),
        ({"status": "EXPIRED"}, [("INVALID_STATE", OPPORTUNITY)]),
        ({"available_until": NOW - timedelta(hours=1)}, [("INVALID_STATE", OPPORTUNITY)]),
        ({"status": "EXHAUSTED", "quantity_committed": 3}, [("LIMIT_REACHED", OPPORTUNITY)]),
    ],
)
async def test_only_a_live_position_with_a_place_takes_applications(
    graph: WorkflowClient, values: dict, expected: list
) -> None:
    resource_id, position = await add_position(graph, places=3, **values)

    payload = await apply(graph, "v1", position)

    assert codes(payload) == expected
    assert await graph.rows(APPLICATIONS, APPLICATIONS.c.resource_id == resource_id) == []


async def test_a_position_of_a_suspended_provider_takes_no_applications(graph: WorkflowClient) -> None:
    resource_id, position = await add_position(graph)
    await graph.build.change(Organization, graph.world.ids["O1"], status="SUSPENDED")

    payload = await apply(graph, "v1", position)

    assert codes(payload) == [("INVALID_STATE", OPPORTUNITY)]
    assert await graph.rows(APPLICATIONS, APPLICATIONS.c.resource_id == resource_id) == []


@pytest.mark.parametrize(
    ("opportunity", "motivation", "expected"),
    [
        ("not-an-id", None, [("INVALID", OPPORTUNITY)]),
        ("demand", None, [("INVALID", OPPORTUNITY)]),
        ("position", "很" * 1001, [("TOO_LONG", ["input", "motivation"])]),
        ("missing", None, [("NOT_FOUND", OPPORTUNITY)]),
    ],
)
async def test_bad_input_is_a_clear_user_error(
    graph: WorkflowClient, opportunity: str, motivation: str | None, expected: list
) -> None:
    resource_id, position = await add_position(graph)
    ids = {"demand": graph.world.gid("D_H1"), "position": position, "missing": encode("Resource", 99999)}

    payload = await apply(graph, "v1", ids.get(opportunity, opportunity), motivation=motivation)

    assert codes(payload) == expected
    assert payload["userErrors"][0]["message"]
    assert await graph.rows(APPLICATIONS, APPLICATIONS.c.resource_id == resource_id) == []


async def test_accepting_after_the_window_closed_is_refused(graph: WorkflowClient) -> None:
    resource_id, _ = await add_position(graph, available_until=NOW - timedelta(minutes=5))
    pk, application = await add_application(graph, graph.world.ids["V1"], resource_id)

    payload = await respond(graph, "o1", application)

    assert [error["code"] for error in payload["userErrors"]] == ["INVALID_STATE"]
    assert (await _state(graph, pk))[:2] == ("APPLIED", 1)
    assert (await graph.row(RESOURCES, resource_id))["quantity_committed"] == 0


@pytest.mark.parametrize("mutation", ["accept", "complete", "withdraw"])
async def test_a_stale_expected_version_is_a_conflict(graph: WorkflowClient, mutation: str) -> None:
    resource_id, _ = await add_position(graph, places=3, quantity_committed=1)
    status = "ACCEPTED" if mutation == "complete" else "APPLIED"
    pk, application = await add_application(graph, graph.world.ids["V1"], resource_id, status)
    extra = {"expectedVersion": 7}
    payload = {
        "accept": lambda: respond(graph, "o1", application, **extra),
        "complete": lambda: complete(graph, "o1", application, 2, **extra),
        "withdraw": lambda: withdraw(graph, "v1", application, **extra),
    }[mutation]

    assert codes(await payload()) == [("CONFLICT", ["input", "expectedVersion"])]
    assert await _state(graph, pk) == (status, 1, 0)
    assert (await graph.row(RESOURCES, resource_id))["quantity_committed"] == 1


# The window spans 35 hours (two started days): at most 48 hours.
WINDOW = {"available_from": NOW - timedelta(hours=36), "available_until": NOW - timedelta(hours=1)}


@pytest.mark.parametrize(("hours", "minutes"), [(0.5, 30), (48, 2880), (1 / 3, 20)])
async def test_hours_within_the_window_are_recorded_to_the_minute(
    graph: WorkflowClient, hours: float, minutes: int
) -> None:
    resource_id, _ = await add_position(graph, quantity_committed=1, **WINDOW)
    pk, application = await add_application(graph, graph.world.ids["V1"], resource_id, "ACCEPTED")
    total = (await graph.row(VOLUNTEERS, graph.world.ids["V1"]))["service_minutes"]

    assert (await complete(graph, "o1", application, hours))["userErrors"] == []

    assert (await _state(graph, pk))[::2] == ("COMPLETED", minutes)
    assert (await graph.row(VOLUNTEERS, graph.world.ids["V1"]))["service_minutes"] == total + minutes


@pytest.mark.parametrize("hours", [0, -2, 0.005, 48.02, 1000])
async def test_hours_out_of_bounds_are_refused(graph: WorkflowClient, hours: float) -> None:
    resource_id, _ = await add_position(graph, quantity_committed=1, **WINDOW)
    pk, application = await add_application(graph, graph.world.ids["V1"], resource_id, "ACCEPTED")
    total = (await graph.row(VOLUNTEERS, graph.world.ids["V1"]))["service_minutes"]

    payload = await complete(graph, "o1", application, hours)

    assert codes(payload) == [("OUT_OF_RANGE", ["input", "hoursServed"])]
    assert "48" in payload["userErrors"][0]["message"]
    assert await _state(graph, pk) == ("ACCEPTED", 1, 0)
    assert (await graph.row(VOLUNTEERS, graph.world.ids["V1"]))["service_minutes"] == total


async def test_without_a_window_a_day_since_applying_bounds_the_hours(graph: WorkflowClient) -> None:
    resource_id, _ = await add_position(graph, quantity_committed=1)
    _, application = await add_application(graph, graph.world.ids["V1"], resource_id, "ACCEPTED")

    assert codes(await complete(graph, "o1", application, 24.5)) == [
        ("OUT_OF_RANGE", ["input", "hoursServed"])
    ]
    assert (await complete(graph, "o1", application, 24))["userErrors"] == []


async def _published_event(graph: WorkflowClient, **values: object) -> str:
    event = await graph.build.event(
        graph.world.party("O1"),
        title="社区亲子活动",
        starts_at=NOW + timedelta(days=3),
        ends_at=NOW + timedelta(days=3, hours=2),
        **values,
    )
    return encode("Event", event)


async def test_an_event_given_as_the_opportunity_registers_the_volunteer(graph: WorkflowClient) -> None:
    event = await _published_event(graph, capacity=1)
    registrations = EventRegistration.__table__

    payload = await apply(graph, "v1", event, motivation="ignored for events")

    assert payload["userErrors"] == []
    assert payload["application"] is None
    rows = await graph.rows(registrations, registrations.c.event_id == pk_of(event))
    assert [(row["participant_kind"], row["participant_id"]) for row in rows] == [
        ("VOLUNTEER", graph.world.ids["V1"])
    ]
    assert payload["registration"]["id"] == encode("EventRegistration", rows[0]["id"])
    assert codes(await apply(graph, "v1", event)) == [("DUPLICATE", OPPORTUNITY)]
    assert codes(await apply(graph, "v2", event)) == [("LIMIT_REACHED", OPPORTUNITY)]
    assert codes(await apply(graph, "o1", event)) == FORBIDDEN  # registerForEvent is for that
    assert codes(await apply(graph, "v2", graph.world.gid("Event_draft"))) == [("NOT_FOUND", OPPORTUNITY)]
    assert len(await graph.rows(registrations, registrations.c.event_id == pk_of(event))) == 1


async def test_the_provider_sees_contact_details_only_while_the_application_is_accepted(
    graph: WorkflowClient,
) -> None:
    # V2's only application in the world is COMPLETED, so nobody is her counterparty yet.
    _, position = await add_position(graph)
    application = (await apply(graph, "v2", position))["application"]["id"]

    async def phone(viewer: str) -> str | None:
        body = await graph.post(viewer, PHONE, {"id": application})
        volunteer = body["data"]["node"]["volunteer"]
        forbidden = {error["path"][-1] for error in body.get("errors", [])}
        assert (volunteer["phone"] is None) == ({"phone", "email"} <= forbidden)
        return volunteer["phone"]

    phone_number = graph.world.rows["V2"]["phone"]
    assert await phone("o1") is None  # applied, not accepted yet
    assert await phone("v2") == phone_number
    assert await phone("admin") == phone_number
    await respond(graph, "o1", application)
    assert await phone("o1") == phone_number  # accepted: the provider may call her
    assert await phone("o3") is None
    assert await phone("v1") is None
    assert await phone("anonymous") is None
    await complete(graph, "o1", application, 2)
    assert await phone("o1") is None  # completed: access ends
    assert await phone("v2") == phone_number


APPLICANTS = """
query($id: ID!) {
  node(id: $id) {
    ... on Resource {
      applications { totalCount nodes { status hoursServed volunteer { name serviceHours } } }
    }
  }
}"""


async def test_listing_a_positions_applicants_does_not_grow_with_them(graph: WorkflowClient) -> None:
    async def statements(count: int) -> int:
        resource_id, position = await add_position(graph, places=count)
        for index in range(count):
            volunteer = await add_volunteer(graph, f"N{count}-{index}")
            await add_application(graph, volunteer, resource_id)
        async with graph.counter.count() as seen:
            body = await graph.post("o1", APPLICANTS, {"id": position})
        assert "errors" not in body
        assert len(body["data"]["node"]["applications"]["nodes"]) == count
        return len(seen)

    assert await statements(2) == await statements(6)


async def test_a_volunteer_does_not_apply_to_her_own_position(graph: WorkflowClient) -> None:
    resource_id, position = await add_position(graph, "V1")

    assert codes(await apply(graph, "v1", position)) == [("INVALID", OPPORTUNITY)]
    assert await graph.rows(APPLICATIONS, APPLICATIONS.c.resource_id == resource_id) == []
    assert (await apply(graph, "v2", position))["userErrors"] == []
