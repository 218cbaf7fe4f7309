"""District (区): one of Beijing's 16 districts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from resolvers import demands as demand_lists
from resolvers import events as event_lists
from resolvers import participants as participant_lists
from resolvers import resources as resource_lists
from schema.common import GeoPoint
from schema.connection_fields import child_list_field, own_key
from schema.node import Entity, Node
from schema.objects import node_type
from schema.participant_inputs import HomeFilter, OrganizationFilter, ParticipantOrder

if TYPE_CHECKING:
    from schema.demands import Demand, DemandFilter, DemandOrder
    from schema.events import Event, EventFilter, EventOrder
    from schema.homes import Home
    from schema.organizations import Organization
    from schema.resources import Resource, ResourceFilter, ResourceOrder

Lazy = strawberry.lazy


@node_type("District")
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

    homes = child_list_field(
        participant_lists.HOMES,
        participant_lists.HOMES_BY_DISTRICT,
        own_key,
        node=Annotated["Home", Lazy("schema.homes")],
        filter_type=HomeFilter,
        order_type=ParticipantOrder,
        description="Community women's homes (妇女之家) in the district.",
    )

    organizations = child_list_field(
        participant_lists.ORGANIZATIONS,
        participant_lists.ORGANIZATIONS_BY_DISTRICT,
        own_key,
        node=Annotated["Organization", Lazy("schema.organizations")],
        filter_type=OrganizationFilter,
        order_type=ParticipantOrder,
        description="Organizations based in the district.",
    )

    resources = child_list_field(
        resource_lists.RESOURCES,
        resource_lists.BY_DISTRICT,
        own_key,
        node=Annotated["Resource", Lazy("schema.resources")],
        filter_type=Annotated["ResourceFilter", Lazy("schema.resources")],
        order_type=Annotated["ResourceOrder", Lazy("schema.resources")],
        description="Resources located in the district.",
    )

    demands = child_list_field(
        demand_lists.DEMANDS,
        demand_lists.BY_DISTRICT,
        own_key,
        node=Annotated["Demand", Lazy("schema.demands")],
        filter_type=Annotated["DemandFilter", Lazy("schema.demands")],
        order_type=Annotated["DemandOrder", Lazy("schema.demands")],
        description="Demands published in the district.",
    )

    events = child_list_field(
        event_lists.EVENTS,
        event_lists.BY_DISTRICT,
        own_key,
        node=Annotated["Event", Lazy("schema.events")],
        filter_type=Annotated["EventFilter", Lazy("schema.events")],
        order_type=Annotated["EventOrder", Lazy("schema.events")],
        description="Events taking place in the district, soonest first.",
    )
