"""Demands, resources and engagements added straight to a test's world (by the one builder,
tests/builders.py, as `graph.build`), and the engagement mutations as a client calls them."""

from __future__ import annotations

from typing import Any

from domain.global_ids import encode
from tests.workflows.conftest import WorkflowClient

ENGAGEMENT_FIELDS = "id status initiatedBy quantity note version respondedAt completedAt cancelledAt"


async def add_resource(
    graph: WorkflowClient, provider: str = "O1", *, quantity: int = 3, **values: Any
) -> tuple[int, str]:
    """A resource of `provider` (PUBLISHED, PROFESSIONAL_SERVICE unless told): (pk, global id)."""
    values = {"title": "心理咨询服务", "unit": "次", "quantity": quantity, **values}
    resource_id = await graph.build.resource(graph.world.party(provider), **values)
    return resource_id, encode("Resource", resource_id)


async def add_demand(
    graph: WorkflowClient, requester: str = "H1", *, quantity: int = 2, **values: Any
) -> tuple[int, str]:
    """A demand of `requester` (OPEN, PROFESSIONAL_SERVICE unless told): (pk, global id)."""
    values = {"title": "单亲妈妈心理支持", "urgency": "HIGH", "target_group": "SINGLE_MOTHERS", "unit": "次",
              "quantity": quantity, **values}  # fmt: skip
    demand_id = await graph.build.demand(graph.world.party(requester), **values)
    return demand_id, encode("Demand", demand_id)


async def add_engagement(
    graph: WorkflowClient,
    demand_id: int,
    resource_id: int,
    status: str,
    *,
    quantity: int = 1,
    initiated_by: str = "REQUESTER",
) -> tuple[int, str]:
    """An engagement put straight in a status (requester-initiated unless told); books are not adjusted."""
    engagement_id = await graph.build.engagement(
        demand_id, resource_id, status, quantity=quantity, initiated_by=initiated_by
    )
    return engagement_id, encode("Engagement", engagement_id)


def mutation(name: str, input_type: str, selection: str) -> str:
    return (
        f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {selection} "
        "userErrors { field code message } } }"
    )


PROPOSE = mutation("proposeEngagement", "ProposeEngagementInput", f"engagement {{ {ENGAGEMENT_FIELDS} }}")
RESPOND = mutation("respondToEngagement", "RespondToEngagementInput", f"engagement {{ {ENGAGEMENT_FIELDS} }}")
COMPLETE = mutation("completeEngagement", "CompleteEngagementInput", f"engagement {{ {ENGAGEMENT_FIELDS} }}")
CANCEL = mutation("cancelEngagement", "CancelEngagementInput", f"engagement {{ {ENGAGEMENT_FIELDS} }}")


async def propose(
    graph: WorkflowClient, viewer: str, demand: str, resource: str, quantity: int = 1, **extra: Any
):
    """Propose and return the payload."""
    variables = {"input": {"demandId": demand, "resourceId": resource, "quantity": quantity, **extra}}
    return await graph.mutate(viewer, "proposeEngagement", PROPOSE, variables)


async def respond(
    graph: WorkflowClient, viewer: str, engagement: str, decision: str = "ACCEPT", **extra: Any
):
    variables = {"input": {"engagementId": engagement, "decision": decision, **extra}}
    return await graph.mutate(viewer, "respondToEngagement", RESPOND, variables)


async def complete(graph: WorkflowClient, viewer: str, engagement: str, **extra: Any):
    return await graph.mutate(
        viewer, "completeEngagement", COMPLETE, {"input": {"engagementId": engagement, **extra}}
    )


async def cancel(graph: WorkflowClient, viewer: str, engagement: str, reason: str = "时间有变", **extra: Any):
    variables = {"input": {"engagementId": engagement, "reason": reason, **extra}}
    return await graph.mutate(viewer, "cancelEngagement", CANCEL, variables)


def codes(payload: dict[str, Any]) -> list[tuple[str, list[str] | None]]:
    return [(error["code"], error["field"]) for error in payload["userErrors"]]
