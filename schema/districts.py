"""District (区): one of Beijing's 16 districts."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from resolvers import demands as demand_lists
from resolvers import events as event_lists
from resolvers import participants as participant_lists
from resolvers import resources as resource_lists
from resolvers.connections import PageArgs, child_list
from schema.common import GeoPoint
from schema.node import Entity, Node
from schema.objects import node_type
from schema.pagination import Connection
from schema.participant_inputs import HomeFilter, OrganizationFilter, ParticipantOrder

Lazy = strawberry.lazy


@node_type("District", table="districts", loader="district_by_id")
@strawberry.federation.type(
    keys=["id"], description="One of Beijing's 16 districts (区), by its GB/T 2260 code."
)
class District(Node, Entity):
    pk: strawberry.Private[int]
    code: str = strawberry.field(description="Administrative code (GB/T 2260), e.g. 110105.")
    name: str = strawberry.field(description="Chinese name, e.g. 朝阳区.")
    name_en: str = strawberry.field(description="English name, e.g. Chaoyang.")
    subdistrict_count: int = strawberry.field(
        description="Number of sub-districts and towns (街道/乡镇) in the district."
    )
    lat: strawberry.Private[float]
    lon: strawberry.Private[float]

    @strawberry.field(description="Approximate centre of the district.")
    def centre(self) -> GeoPoint:
        return GeoPoint(lat=self.lat, lon=self.lon)

    @strawberry.field(description="Community women's homes (妇女之家) in the district.")
    async def homes(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: HomeFilter | None = None,
        order_by: ParticipantOrder | None = None,
    ) -> Connection[Annotated[Home, Lazy("schema.homes")]]:
        return await child_list(
            info,
            participant_lists.HOMES,
            participant_lists.HOMES_BY_DISTRICT,
            self.pk,
            PageArgs(first, after, last, before, order_by),
            filter,
        )

    @strawberry.field(description="Organizations based in the district.")
    async def organizations(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: OrganizationFilter | None = None,
        order_by: ParticipantOrder | None = None,
    ) -> Connection[Annotated[Organization, Lazy("schema.organizations")]]:
        return await child_list(
            info,
            participant_lists.ORGANIZATIONS,
            participant_lists.ORGANIZATIONS_BY_DISTRICT,
            self.pk,
            PageArgs(first, after, last, before, order_by),
            filter,
        )

    @strawberry.field(description="Resources located in the district.")
    async def resources(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: Annotated[ResourceFilter, Lazy("schema.resources")] | None = None,
        order_by: Annotated[ResourceOrder, Lazy("schema.resources")] | None = None,
    ) -> Connection[Annotated[Resource, Lazy("schema.resources")]]:
        return await child_list(
            info,
            resource_lists.RESOURCES,
            resource_lists.BY_DISTRICT,
            self.pk,
            PageArgs(first, after, last, before, order_by),
            filter,
        )

    @strawberry.field(description="Demands published in the district.")
    async def demands(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: Annotated[DemandFilter, Lazy("schema.demands")] | None = None,
        order_by: Annotated[DemandOrder, Lazy("schema.demands")] | None = None,
    ) -> Connection[Annotated[Demand, Lazy("schema.demands")]]:
        return await child_list(
            info,
            demand_lists.DEMANDS,
            demand_lists.BY_DISTRICT,
            self.pk,
            PageArgs(first, after, last, before, order_by),
            filter,
        )

    @strawberry.field(description="Events taking place in the district, soonest first.")
    async def events(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: Annotated[EventFilter, Lazy("schema.events")] | None = None,
        order_by: Annotated[EventOrder, Lazy("schema.events")] | None = None,
    ) -> Connection[Annotated[Event, Lazy("schema.events")]]:
        return await child_list(
            info,
            event_lists.EVENTS,
            event_lists.BY_DISTRICT,
            self.pk,
            PageArgs(first, after, last, before, order_by),
            filter,
        )
