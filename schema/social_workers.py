"""SocialWorker: a professional social worker (专业社工)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from auth.permissions import personal_field
from domain.enums import ParticipantKind
from resolvers.context import Info
from schema.enums import QualificationLevel, VerificationStatus
from schema.node import Entity
from schema.objects import build_visible, node_type
from schema.participant_lists import engagements_field, events_field, resources_field
from schema.participants import Participant

if TYPE_CHECKING:
    from schema.organizations import Organization

Lazy = strawberry.lazy


@node_type("SocialWorker")
@strawberry.federation.type(keys=["id"], description="A professional social worker (专业社工).")
class SocialWorker(Participant, Entity):
    participant_kind = ParticipantKind.SOCIAL_WORKER
    qualification_level: QualificationLevel = strawberry.field(description="Qualification level.")
    specialties: list[str] = strawberry.field(description="Fields of practice, e.g. 婚姻家庭, 心理健康.")
    years_of_experience: int = strawberry.field(description="Years in practice.")
    bio: str = strawberry.field(description="A short professional introduction.")
    agency_id: strawberry.Private[int | None]
    phone: str | None = personal_field("SocialWorker", "phone")
    email: str | None = personal_field("SocialWorker", "email")
    verification_status: VerificationStatus = strawberry.field(
        description="Whether staff have verified her qualification; only VERIFIED ones are offered "
        "in matching and may take on engagements."
    )
    certificate_number: str | None = personal_field("SocialWorker", "certificateNumber")
    verification_note: str | None = personal_field("SocialWorker", "verificationNote")

    @strawberry.field(description="The social-work agency (社工机构) she works with, if any.")
    async def agency(self, info: Info) -> Annotated[Organization, Lazy("schema.organizations")] | None:
        if self.agency_id is None:
            return None
        row = await info.context.loaders.organization_by_id.load(self.agency_id)
        return build_visible(info, "Organization", row)

    resources = resources_field()
    engagements = engagements_field()
    events = events_field()
