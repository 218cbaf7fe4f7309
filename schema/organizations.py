"""Organization: social organization, enterprise, public institution, social-work agency, other."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from auth.permissions import personal_field
from domain.enums import ParticipantKind
from resolvers import participants as participant_lists
from resolvers.context import Info
from schema.accounts import visible_account
from schema.common import GeoPoint, geo_point
from schema.connection_fields import child_list_field, own_key
from schema.enums import OrganizationKind, OrganizationStatus
from schema.insights import own_insights_field
from schema.node import Entity
from schema.objects import node_type
from schema.participant_inputs import ParticipantOrder, SocialWorkerFilter
from schema.participant_lists import demands_field, engagements_field, events_field, resources_field
from schema.participants import Participant

if TYPE_CHECKING:
    from schema.accounts import Account
    from schema.social_workers import SocialWorker

Lazy = strawberry.lazy


@strawberry.type(description="One step of an organization's admission history (准入和退出).")
class AdmissionStep:
    from_status: OrganizationStatus | None = strawberry.field(
        description="Status before; null at application."
    )
    to_status: OrganizationStatus = strawberry.field(description="Status after.")
    reason: str = strawberry.field(description="Why, as recorded by whoever made the change.")
    created_at: datetime = strawberry.field(description="When.")
    actor_account_id: strawberry.Private[int | None]

    @strawberry.field(
        description="Who made the change: the applicant, the organization's member, or federation "
        "staff. Readable by federation staff and by that account itself; null for everyone else."
    )
    async def actor(self, info: Info) -> Annotated[Account, Lazy("schema.accounts")] | None:
        return await visible_account(info, self.actor_account_id)


@node_type("Organization")
@strawberry.federation.type(
    keys=["id"],
    description="An organization taking part: social organization (社会组织), enterprise, public "
    "institution, social-work agency (社工机构) or other service body.",
)
class Organization(Participant, Entity):
    participant_kind = ParticipantKind.ORGANIZATION
    kind: OrganizationKind = strawberry.field(description="What kind of organization.")
    status: OrganizationStatus = strawberry.field(description="Admission status.")
    credit_code: str = strawberry.field(
        description="Unified social credit code (统一社会信用代码), 18 characters; public registry data."
    )
    description: str = strawberry.field(description="What the organization does.")
    address: str = strawberry.field(description="Registered office address.")
    website: str | None = strawberry.field(description="Web site, if any.")
    lat: strawberry.Private[float]
    lon: strawberry.Private[float]
    contact_name: str | None = personal_field("Organization", "contactName")
    contact_phone: str | None = personal_field("Organization", "contactPhone")
    contact_email: str | None = personal_field("Organization", "contactEmail")

    @strawberry.field(description="Where the organization is (WGS-84).")
    def location(self) -> GeoPoint | None:
        return geo_point(self.lat, self.lon)

    demands = demands_field()
    resources = resources_field()
    engagements = engagements_field()
    events = events_field()
    insights = own_insights_field("the organization")

    @strawberry.field(
        description="Its admission history, oldest first: application, review, suspensions, exit."
    )
    async def admission_history(self, info: Info) -> list[AdmissionStep]:
        rows = await info.context.loaders.status_changes_by_organization.load(self.pk)
        return [
            AdmissionStep(
                from_status=row.from_status,
                to_status=row.to_status,
                reason=row.reason,
                created_at=row.created_at,
                actor_account_id=row.actor_account_id,
            )
            for row in rows
        ]

    social_workers = child_list_field(
        participant_lists.SOCIAL_WORKERS,
        participant_lists.SOCIAL_WORKERS_BY_AGENCY,
        own_key,
        node=Annotated["SocialWorker", Lazy("schema.social_workers")],
        filter_type=SocialWorkerFilter,
        order_type=ParticipantOrder,
        description="For a social-work agency: its social workers.",
    )
