"""The root Query: Relay node look-ups and the lists front ends start from."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers import demands as demand_lists
from resolvers import engagements as engagement_lists
from resolvers import events as event_lists
from resolvers import participants as participant_lists
from resolvers import resources as resource_lists
from resolvers.appeals import appeal_by_tracking_code
from resolvers.connections import PageArgs, root_list
from resolvers.districts import DISTRICTS
from schema.appeals import Appeal
from schema.demands import Demand, DemandFilter, DemandOrder
from schema.districts import District
from schema.engagements import Engagement, EngagementFilter, EngagementOrder
from schema.errors import BadInput
from schema.events import Event, EventFilter, EventOrder
from schema.homes import Home
from schema.node import Node, load_node
from schema.organizations import Organization
from schema.pagination import MAX_PAGE_SIZE, Connection
from schema.participant_inputs import (
    HomeFilter,
    OrganizationFilter,
    ParticipantOrder,
    SocialWorkerFilter,
    VolunteerFilter,
)
from schema.resources import Resource, ResourceFilter, ResourceOrder
from schema.social_workers import SocialWorker
from schema.volunteers import Volunteer


@strawberry.type(description="The entry points of the Yi Wuxian (益无限) graph.")
class Query:
    @strawberry.field(description="Any object by its global id.")
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        return await load_node(info, id)

    @strawberry.field(
        description=f"Objects by global ids (at most {MAX_PAGE_SIZE}), in the same order; "
        "null with an error for each id that resolves to nothing."
    )
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[Node | None]:
        if len(ids) > MAX_PAGE_SIZE:
            raise BadInput("ids", f"at most {MAX_PAGE_SIZE} ids, got {len(ids)}")
        return [load_node(info, value, argument=f"ids[{index}]") for index, value in enumerate(ids)]  # type: ignore[misc]

    @strawberry.field(description="Beijing's 16 districts, by code.")
    async def districts(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[District]:
        return await root_list(info, DISTRICTS, PageArgs(first, after, last, before), None)

    @strawberry.field(description="Community women's homes (妇女之家).")
    async def homes(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: HomeFilter | None = None,
        order_by: ParticipantOrder | None = None,
    ) -> Connection[Home]:
        return await root_list(
            info, participant_lists.HOMES, PageArgs(first, after, last, before, order_by), filter
        )

    @strawberry.field(description="Organizations taking part (admitted, suspended or exited).")
    async def organizations(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: OrganizationFilter | None = None,
        order_by: ParticipantOrder | None = None,
    ) -> Connection[Organization]:
        return await root_list(
            info,
            participant_lists.ORGANIZATIONS,
            PageArgs(first, after, last, before, order_by),
            filter,
        )

    @strawberry.field(description="Professional social workers (专业社工).")
    async def social_workers(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: SocialWorkerFilter | None = None,
        order_by: ParticipantOrder | None = None,
    ) -> Connection[SocialWorker]:
        return await root_list(
            info,
            participant_lists.SOCIAL_WORKERS,
            PageArgs(first, after, last, before, order_by),
            filter,
        )

    @strawberry.field(description="Volunteers (志愿者).")
    async def volunteers(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: VolunteerFilter | None = None,
        order_by: ParticipantOrder | None = None,
    ) -> Connection[Volunteer]:
        return await root_list(
            info,
            participant_lists.VOLUNTEERS,
            PageArgs(first, after, last, before, order_by),
            filter,
        )

    @strawberry.field(description="Resources on offer: filter by category, district, text, time, distance.")
    async def resources(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: ResourceFilter | None = None,
        order_by: ResourceOrder | None = None,
    ) -> Connection[Resource]:
        return await root_list(
            info, resource_lists.RESOURCES, PageArgs(first, after, last, before, order_by), filter
        )

    @strawberry.field(description="Published demands.")
    async def demands(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: DemandFilter | None = None,
        order_by: DemandOrder | None = None,
    ) -> Connection[Demand]:
        return await root_list(
            info, demand_lists.DEMANDS, PageArgs(first, after, last, before, order_by), filter
        )

    @strawberry.field(description="Engagements (对接) between demands and resources.")
    async def engagements(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: EngagementFilter | None = None,
        order_by: EngagementOrder | None = None,
    ) -> Connection[Engagement]:
        return await root_list(
            info,
            engagement_lists.ENGAGEMENTS,
            PageArgs(first, after, last, before, order_by),
            filter,
        )

    @strawberry.field(description="Published events: competitions, campaigns, activities, trainings.")
    async def events(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: EventFilter | None = None,
        order_by: EventOrder | None = None,
    ) -> Connection[Event]:
        return await root_list(
            info, event_lists.EVENTS, PageArgs(first, after, last, before, order_by), filter
        )

    @strawberry.field(
        description="An appeal (诉求) by the tracking code its resident received; null if none matches."
    )
    async def appeal(self, info: Info, tracking_code: str) -> Appeal | None:
        return await appeal_by_tracking_code(info, tracking_code)


__all__ = ["Query"]
