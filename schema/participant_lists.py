"""Lists every publishing participant has, declared once and attached to each type."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from resolvers import demands as demand_lists
from resolvers import engagements as engagement_lists
from resolvers import events as event_lists
from resolvers import resources as resource_lists
from schema.connection_fields import child_list_field, participant_key

if TYPE_CHECKING:
    from schema.demands import Demand, DemandFilter, DemandOrder
    from schema.engagements import Engagement, EngagementFilter, EngagementOrder
    from schema.events import Event, EventFilter, EventOrder
    from schema.resources import Resource, ResourceFilter, ResourceOrder

Lazy = strawberry.lazy


def demands_field() -> Any:
    return child_list_field(
        demand_lists.DEMANDS,
        demand_lists.BY_REQUESTER,
        participant_key,
        node=Annotated["Demand", Lazy("schema.demands")],
        filter_type=Annotated["DemandFilter", Lazy("schema.demands")],
        order_type=Annotated["DemandOrder", Lazy("schema.demands")],
        description="Needs it published, newest first.",
    )


def resources_field() -> Any:
    return child_list_field(
        resource_lists.RESOURCES,
        resource_lists.BY_PROVIDER,
        participant_key,
        node=Annotated["Resource", Lazy("schema.resources")],
        filter_type=Annotated["ResourceFilter", Lazy("schema.resources")],
        order_type=Annotated["ResourceOrder", Lazy("schema.resources")],
        description="Resources it offers, newest first.",
    )


def engagements_field() -> Any:
    return child_list_field(
        engagement_lists.ENGAGEMENTS,
        engagement_lists.BY_PARTICIPANT,
        participant_key,
        node=Annotated["Engagement", Lazy("schema.engagements")],
        filter_type=Annotated["EngagementFilter", Lazy("schema.engagements")],
        order_type=Annotated["EngagementOrder", Lazy("schema.engagements")],
        description="Engagements (对接) it takes part in, as requester or provider, newest first.",
    )


def events_field() -> Any:
    return child_list_field(
        event_lists.EVENTS,
        event_lists.BY_ORGANIZER,
        participant_key,
        node=Annotated["Event", Lazy("schema.events")],
        filter_type=Annotated["EventFilter", Lazy("schema.events")],
        order_type=Annotated["EventOrder", Lazy("schema.events")],
        description="Events it organizes, soonest first.",
    )
