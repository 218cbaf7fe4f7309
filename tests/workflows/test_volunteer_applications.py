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
from schema.global_ids import encode
from tests.databases import StatementCounter
from tests.workflows.conftest import WorkflowClient
from tests.workflows.market import _insert, codes
from tests.workflows.positions import (
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
SERVICE_HOURS = "query($id: ID!) { node(id: $id) { ... on Volunteer { serviceHours } } }"
PHONE = """
query($id: ID!) {
  node(id: $id) { ... on VolunteerApplication { status volunteer { name phone email } } }
}"""


def pk_of(global_id: str) -> int:
    from schema.global_ids import decode

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
        ("completeVolunteerApplication", {"status": "ACCEPTED"}, {"status": "COMPLETED", "serviceMinutes": 210}),
    ]


async def test_total_hours_stay_the_sum_of_completed_applications(graph: WorkflowClient) -> None:
    volunteer = await add_volunteer(graph, "V9")
    for hours in (2, 1.25):
        resource_id, _ = await add_position(graph)
        _, application = await add_application(graph, volunteer, resource_id, "ACCEPTED")
        assert (await complete(graph, "o1", application, hours))["userErrors"] == []
    _, other = await add_position(graph)
    rows = await graph.rows(APPLICATIONS, APPLICATIONS.c.volunteer_id == volunteer)
    total = sum(row["service_minutes"] for row in rows if row["status"] == "COMPLETED")
    assert total == 195 == (await graph.row(VOLUNTEERS, volunteer))["service_minutes"]
