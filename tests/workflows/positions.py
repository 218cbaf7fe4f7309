"""Volunteer positions, volunteers and applications added straight to a test's world (by the one
builder, tests/builders.py), and the application mutations as a client calls them."""

from __future__ import annotations

from typing import Any

from domain.global_ids import encode
from tests.workflows.conftest import WorkflowClient
from tests.workflows.market import add_resource, mutation

APPLICATION_FIELDS = "id status hoursServed version appliedAt decidedAt completedAt volunteer { id }"
APPLY = mutation(
    "applyToOpportunity",
    "ApplyToOpportunityInput",
    f"application {{ {APPLICATION_FIELDS} }} registration {{ id }}",
)
RESPOND = mutation(
    "respondToApplication", "RespondToApplicationInput", f"application {{ {APPLICATION_FIELDS} }}"
)
COMPLETE = mutation(
    "completeApplication", "CompleteApplicationInput", f"application {{ {APPLICATION_FIELDS} }}"
)
WITHDRAW = mutation(
    "withdrawApplication", "WithdrawApplicationInput", f"application {{ {APPLICATION_FIELDS} }}"
)


async def add_position(graph: WorkflowClient, provider: str = "O1", *, places: int = 3, **values: Any):
    """A PUBLISHED volunteer position of `provider` with `places`: (pk, global id)."""
    return await add_resource(
        graph, provider, quantity=places, **{"category": "VOLUNTEER_POSITION", **values}
    )


async def add_volunteer(graph: WorkflowClient, name: str) -> int:
    _, pk = await graph.build.volunteer(name=name, phone="13600009999", email=f"{name}@x.org")
    return pk


async def add_application(
    graph: WorkflowClient, volunteer_id: int, resource_id: int, status: str = "APPLIED"
) -> tuple[int, str]:
    """An application put straight in a status; the position's books are not adjusted."""
    pk = await graph.build.application(("VOLUNTEER", volunteer_id), resource_id, status)
    return pk, encode("VolunteerApplication", pk)


async def apply(graph: WorkflowClient, viewer: str, opportunity: str, **extra: Any) -> dict[str, Any]:
    variables = {"input": {"opportunityId": opportunity, **extra}}
    return await graph.mutate(viewer, "applyToOpportunity", APPLY, variables)


async def respond(
    graph: WorkflowClient, viewer: str, application: str, decision: str = "ACCEPT", **extra: Any
) -> dict[str, Any]:
    variables = {"input": {"applicationId": application, "decision": decision, **extra}}
    return await graph.mutate(viewer, "respondToApplication", RESPOND, variables)


async def complete(
    graph: WorkflowClient, viewer: str, application: str, hours: float = 3, **extra: Any
) -> dict[str, Any]:
    variables = {"input": {"applicationId": application, "hoursServed": hours, **extra}}
    return await graph.mutate(viewer, "completeApplication", COMPLETE, variables)


async def withdraw(graph: WorkflowClient, viewer: str, application: str, **extra: Any) -> dict[str, Any]:
    variables = {"input": {"applicationId": application, **extra}}
    return await graph.mutate(viewer, "withdrawApplication", WITHDRAW, variables)
