"""Engagement (对接): one match being carried out between a demand and a resource."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from auth.permissions import personal_field
from resolvers import engagements as engagement_lists
from resolvers.context import Info
from schema.enums import EngagementFlag, EngagementInitiator, EngagementStatus
from schema.node import Entity, Node
from schema.objects import build_named, build_visible, node_type, participant
from schema.pagination import OrderDirection

if TYPE_CHECKING:
    from schema.demands import Demand
    from schema.participants import Participant
    from schema.ratings import Rating
    from schema.resources import Resource

Lazy = strawberry.lazy


@strawberry.input(description="Which engagements to list.")
class EngagementFilter:
    statuses: list[EngagementStatus] | None = strawberry.field(
        default=None, description="Any of these statuses."
    )
    proposed_after: datetime | None = strawberry.field(default=None, description="Proposed at or after.")
    proposed_before: datetime | None = strawberry.field(default=None, description="Proposed before.")
    flagged: bool | None = strawberry.field(
        default=None,
        description="true: only engagements under way that carry a flag (see `Engagement.flags`), the "
        "ones the federation follows up; false: only those without.",
    )


@strawberry.enum(description="What engagements can be ordered by.")
class EngagementOrderField(Enum):
    PROPOSED_AT = "proposed_at"
    COMPLETED_AT = "completed_at"


@strawberry.input(description="Ordering of engagements.")
class EngagementOrder:
    field: EngagementOrderField = strawberry.field(description="What to order by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Ascending (default) or descending."
    )


@node_type("Engagement")
@strawberry.federation.type(
    keys=["id"],
    description="One match being carried out (对接) between a demand and a resource, from proposal "
    "to completion.",
)
class Engagement(Node, Entity):
    pk: strawberry.Private[int]
    status: EngagementStatus = strawberry.field(description="Lifecycle status.")
    initiated_by: EngagementInitiator = strawberry.field(description="Which side proposed it.")
    quantity: int = strawberry.field(description="Units of the resource it commits.")
    note: str | None = personal_field("Engagement", "note")
    proposed_at: datetime = strawberry.field(description="When it was proposed.")
    responded_at: datetime | None = strawberry.field(
        description="When it was settled: accepted by the last side to agree, or declined."
    )
    requester_accepted_at: datetime | None = strawberry.field(
        description="When the requester's side agreed: by proposing, or by accepting (null: not yet)."
    )
    provider_accepted_at: datetime | None = strawberry.field(
        description="When the provider's side agreed: by proposing, or by accepting (null: not yet)."
    )
    completed_at: datetime | None = strawberry.field(description="When it was completed.")
    cancelled_at: datetime | None = strawberry.field(description="When it was cancelled.")
    version: int = strawberry.field(
        description="Increases with every change; pass it as `expectedVersion` (optimistic locking)."
    )
    demand_id: strawberry.Private[int]
    resource_id: strawberry.Private[int]

    async def _demand_row(self, info: Info) -> Any:
        return await info.context.loaders.demand_by_id.load(self.demand_id)

    async def _resource_row(self, info: Info) -> Any:
        return await info.context.loaders.resource_by_id.load(self.resource_id)

    @strawberry.field(description="The demand it answers.")
    async def demand(self, info: Info) -> Annotated[Demand, Lazy("schema.demands")] | None:
        row = await self._demand_row(info)
        return build_visible(info, "Demand", row)

    @strawberry.field(description="The resource it uses.")
    async def resource(self, info: Info) -> Annotated[Resource, Lazy("schema.resources")] | None:
        row = await self._resource_row(info)
        return build_visible(info, "Resource", row)

    @strawberry.field(description="The side that needs: the demand's requester.")
    async def requester(self, info: Info) -> Annotated[Participant, Lazy("schema.participants")]:
        demand = await self._demand_row(info)
        kind = demand.requester_kind
        return participant(kind, await info.context.loaders.participant.load((kind, demand.requester_id)))

    @strawberry.field(description="The side that offers: the resource's provider.")
    async def provider(self, info: Info) -> Annotated[Participant, Lazy("schema.participants")]:
        resource = await self._resource_row(info)
        kind = resource.provider_kind
        return participant(kind, await info.context.loaders.participant.load((kind, resource.provider_id)))

    @strawberry.field(
        description="Warnings while it is under way: PARTY_SUSPENDED when an organization on either "
        "side has been suspended. Empty once it is settled."
    )
    async def flags(self, info: Info) -> list[EngagementFlag]:
        return await engagement_lists.flags_of(info, self)

    @strawberry.field(description="The parties' ratings of each other (at most one each).")
    async def ratings(self, info: Info) -> list[Annotated[Rating, Lazy("schema.ratings")]]:
        rows = await info.context.loaders.ratings_by_engagement.load(self.pk)
        return [build_named("Rating", row) for row in rows]
