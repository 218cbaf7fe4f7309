"""Resource: something a participant offers (one of the seven categories)."""

from __future__ import annotations

import math
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.scalars import JSON

from resolvers import applications as application_lists
from resolvers import engagements as engagement_lists
from resolvers import matching
from resolvers import resources as resource_lists
from resolvers.context import Info
from schema.common import GeoPoint, geo_point, yuan
from schema.connection_fields import child_list_field, own_key
from schema.enums import ResourceCategory, ResourceStatus, TargetGroup
from schema.inputs import NearInput
from schema.matching import suggestions
from schema.node import Entity, Node
from schema.objects import build_named, node_type, participant
from schema.pagination import OrderDirection

if TYPE_CHECKING:
    from schema.applications import ApplicationFilter, VolunteerApplication
    from schema.districts import District
    from schema.engagements import Engagement, EngagementFilter, EngagementOrder
    from schema.matching import MatchSuggestion
    from schema.participants import Participant

Lazy = strawberry.lazy


@strawberry.input(description="Which resources to list. All conditions must hold.")
class ResourceFilter:
    categories: list[ResourceCategory] | None = strawberry.field(
        default=None, description="Any of these categories."
    )
    statuses: list[ResourceStatus] | None = strawberry.field(
        default=None, description="Any of these statuses."
    )
    districts: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Located in, or serving, any of these districts."
    )
    search: str | None = strawberry.field(
        default=None,
        description="Text in the title or description (substring; 心理 finds 心理咨询服务).",
    )
    created_after: datetime | None = strawberry.field(default=None, description="Created at or after.")
    created_before: datetime | None = strawberry.field(default=None, description="Created before.")
    available_on: datetime | None = strawberry.field(
        default=None, description="Its availability window contains this instant."
    )
    has_capacity: bool | None = strawberry.field(
        default=None, description="true: units left to commit; false: fully committed."
    )
    offered: bool | None = strawberry.field(
        default=None,
        description="true: only resources that can be engaged now (see `Resource.offered`); false: "
        "only those that cannot (ended, used up, withdrawn, or their provider suspended or exited).",
    )
    near: NearInput | None = strawberry.field(
        default=None,
        description="Within this circle (root list only); enables ordering by DISTANCE.",
    )


@strawberry.enum(description="What resources can be ordered by.")
class ResourceOrderField(Enum):
    CREATED_AT = "created_at"
    UPDATED_AT = "updated_at"
    TITLE = "title"
    AVAILABLE_UNTIL = "available_until"
    DISTANCE = "distance_sq"


@strawberry.input(description="Ordering of resources.")
class ResourceOrder:
    field: ResourceOrderField = strawberry.field(description="What to order by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Ascending (default) or descending."
    )


@node_type("Resource")
@strawberry.federation.type(keys=["id"], description="Something a participant offers (资源).")
class Resource(Node, Entity):
    pk: strawberry.Private[int]
    title: str = strawberry.field(description="Short title.")
    description: str = strawberry.field(description="What is offered, for whom, how to use it.")
    category: ResourceCategory = strawberry.field(description="Which of the seven categories.")
    status: ResourceStatus = strawberry.field(description="Lifecycle status.")
    address: str | None = strawberry.field(description="Where it is offered (venues, materials).")
    service_radius_km: float | None = strawberry.field(
        description="How far from its location it is offered, in km; null: its districts only."
    )
    quantity: int = strawberry.field(description="Units, places or shifts offered in all.")
    quantity_committed: int = strawberry.field(description="Units promised to accepted engagements.")
    unit: str = strawberry.field(description="Unit of quantity, e.g. 次, 人, 小时, 件.")
    target_groups: list[TargetGroup] = strawberry.field(description="Who it is meant for.")
    tags: list[str] = strawberry.field(description="Free keywords.")
    details: JSON = strawberry.field(description="Category-specific details (items, skills, shifts...).")
    available_from: datetime | None = strawberry.field(description="Start of availability.")
    available_until: datetime | None = strawberry.field(description="End of availability.")
    created_at: datetime = strawberry.field(description="When it was created.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    version: int = strawberry.field(description="Increases with every change (optimistic locking).")
    provider_kind: strawberry.Private[str]
    provider_id: strawberry.Private[int]
    district_id: strawberry.Private[int]
    amount_fen: strawberry.Private[int | None]
    lat: strawberry.Private[float | None]
    lon: strawberry.Private[float | None]

    @strawberry.field(
        description="Whether it can be engaged now: PUBLISHED with units left, inside its time "
        "window, and its provider in good standing. A SUSPENDED or EXITED organization's resources "
        "stop being offered: no new engagements, no suggestions."
    )
    async def offered(self, info: Info) -> bool:
        return await resource_lists.is_offered(info, self)

    @strawberry.field(description="Units still free to commit.")
    def quantity_available(self) -> int:
        return max(self.quantity - self.quantity_committed, 0)

    @strawberry.field(description="For funding: the amount offered, in CNY.")
    def amount(self) -> Decimal | None:
        return yuan(self.amount_fen)

    @strawberry.field(description="Where it is offered (WGS-84).")
    def location(self) -> GeoPoint | None:
        return geo_point(self.lat, self.lon)

    @strawberry.field(description="Distance in km from `filter.near`'s centre; null otherwise.")
    def distance_km(self) -> float | None:
        distance_sq = self.__dict__.get("distance_sq")
        return None if distance_sq is None else round(math.sqrt(distance_sq), 3)

    @strawberry.field(description="Who offers it.")
    async def provider(self, info: Info) -> Annotated[Participant, Lazy("schema.participants")]:
        row = await info.context.loaders.participant.load((self.provider_kind, self.provider_id))
        return participant(self.provider_kind, row)

    @strawberry.field(description="The district it is located in.")
    async def district(self, info: Info) -> Annotated[District, Lazy("schema.districts")]:
        return build_named("District", await info.context.loaders.district_by_id.load(self.district_id))

    @strawberry.field(description="Further districts it serves besides its own.")
    async def service_districts(self, info: Info) -> list[Annotated[District, Lazy("schema.districts")]]:
        links = await info.context.loaders.service_districts_by_resource.load(self.pk)
        rows = await info.context.loaders.district_by_id.load_many([link.district_id for link in links])
        return [build_named("District", row) for row in rows]

    engagements = child_list_field(
        engagement_lists.ENGAGEMENTS,
        engagement_lists.BY_RESOURCE,
        own_key,
        node=Annotated["Engagement", Lazy("schema.engagements")],
        filter_type=Annotated["EngagementFilter", Lazy("schema.engagements")],
        order_type=Annotated["EngagementOrder", Lazy("schema.engagements")],
        description="Engagements (对接) that use this resource, newest first.",
    )

    applications = child_list_field(
        application_lists.APPLICATIONS,
        application_lists.BY_RESOURCE,
        own_key,
        node=Annotated["VolunteerApplication", Lazy("schema.applications")],
        filter_type=Annotated["ApplicationFilter", Lazy("schema.applications")],
        description="Volunteers' applications to this volunteer position, newest first.",
    )

    @strawberry.field(
        description="Open demands it could meet (推荐需求), best first, each with its score and reasons. "
        "Empty once it is no longer published or has nothing left."
    )
    async def suggested_demands(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description=matching.FIRST_DESCRIPTION)] = (
            matching.DEFAULT_SUGGESTIONS
        ),
    ) -> list[Annotated[MatchSuggestion, Lazy("schema.matching")]]:
        return suggestions(info, await matching.suggested_demands(info, self.pk, first), known=self)
