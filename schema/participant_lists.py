"""Lists every publishing participant has, written once and attached to each type."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from resolvers import demands as demand_lists
from resolvers import engagements as engagement_lists
from resolvers import events as event_lists
from resolvers import resources as resource_lists
from resolvers.connections import PageArgs, child_list
from schema.pagination import Connection

Lazy = strawberry.lazy


async def _demands(
    root: strawberry.Parent[Any],
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
        demand_lists.BY_REQUESTER,
        (root.participant_kind, root.pk),
        PageArgs(first, after, last, before, order_by),
        filter,
    )


async def _resources(
    root: strawberry.Parent[Any],
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
        resource_lists.BY_PROVIDER,
        (root.participant_kind, root.pk),
        PageArgs(first, after, last, before, order_by),
        filter,
    )


async def _engagements(
    root: strawberry.Parent[Any],
    info: Info,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    filter: Annotated[EngagementFilter, Lazy("schema.engagements")] | None = None,
    order_by: Annotated[EngagementOrder, Lazy("schema.engagements")] | None = None,
) -> Connection[Annotated[Engagement, Lazy("schema.engagements")]]:
    return await child_list(
        info,
        engagement_lists.ENGAGEMENTS,
        engagement_lists.BY_PARTICIPANT,
        (root.participant_kind, root.pk),
        PageArgs(first, after, last, before, order_by),
        filter,
    )


async def _events(
    root: strawberry.Parent[Any],
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
        event_lists.BY_ORGANIZER,
        (root.participant_kind, root.pk),
        PageArgs(first, after, last, before, order_by),
        filter,
    )


def demands_field() -> Any:
    return strawberry.field(resolver=_demands, description="Needs it published, newest first.")


def resources_field() -> Any:
    return strawberry.field(resolver=_resources, description="Resources it offers, newest first.")


def engagements_field() -> Any:
    return strawberry.field(
        resolver=_engagements,
        description="Engagements (对接) it takes part in, as requester or provider, newest first.",
    )


def events_field() -> Any:
    return strawberry.field(resolver=_events, description="Events it organizes, newest first.")
