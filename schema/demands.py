"""Demand: a need published by a home or an organization."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from resolvers import engagements as engagement_lists
from resolvers import matching
from resolvers.context import Info
from schema.common import GeoPoint, geo_point, yuan
from schema.connection_fields import child_list_field, own_key
from schema.enums import DemandStatus, ResourceCategory, TargetGroup, Urgency
from schema.matching import suggestions
from schema.node import Entity, Node
from schema.objects import build_named, node_type, participant
from schema.pagination import OrderDirection

if TYPE_CHECKING:
    from schema.districts import District
    from schema.engagements import Engagement, EngagementFilter, EngagementOrder
    from schema.matching import MatchSuggestion
    from schema.participants import Participant

Lazy = strawberry.lazy


@strawberry.input(description="Which demands to list. All conditions must hold.")
class DemandFilter:
    categories: list[ResourceCategory] | None = strawberry.field(
        default=None, description="Any of these categories."
    )
    statuses: list[DemandStatus] | None = strawberry.field(default=None, description="Any of these statuses.")
    urgencies: list[Urgency] | None = strawberry.field(default=None, description="Any of these urgencies.")
    target_groups: list[TargetGroup] | None = strawberry.field(
        default=None, description="Serving any of these groups."
    )
    districts: list[strawberry.ID] | None = strawberry.field(
        default=None, description="In any of these districts."
    )
    search: str | None = strawberry.field(
        default=None,
        description="Text in the title or description (substring; 心理 finds 心理咨询服务).",
    )
    created_after: datetime | None = strawberry.field(default=None, description="Published at or after.")
    created_before: datetime | None = strawberry.field(default=None, description="Published before.")
    needed_after: datetime | None = strawberry.field(default=None, description="Needed by at or after.")
    needed_before: datetime | None = strawberry.field(default=None, description="Needed by before.")


@strawberry.enum(description="What demands can be ordered by.")
class DemandOrderField(Enum):
    CREATED_AT = "created_at"
    UPDATED_AT = "updated_at"
    NEEDED_BY = "needed_by"
    TITLE = "title"


@strawberry.input(description="Ordering of demands.")
class DemandOrder:
    field: DemandOrderField = strawberry.field(description="What to order by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Ascending (default) or descending."
    )


@node_type("Demand")
@strawberry.federation.type(keys=["id"], description="A need (需求) published by a home or an organization.")
class Demand(Node, Entity):
    pk: strawberry.Private[int]
    title: str = strawberry.field(description="Short title.")
    description: str = strawberry.field(description="What is needed, for whom, and why.")
    category: ResourceCategory = strawberry.field(description="Which kind of resource would meet it.")
    status: DemandStatus = strawberry.field(description="Lifecycle status.")
    subdistrict: str | None = strawberry.field(description="Sub-district (街道/乡镇) where it arises.")
    urgency: Urgency = strawberry.field(description="How urgent it is.")
    target_group: TargetGroup = strawberry.field(description="Who it serves.")
    beneficiary_count: int = strawberry.field(description="How many people it would help.")
    quantity: int = strawberry.field(description="Units needed.")
    quantity_matched: int = strawberry.field(description="Units promised by accepted engagements.")
    quantity_fulfilled: int = strawberry.field(description="Units delivered by completed engagements.")
    unit: str = strawberry.field(description="Unit of quantity.")
    tags: list[str] = strawberry.field(description="Free keywords.")
    needed_by: datetime | None = strawberry.field(description="When it must be met by.")
    created_at: datetime = strawberry.field(description="When it was published.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    version: int = strawberry.field(description="Increases with every change (optimistic locking).")
    requester_kind: strawberry.Private[str]
    requester_id: strawberry.Private[int]
    district_id: strawberry.Private[int]
    amount_fen: strawberry.Private[int | None]
    lat: strawberry.Private[float | None]
    lon: strawberry.Private[float | None]

    @strawberry.field(description="For funding: the amount asked, in CNY.")
    def amount(self) -> Decimal | None:
        return yuan(self.amount_fen)

    @strawberry.field(description="Where it arises (WGS-84).")
    def location(self) -> GeoPoint | None:
        return geo_point(self.lat, self.lon)

    @strawberry.field(description="Who published it: a home or an organization.")
    async def requester(self, info: Info) -> Annotated[Participant, Lazy("schema.participants")]:
        row = await info.context.loaders.participant.load((self.requester_kind, self.requester_id))
        return participant(self.requester_kind, row)

    @strawberry.field(description="The district it arises in.")
    async def district(self, info: Info) -> Annotated[District, Lazy("schema.districts")]:
        return build_named("District", await info.context.loaders.district_by_id.load(self.district_id))

    engagements = child_list_field(
        engagement_lists.ENGAGEMENTS,
        engagement_lists.BY_DEMAND,
        own_key,
        node=Annotated["Engagement", Lazy("schema.engagements")],
        filter_type=Annotated["EngagementFilter", Lazy("schema.engagements")],
        order_type=Annotated["EngagementOrder", Lazy("schema.engagements")],
        description="Engagements (对接) that answer it, newest first.",
    )

    @strawberry.field(
        description="Resources that could meet it (推荐资源), best first, each with its score and reasons. "
        "Empty once it is no longer open or has no need left."
    )
    async def suggested_resources(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description=matching.FIRST_DESCRIPTION)] = (
            matching.DEFAULT_SUGGESTIONS
        ),
    ) -> list[Annotated[MatchSuggestion, Lazy("schema.matching")]]:
        return suggestions(info, await matching.suggested_resources(info, self.pk, first), known=self)
