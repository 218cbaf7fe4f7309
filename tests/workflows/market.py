"""Demands, resources and engagements added straight to a test's world, with consistent books."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert

from datasources.tables import Demand, Engagement, Resource
from domain.global_ids import encode
from tests.auth.world import KIND_OF_TYPE
from tests.workflows.conftest import WorkflowClient

ENGAGEMENT_FIELDS = "id status initiatedBy quantity note version respondedAt completedAt cancelledAt"


def _party(graph: WorkflowClient, name: str) -> tuple[str, int]:
    return KIND_OF_TYPE[graph.world.types[name]], graph.world.ids[name]


async def _insert(graph: WorkflowClient, table: Any, values: dict[str, Any]) -> int:
    async with graph.engine.begin() as connection:
        return (await connection.execute(insert(table).returning(table.c.id), values)).scalar_one()


async def add_resource(
    graph: WorkflowClient, provider: str = "O1", *, quantity: int = 3, **values: Any
) -> tuple[int, str]:
    """A resource of `provider` (PUBLISHED, PROFESSIONAL_SERVICE unless told): (pk, global id)."""
    kind, pk = _party(graph, provider)
    row = Resource(
        title="心理咨询服务",
        category=values.pop("category", "PROFESSIONAL_SERVICE"),
        status=values.pop("status", "PUBLISHED"),
        provider_kind=kind,
        provider_id=pk,
        district_id=graph.world.rows["H1"]["district_id"],
        quantity=quantity,
        unit="次",
        **values,
    )
    resource_id = await _insert(graph, Resource.__table__, row.model_dump(exclude={"id"}))
    return resource_id, encode("Resource", resource_id)


async def add_demand(
    graph: WorkflowClient, requester: str = "H1", *, quantity: int = 2, **values: Any
) -> tuple[int, str]:
    """A demand of `requester` (OPEN, PROFESSIONAL_SERVICE unless told): (pk, global id)."""
    kind, pk = _party(graph, requester)
    row = Demand(
        title="单亲妈妈心理支持",
        category=values.pop("category", "PROFESSIONAL_SERVICE"),
        status=values.pop("status", "OPEN"),
        requester_kind=kind,
        requester_id=pk,
        district_id=graph.world.rows["H1"]["district_id"],
        urgency="HIGH",
        target_group="SINGLE_MOTHERS",
        quantity=quantity,
        unit="次",
        **values,
    )
    demand_id = await _insert(graph, Demand.__table__, row.model_dump(exclude={"id"}))
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
    row = Engagement(
        demand_id=demand_id,
        resource_id=resource_id,
        status=status,
        initiated_by=initiated_by,
        quantity=quantity,
    )
    engagement_id = await _insert(graph, Engagement.__table__, row.model_dump(exclude={"id"}))
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
