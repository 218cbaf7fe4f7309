"""Races for a position's places, settled by the database: concurrent requests through the app.

As in test_engagement_races.py: on PostgreSQL the transactions overlap (the conditional UPDATE
of quantity_committed waits for the row lock and re-checks), on SQLite they take turns.
"""

from __future__ import annotations

import asyncio

from datasources.tables import AuditEntry, Resource, Volunteer, VolunteerApplication
from tests.workflows.conftest import WorkflowClient
from tests.workflows.market import codes
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


async def test_ten_accepts_racing_for_the_last_three_places_take_exactly_three(graph: WorkflowClient) -> None:
    resource_id, _ = await add_position(graph, places=5, quantity_committed=2)
    applications = []
    for index in range(10):
        volunteer = await add_volunteer(graph, f"R{index}")
        applications.append((await add_application(graph, volunteer, resource_id))[1])

    payloads = await asyncio.gather(*(respond(graph, "o1", application) for application in applications))

    accepted = [payload for payload in payloads if payload["userErrors"] == []]
    refused = [
        [error["code"] for error in payload["userErrors"]] for payload in payloads if payload["userErrors"]
    ]
    assert len(accepted) == 3
    assert refused == [["LIMIT_REACHED"]] * 7
    resource = await graph.row(RESOURCES, resource_id)
    assert (resource["quantity_committed"], resource["status"]) == (5, "EXHAUSTED")
    rows = await graph.rows(APPLICATIONS, APPLICATIONS.c.resource_id == resource_id)
    assert sorted(row["status"] for row in rows) == ["ACCEPTED"] * 3 + ["APPLIED"] * 7
    accepts = await graph.rows(AUDIT, AUDIT.c.action == "acceptVolunteerApplication")
    assert len(accepts) == 3


async def test_two_accepts_of_one_application_racing_take_one_place(graph: WorkflowClient) -> None:
    resource_id, position = await add_position(graph, places=3)
    application = (await apply(graph, "v1", position))["application"]["id"]

    payloads = await asyncio.gather(respond(graph, "o1", application), respond(graph, "o1", application))

    outcomes = sorted(codes(payload) for payload in payloads)
    assert outcomes[0] == []
    assert outcomes[1] in ([("CONFLICT", None)], [("INVALID_STATE", None)])
    assert (await graph.row(RESOURCES, resource_id))["quantity_committed"] == 1


async def test_one_volunteer_applying_twice_at_once_makes_one_application(graph: WorkflowClient) -> None:
    resource_id, position = await add_position(graph)

    payloads = await asyncio.gather(apply(graph, "v1", position), apply(graph, "v1", position))

    assert sorted(codes(payload) for payload in payloads) == [[], [("DUPLICATE", ["input", "opportunityId"])]]
    assert len(await graph.rows(APPLICATIONS, APPLICATIONS.c.resource_id == resource_id)) == 1


async def test_withdrawing_and_completing_at_once_settle_it_one_way(graph: WorkflowClient) -> None:
    resource_id, position = await add_position(graph, places=1)
    application = (await apply(graph, "v2", position))["application"]["id"]
    await respond(graph, "o1", application)
    volunteer = graph.world.ids["V2"]
    before = (await graph.row(Volunteer.__table__, volunteer))["service_minutes"]

    done, withdrawn = await asyncio.gather(
        complete(graph, "o1", application, 2), withdraw(graph, "v2", application)
    )

    assert sorted([done["userErrors"] == [], withdrawn["userErrors"] == []]) == [False, True]
    status = (await graph.rows(APPLICATIONS, APPLICATIONS.c.resource_id == resource_id))[0]["status"]
    resource = await graph.row(RESOURCES, resource_id)
    minutes = (await graph.row(Volunteer.__table__, volunteer))["service_minutes"]
    if status == "COMPLETED":
        assert (resource["quantity_committed"], resource["status"], minutes) == (1, "EXHAUSTED", before + 120)
    else:
        assert (status, resource["quantity_committed"], resource["status"]) == ("WITHDRAWN", 0, "PUBLISHED")
        assert minutes == before
