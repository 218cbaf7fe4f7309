"""Admission mutations (准入和退出): apply, review, suspend, reinstate, exit; inputs and payloads."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from auth.permissions import HasRole, IsAuthenticated, IsStaff
from domain.enums import Role
from domain.workflows.admission import (
    MAX_ADDRESS,
    MAX_CONTACT_NAME,
    MAX_DESCRIPTION,
    MAX_EMAIL,
    MAX_NAME,
    MAX_REASON,
    MAX_WEBSITE,
    OrganizationApplication,
)
from resolvers.auth import applicant_becomes_member
from schema.enums import OrganizationKind, ReviewDecision
from schema.inputs import idempotency_key_field
from schema.mutation_fields import mutation
from schema.offer_inputs import GeoPointInput
from schema.user_errors import UserError, user_errors_field
from services import organization_exit, organizations
from services.organization_exit import ExitOrganization
from services.organizations import (
    ApplyOrganization,
    ReinstateOrganization,
    ReviewOrganization,
    SuspendOrganization,
)

if TYPE_CHECKING:
    from schema.organizations import Organization

LazyOrganization = Annotated["Organization", strawberry.lazy("schema.organizations")]
REVIEWERS = HasRole(Role.ADMIN)
SUPERVISORS = IsStaff()
PERSONAL = "personal data: only the organization's members and federation staff read it."


@strawberry.input(
    description="An application for admission (入驻申请): the organization starts PENDING review, and the "
    "account applying becomes its member (ORG_MEMBER)."
)
class ApplyOrganizationInput:
    name: str = strawberry.field(description=f"Registered name (机构名称), 2 to {MAX_NAME} characters.")
    kind: OrganizationKind = strawberry.field(description="What kind of organization it is.")
    credit_code: str = strawberry.field(
        description="Unified social credit code (统一社会信用代码): 18 characters, digits and capitals "
        "without I, O, Z, S, V, the last a check character (GB 32100-2015). Case and surrounding "
        "spaces are ignored; one organization per code."
    )
    district_id: strawberry.ID = strawberry.field(description="The district (区) it is based in.")
    address: str = strawberry.field(
        description=f"Registered office address (办公地址), at most {MAX_ADDRESS} characters."
    )
    location: GeoPointInput = strawberry.field(description="Where that address is (WGS-84).")
    description: str | None = strawberry.field(
        default=None, description=f"What it does (机构简介), at most {MAX_DESCRIPTION} characters."
    )
    contact_name: str | None = strawberry.field(
        default=None,
        description=f"The contact person (联系人), at most {MAX_CONTACT_NAME} characters; {PERSONAL}",
    )
    contact_phone: str | None = strawberry.field(
        default=None, description=f"The contact's phone (联系电话); {PERSONAL}"
    )
    contact_email: str | None = strawberry.field(
        default=None, description=f"The contact's e-mail, at most {MAX_EMAIL} characters; {PERSONAL}"
    )
    website: str | None = strawberry.field(
        default=None, description=f"Web site, an http(s) address of at most {MAX_WEBSITE} characters."
    )
    idempotency_key: str | None = idempotency_key_field()

    def command(self) -> ApplyOrganization:
        application = OrganizationApplication(
            name=self.name,
            credit_code=self.credit_code,
            address=self.address,
            lat=self.location.lat,
            lon=self.location.lon,
            description=self.description,
            contact_name=self.contact_name,
            contact_phone=self.contact_phone,
            contact_email=self.contact_email,
            website=self.website,
        )
        return ApplyOrganization(self.kind, self.district_id, application)


@strawberry.input(description="Leave the platform (退出), or remove an organization from it (清退).")
class ExitOrganizationInput:
    id: strawberry.ID = strawberry.field(description="The organization's global id.")
    reason: str | None = strawberry.field(
        default=None,
        description=f"Why (退出原因), at most {MAX_REASON} characters; required when an admin removes it.",
    )

    def command(self) -> ExitOrganization:
        return ExitOrganization(self.id, self.reason)


# The GraphQL enum is the domain's own class, registered in place (as schema/enums.py does the others).


@strawberry.input(description="Review a PENDING organization's application for admission (准入审核).")
class ReviewOrganizationInput:
    id: strawberry.ID = strawberry.field(description="The organization's global id.")
    decision: ReviewDecision = strawberry.field(description="Approve (批准) or reject (驳回).")
    reason: str | None = strawberry.field(
        default=None, description=f"Why (审核意见); required when rejecting, at most {MAX_REASON} characters."
    )

    def command(self) -> ReviewOrganization:
        return ReviewOrganization(self.id, self.decision, self.reason)


@strawberry.input(description="Suspend an ACTIVE organization (暂停).")
class SuspendOrganizationInput:
    id: strawberry.ID = strawberry.field(description="The organization's global id.")
    reason: str = strawberry.field(description=f"Why (暂停原因); required, at most {MAX_REASON} characters.")

    def command(self) -> SuspendOrganization:
        return SuspendOrganization(self.id, self.reason)


@strawberry.input(description="Reinstate a SUSPENDED organization (恢复).")
class ReinstateOrganizationInput:
    id: strawberry.ID = strawberry.field(description="The organization's global id.")
    reason: str | None = strawberry.field(
        default=None, description=f"Why (恢复说明); optional, at most {MAX_REASON} characters."
    )

    def command(self) -> ReinstateOrganization:
        return ReinstateOrganization(self.id, self.reason)


@strawberry.type(description="The result of an admission mutation.")
class OrganizationPayload:
    organization: LazyOrganization | None = strawberry.field(
        default=None, description="The organization as it now is; null when refused."
    )
    user_errors: list[UserError] = user_errors_field(
        "UNAUTHENTICATED; FORBIDDEN (see the mutation's rule; staff cannot apply); NOT_FOUND (the "
        "organization or district); INVALID_STATE (not possible in its status; applying while acting for "
        "a participant; exiting with open commitments: one error naming each engagement, application or "
        "event); DUPLICATE (the credit code is registered); CONFLICT (a racing change won); REQUIRED, "
        "TOO_LONG, INVALID (credit code format or check character, phone, e-mail, web site, ids), "
        "OUT_OF_RANGE (location)."
    )


@strawberry.type(description="The result of applyOrganization: the organization, PENDING review.")
class ApplyOrganizationPayload(OrganizationPayload):
    pass


@strawberry.type(description="The result of reviewOrganization.")
class ReviewOrganizationPayload(OrganizationPayload):
    pass


@strawberry.type(description="The result of suspendOrganization.")
class SuspendOrganizationPayload(OrganizationPayload):
    pass


@strawberry.type(description="The result of reinstateOrganization.")
class ReinstateOrganizationPayload(OrganizationPayload):
    pass


@strawberry.type(description="The result of exitOrganization: the organization, EXITED.")
class ExitOrganizationPayload(OrganizationPayload):
    pass


apply_organization = mutation(
    organizations.apply_organization,
    ApplyOrganizationInput,
    ApplyOrganizationPayload,
    IsAuthenticated(),
    description="Apply for admission (申请入驻): the organization is created PENDING, its admission "
    "history starts, and the signed-in account becomes its member. An account that acts for a "
    "participant already cannot apply, except the member of a REJECTED organization, who corrects it and "
    "applies again (the same organization, PENDING again). Two applications with one credit code cannot "
    "both succeed.",
    after_commit=applicant_becomes_member,
)
review_organization = mutation(
    organizations.review_organization,
    ReviewOrganizationInput,
    ReviewOrganizationPayload,
    REVIEWERS,
    description="Approve or reject a PENDING organization (准入审核); a reason is required "
    "for rejection. Recorded in its admission history and the audit log. Two racing reviews "
    "cannot both win: the second gets CONFLICT or INVALID_STATE.",
)
suspend_organization = mutation(
    organizations.suspend_organization,
    SuspendOrganizationInput,
    SuspendOrganizationPayload,
    SUPERVISORS,
    description="Suspend an ACTIVE organization (暂停), with a reason; recorded in its admission "
    "history. While suspended its resources are not offered (`Resource.offered` false; left out of "
    "suggestions; no new engagements) and its engagements under way carry the flag PARTY_SUSPENDED.",
)
reinstate_organization = mutation(
    organizations.reinstate_organization,
    ReinstateOrganizationInput,
    ReinstateOrganizationPayload,
    SUPERVISORS,
    description="Reinstate a SUSPENDED organization (恢复).",
)
exit_organization = mutation(
    organization_exit.exit_organization,
    ExitOrganizationInput,
    ExitOrganizationPayload,
    IsAuthenticated(),
    description="Leave the platform (退出): an ACTIVE or SUSPENDED organization becomes EXITED, recorded "
    "in its admission history. Refused while it has open commitments, one INVALID_STATE error naming "
    "each. On exit its resources are withdrawn and its open demands and draft events cancelled. "
    "Allowed for the organization's own members and admins (who must give a reason).",
)
