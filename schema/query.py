"""The root Query: Relay node look-ups and the lists front ends start from."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.permission import PermissionExtension

from auth.permissions import IsStaff
from resolvers import complaints as complaint_lists
from resolvers import demands as demand_lists
from resolvers import engagements as engagement_lists
from resolvers import events as event_lists
from resolvers import invitations as invitation_lists
from resolvers import matching
from resolvers import participants as participant_lists
from resolvers import resources as resource_lists
from resolvers.appeals import appeal_by_tracking_code
from resolvers.auth import viewer as current_viewer
from resolvers.context import Info
from resolvers.districts import DISTRICTS
from resolvers.errors import BadInput
from resolvers.insights import scope_of as insight_scope
from resolvers.paging import MAX_PAGE_SIZE
from schema.accounts import Account, account_object
from schema.appeals import Appeal
from schema.complaints import Complaint, ComplaintFilter
from schema.connection_fields import root_list_field
from schema.demands import Demand, DemandFilter, DemandOrder
from schema.districts import District
from schema.engagements import Engagement, EngagementFilter, EngagementOrder
from schema.events import Event, EventFilter, EventOrder
from schema.homes import Home
from schema.inputs import NearInput
from schema.insights import InsightFilter, Insights
from schema.invitations import Invitation, InvitationFilter
from schema.matching import (
    AllocationPlan,
    AllocationPlanInput,
    OpportunityConnection,
    allocation_plan,
    opportunity_connection,
)
from schema.node import Node, load_node
from schema.objects import build_named
from schema.organizations import Organization
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
        return [load_node(info, value, argument=f"ids[{index}]") for index, value in enumerate(ids)]  # pyright: ignore[reportReturnType]  # graphql-core awaits each item on its own: a NotFound nulls that item only

    @strawberry.field(
        description="Who is asking: the signed-in account, its roles and the participant it acts for; "
        "null when anonymous. Sign in with `login` and send `Authorization: Bearer <token>`."
    )
    async def viewer(self, info: Info) -> Account | None:
        return account_object(await current_viewer(info))

    districts = root_list_field(
        DISTRICTS,
        node=District,
        description="Beijing's 16 districts, by code.",
    )

    homes = root_list_field(
        participant_lists.HOMES,
        node=Home,
        filter_type=HomeFilter,
        order_type=ParticipantOrder,
        description="Community women's homes (妇女之家).",
    )

    organizations = root_list_field(
        participant_lists.ORGANIZATIONS,
        node=Organization,
        filter_type=OrganizationFilter,
        order_type=ParticipantOrder,
        description="Organizations taking part (admitted, suspended or exited).",
    )

    social_workers = root_list_field(
        participant_lists.SOCIAL_WORKERS,
        node=SocialWorker,
        filter_type=SocialWorkerFilter,
        order_type=ParticipantOrder,
        description="Professional social workers (专业社工).",
    )

    volunteers = root_list_field(
        participant_lists.VOLUNTEERS,
        node=Volunteer,
        filter_type=VolunteerFilter,
        order_type=ParticipantOrder,
        description="Volunteers (志愿者).",
    )

    resources = root_list_field(
        resource_lists.RESOURCES,
        node=Resource,
        filter_type=ResourceFilter,
        order_type=ResourceOrder,
        description="Resources on offer: filter by category, district, text, time, distance.",
    )

    demands = root_list_field(
        demand_lists.DEMANDS,
        node=Demand,
        filter_type=DemandFilter,
        order_type=DemandOrder,
        description="Published demands.",
    )

    engagements = root_list_field(
        engagement_lists.ENGAGEMENTS,
        node=Engagement,
        filter_type=EngagementFilter,
        order_type=EngagementOrder,
        description="Engagements (对接) between demands and resources.",
    )

    events = root_list_field(
        event_lists.EVENTS,
        node=Event,
        filter_type=EventFilter,
        order_type=EventOrder,
        description="Published events: competitions, campaigns, activities, trainings.",
    )

    @strawberry.field(
        description="Figures for dashboards (数据分析): how well supply meets demand by category and "
        "district, the engagement funnel, and how needs change month by month. Public: aggregates only."
    )
    def insights(self, filter: InsightFilter | None = None) -> Insights:
        return Insights(scope=insight_scope(filter))

    @strawberry.field(
        description="An appeal (诉求) by the tracking code its resident received; null if none matches."
    )
    async def appeal(self, info: Info, tracking_code: str) -> Appeal | None:
        row = await appeal_by_tracking_code(info, tracking_code)
        return None if row is None else build_named("Appeal", row)

    complaints = root_list_field(
        complaint_lists.COMPLAINTS,
        node=Complaint,
        filter_type=ComplaintFilter,
        description="The complaint queue (投诉, 外部监管), oldest first; filter by status for the open "
        "ones (OPEN, IN_REVIEW) or by the participant complained about. Others get null and an error.",
        permissions=(IsStaff(),),
    )

    invitations = root_list_field(
        invitation_lists.INVITATIONS,
        node=Invitation,
        filter_type=InvitationFilter,
        description="Invitations (邀请), newest first; `filter: {statuses: [OPEN]}` for those still "
        "waiting. Federation staff only; others get null and an error.",
        permissions=(IsStaff(),),
    )

    @strawberry.field(
        description="A complaint (投诉) by the tracking code its complainant received; null if none "
        "matches. Anyone holding the code reads its status, outcome and note; the contact details are "
        "for federation staff alone."
    )
    async def complaint(
        self,
        info: Info,
        tracking_code: Annotated[
            str, strawberry.argument(description="The tracking code (查询码), e.g. YW7K3M9P2QXA.")
        ],
    ) -> Complaint | None:
        row = await complaint_lists.complaint_by_tracking_code(info, tracking_code)
        return None if row is None else build_named("Complaint", row)

    @strawberry.field(
        description="What a volunteer can take part in (志愿机会): open volunteer positions and published "
        "events still taking people. A signed-in volunteer sees them ranked for her (skills, free time, "
        "distance, the organizer's reputation, how soon) without those she already applied or registered "
        "to; anyone else by distance from `near`, or by date (what is open now first)."
    )
    async def opportunities(
        self,
        info: Info,
        near: Annotated[NearInput | None, strawberry.argument(description=matching.ARGUMENTS["near"])] = None,
        skills: Annotated[
            list[str] | None, strawberry.argument(description=matching.ARGUMENTS["skills"])
        ] = None,
        date: Annotated[datetime | None, strawberry.argument(description=matching.ARGUMENTS["date"])] = None,
        district: Annotated[
            strawberry.ID | None, strawberry.argument(description=matching.ARGUMENTS["district"])
        ] = None,
        first: Annotated[int | None, strawberry.argument(description=matching.ARGUMENTS["first"])] = None,
        after: Annotated[str | None, strawberry.argument(description=matching.ARGUMENTS["after"])] = None,
    ) -> OpportunityConnection:
        page = await matching.opportunities(info, near, skills, date, district, first, after)
        return opportunity_connection(info, page)

    @strawberry.field(
        description="A global allocation plan (全局调配方案) for the open demands of a category: proposals "
        "that maximise the total match score under every resource's units and every demand's need, "
        f"optionally with a fairness floor for the worst-served district. {IsStaff().rule}",
        extensions=[PermissionExtension([IsStaff()], use_directives=False)],
    )
    async def allocation_plan(
        self,
        info: Info,
        input: Annotated[AllocationPlanInput, strawberry.argument(description="What to plan.")],
    ) -> AllocationPlan:
        return allocation_plan(input.category, await matching.allocation_plan(info, input))


__all__ = ["Query"]
