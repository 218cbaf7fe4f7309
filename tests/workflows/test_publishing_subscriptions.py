"""resourcePublished and demandPublished hear the real mutations: publications, never drafts."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.workflows.conftest import WorkflowClient
from tests.workflows.publishing import (
    PUBLISH_DEMAND,
    PUBLISH_RESOURCE,
    UPDATE_DEMAND,
    UPDATE_RESOURCE,
    demand_input,
    resource_input,
)
from tests.workflows.test_subscriptions import _next, _subscribe

RESOURCES = "subscription($f: PublishedFilter) { resourcePublished(filter: $f) { title status category } }"


async def _publish_resource(graph: WorkflowClient, **extra: Any) -> dict[str, Any]:
    payload = await graph.mutate(
        "o1", "publishResource", PUBLISH_RESOURCE, {"input": resource_input(**extra)}
    )
    assert payload["userErrors"] == []
    return payload["resource"]


async def test_a_published_resource_reaches_a_subscriber(graph: WorkflowClient) -> None:
    stream = await _subscribe(graph, graph.broker, "anonymous", RESOURCES, {"f": {"categories": ["VENUE"]}})

    async def publish() -> None:
        await _publish_resource(graph, category="VENUE", title="多功能活动室")

    event = await _next(stream, graph.broker, "Resource", publish)
    assert event.data == {
        "resourcePublished": {"title": "多功能活动室", "status": "PUBLISHED", "category": "VENUE"}
    }


async def test_a_draft_reaches_nobody_until_it_is_published(graph: WorkflowClient) -> None:
    stream = await _subscribe(graph, graph.broker, "o1", RESOURCES, {})  # even its own provider
    drafts: list[dict[str, Any]] = []

    async def save_draft() -> None:
        drafts.append(await _publish_resource(graph, draft=True, title="草稿"))

    with pytest.raises(asyncio.TimeoutError):
        await _next(stream, graph.broker, "Resource", save_draft, within=1)

    stream = await _subscribe(graph, graph.broker, "anonymous", RESOURCES, {})
    draft = drafts[0]

    async def publish_it() -> None:
        variables = {"input": {"id": draft["id"], "expectedVersion": draft["version"], "publish": True}}
        assert (await graph.mutate("o1", "updateResource", UPDATE_RESOURCE, variables))["userErrors"] == []

    event = await _next(stream, graph.broker, "Resource", publish_it)
    assert event.data["resourcePublished"]["title"] == "草稿"
    assert event.data["resourcePublished"]["status"] == "PUBLISHED"


DEMANDS = "subscription { demandPublished { title status } }"


async def test_a_published_demand_reaches_a_subscriber_and_a_draft_does_not(graph: WorkflowClient) -> None:
    stream = await _subscribe(graph, graph.broker, "m1", DEMANDS, {})
    drafts: list[dict[str, Any]] = []

    async def save_draft() -> None:
        payload = await graph.mutate(
            "m1", "publishDemand", PUBLISH_DEMAND, {"input": demand_input(draft=True)}
        )
        drafts.append(payload["demand"])

    with pytest.raises(asyncio.TimeoutError):
        await _next(stream, graph.broker, "Demand", save_draft, within=1)

    stream = await _subscribe(graph, graph.broker, "anonymous", DEMANDS, {})

    async def publish() -> None:
        values = demand_input(title="助学金申请", category="FUNDING")
        assert (await graph.mutate("m1", "publishDemand", PUBLISH_DEMAND, {"input": values}))[
            "userErrors"
        ] == []

    event = await _next(stream, graph.broker, "Demand", publish)
    assert event.data == {"demandPublished": {"title": "助学金申请", "status": "OPEN"}}

    async def open_draft() -> None:
        draft = drafts[0]
        variables = {"input": {"id": draft["id"], "expectedVersion": draft["version"], "publish": True}}
        assert (await graph.mutate("m1", "updateDemand", UPDATE_DEMAND, variables))["userErrors"] == []

    event = await _next(stream, graph.broker, "Demand", open_draft)
    assert event.data == {"demandPublished": {"title": "单亲妈妈心理支持", "status": "OPEN"}}
