"""resourcePublished and demandPublished hear the real mutations: publications, never drafts."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.workflows.conftest import WorkflowClient
from tests.workflows.publishing import PUBLISH_RESOURCE, UPDATE_RESOURCE, resource_input
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
        await asyncio.wait_for(_next(stream, graph.broker, "Resource", save_draft), 1)

    stream = await _subscribe(graph, graph.broker, "anonymous", RESOURCES, {})
    draft = drafts[0]

    async def publish_it() -> None:
        variables = {"input": {"id": draft["id"], "expectedVersion": draft["version"], "publish": True}}
        assert (await graph.mutate("o1", "updateResource", UPDATE_RESOURCE, variables))["userErrors"] == []

    event = await _next(stream, graph.broker, "Resource", publish_it)
    assert event.data["resourcePublished"]["title"] == "草稿"
    assert event.data["resourcePublished"]["status"] == "PUBLISHED"
