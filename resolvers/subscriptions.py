"""What each subscription waits for, and which announced changes it lets through (as rows).

Every announced change is loaded afresh with new loaders and checked against the
subscriber's own visibility, so a subscription shows exactly what a query by the same viewer
would; a change the viewer may not see is skipped, silently.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Collection
from typing import Any

from auth import visibility
from datasources.loaders import Loaders
from datasources.pubsub import Broker
from domain.enums import DemandStatus, ResourceStatus
from resolvers.appeals import appeal_by_tracking_code
from resolvers.arguments import ids_of, names
from resolvers.context import Info
from resolvers.errors import UnknownTrackingCode
from resolvers.nodes import node_row, row_of, visible

# The mutations after which a demand or resource has just been put on offer.
DEMAND_PUBLISHING = frozenset({"publishDemand", "convertAppealToDemand"})
RESOURCE_PUBLISHING = frozenset({"publishResource"})
APPEAL_REPLYING = frozenset({"replyToAppeal"})


def _broker(info: Info) -> Broker:
    broker = info.context.broker
    if broker is None:  # the app always gives one; a context made without it cannot subscribe
        raise RuntimeError("subscriptions need a broker in the context")
    return broker


async def _changes(
    info: Info, type_name: str, wanted: Callable[[dict[str, Any]], bool]
) -> AsyncIterator[Any]:
    """The rows of `type_name` that announced changes name, as the viewer may see them."""
    context = info.context
    async for message in _broker(info).listen(type_name):
        if not wanted(message):
            continue
        # Fresh loaders: the fields below must show the object as it is now, not as the
        # previous event (or the subscription's start) saw it.
        context.loaders = Loaders(context.engine, visibility.visible_for(context.viewer))
        row = visible(info, type_name, await row_of(info, type_name, message["pk"]))
        if row is not None:
            yield row


def _matches(obj: Any, categories: Collection[str], district_ids: Collection[int]) -> bool:
    return (not categories or obj.category in categories) and (
        not district_ids or obj.district_id in district_ids
    )


async def published(
    info: Info, type_name: str, live_status: str, publishing: frozenset[str], filter: Any
) -> AsyncIterator[Any]:
    """Demands (or resources) as they are published, narrowed by category and district.

    The filter is checked before the subscription starts, so a bad one fails at once.
    """
    categories = names(filter.categories) if filter else ()
    district_ids = ids_of(filter.districts, "District", "filter.districts") if filter else ()

    async def stream() -> AsyncIterator[Any]:
        async for obj in _changes(info, type_name, lambda message: message["mutation"] in publishing):
            if obj.status == live_status and _matches(obj, categories, district_ids):
                yield obj

    return stream()


async def demands_published(info: Info, filter: Any) -> AsyncIterator[Any]:
    return await published(info, "Demand", DemandStatus.OPEN, DEMAND_PUBLISHING, filter)


async def resources_published(info: Info, filter: Any) -> AsyncIterator[Any]:
    return await published(info, "Resource", ResourceStatus.PUBLISHED, RESOURCE_PUBLISHING, filter)


async def engagement_changes(info: Info, engagement_id: str) -> AsyncIterator[Any]:
    """Every change of one engagement the viewer may see (NOT_FOUND at once if she may not)."""
    _, engagement = await node_row(info, engagement_id, expected="Engagement")
    return _changes(info, "Engagement", lambda message: message["pk"] == engagement.id)


async def appeal_replies(info: Info, tracking_code: str) -> AsyncIterator[Any]:
    """The appeal, each time someone replies to it; the tracking code is the key to it."""
    appeal = await appeal_by_tracking_code(info, tracking_code)
    if appeal is None:
        raise UnknownTrackingCode(tracking_code, info.context.locale)

    async def stream() -> AsyncIterator[Any]:
        # Appeals are no Relay nodes: read the row afresh by its tracking code each time.
        async for message in _broker(info).listen("Appeal"):
            if message["pk"] == appeal.id and message["mutation"] in APPEAL_REPLYING:
                fresh = await appeal_by_tracking_code(info, tracking_code)
                if fresh is not None:
                    yield fresh

    return stream()
