"""The root Subscription: changes pushed over a WebSocket (graphql-transport-ws) as they happen."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from sqlalchemy.engine import Row

from resolvers import subscriptions
from resolvers.context import Info
from schema.enums import ResourceCategory
from schema.objects import build_named

if TYPE_CHECKING:
    from schema.appeals import Appeal
    from schema.demands import Demand
    from schema.engagements import Engagement
    from schema.resources import Resource

SEE = (
    " Each event shows the object as the subscriber may see it now; what she may not see never "
    'arrives. Sign in over a WebSocket with `connectionParams: {Authorization: "Bearer <token>"}`.'
)


async def built(type_name: str, rows: AsyncIterator[Row]) -> AsyncIterator[Any]:
    """The objects of the rows a subscription yields."""
    async for row in rows:
        yield build_named(type_name, row)


@strawberry.input(description="Which newly published demands or resources to hear about.")
class PublishedFilter:
    categories: list[ResourceCategory] | None = strawberry.field(
        default=None, description="Any of these categories (all when omitted)."
    )
    districts: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Located in any of these districts (all when omitted)."
    )


@strawberry.type(description="Everything a client can be told as it happens.")
class Subscription:
    @strawberry.subscription(
        description="Demands as they are published (需求发布), including those made from a resident's appeal."
        + SEE
    )
    async def demand_published(
        self, info: Info, filter: PublishedFilter | None = None
    ) -> AsyncIterator[Annotated[Demand, strawberry.lazy("schema.demands")]]:
        return built("Demand", await subscriptions.demands_published(info, filter))

    @strawberry.subscription(description="Resources as they are published (资源发布)." + SEE)
    async def resource_published(
        self, info: Info, filter: PublishedFilter | None = None
    ) -> AsyncIterator[Annotated[Resource, strawberry.lazy("schema.resources")]]:
        return built("Resource", await subscriptions.resources_published(info, filter))

    @strawberry.subscription(
        description="One engagement (对接), each time it changes: accepted, declined, completed, cancelled. "
        "NOT_FOUND at once for an engagement the subscriber may not see." + SEE
    )
    async def engagement_changed(
        self, info: Info, id: strawberry.ID
    ) -> AsyncIterator[Annotated[Engagement, strawberry.lazy("schema.engagements")]]:
        return built("Engagement", await subscriptions.engagement_changes(info, id))

    @strawberry.subscription(
        description="A resident's appeal (诉求), each time her home replies; no sign-in needed, the "
        "tracking code is the key. NOT_FOUND at once for an unknown code."
    )
    async def appeal_replied(
        self, info: Info, tracking_code: str
    ) -> AsyncIterator[Annotated[Appeal, strawberry.lazy("schema.appeals")]]:
        return built("Appeal", await subscriptions.appeal_replies(info, tracking_code))


__all__ = ["PublishedFilter", "Subscription"]
