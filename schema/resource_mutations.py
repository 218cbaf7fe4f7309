"""Inputs, payloads and fields of publishing resources (资源发布): publish, update, withdraw."""

from __future__ import annotations

from datetime import datetime

import strawberry

from auth.permissions import IsAuthenticated
from domain.workflows.offers import (
    MAX_DESCRIPTION,
    MAX_QUANTITY,
    MAX_RADIUS_KM,
    MAX_REASON,
    MAX_SERVICE_DISTRICTS,
    MAX_TAGS,
    MAX_TITLE,
)
from resolvers import resource_commands as commands
from resolvers.context import Info
from schema.enums import ResourceCategory, TargetGroup
from schema.inputs import idempotency_key_field
from schema.mutation_fields import guarded_mutation
from schema.offer_inputs import (
    FundingDetailsInput,
    GeoPointInput,
    MaterialDetailsInput,
    PlanningDetailsInput,
    ProfessionalServiceDetailsInput,
    ProjectDetailsInput,
    VenueDetailsInput,
    VolunteerPositionDetailsInput,
)
from schema.payloads import payload
from schema.resources import Resource
from schema.user_errors import UserError, user_errors_field

DETAILS = (
    "Give exactly the one input matching the category (`funding` for FUNDING, `venue` for VENUE, ...); "
    "another one is INVALID at its path, the matching one missing is REQUIRED."
)
FIELD_ERRORS = (
    "REQUIRED, TOO_LONG, OUT_OF_RANGE, INVALID (at the input field's path, e.g. "
    '["input", "venue", "capacity"]: a category\'s own fields, a malformed id, a time without '
    "offset, a window ending in the past or before it starts, a location off Earth, unknown skills)."
)


def _details_field(category: str) -> object:
    return strawberry.field(default=None, description=f"The {category} resource's own fields. {DETAILS}")


@strawberry.input(description="A new resource (资源), published at once or kept as a draft.")
class PublishResourceInput:
    title: str = strawberry.field(description=f"Title (标题), at most {MAX_TITLE} characters.")
    category: ResourceCategory = strawberry.field(
        description="Which of the seven categories; it never changes."
    )
    description: str = strawberry.field(
        default="",
        description=f"What is offered, for whom, how to use it; at most {MAX_DESCRIPTION} characters.",
    )
    provider_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Who offers it (提供方): a home, organization, social worker or volunteer. Staff must "
        "name one; others may only name the participant they act for (the default).",
    )
    district_id: strawberry.ID | None = strawberry.field(
        default=None, description="The district it is located in; null: the provider's."
    )
    service_district_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description=f"Further districts it serves (服务区域), at most {MAX_SERVICE_DISTRICTS}."
    )
    location: GeoPointInput | None = strawberry.field(
        default=None,
        description="Where it is offered; null: the provider's address (homes, organizations) or the "
        "district's centre (people: their own location is never copied).",
    )
    service_radius_km: float | None = strawberry.field(
        default=None, description=f"How far from its location it is offered, 0.1 to {MAX_RADIUS_KM:g} km."
    )
    quantity: int = strawberry.field(
        default=1, description=f"Units, places or shifts offered, 1 to {MAX_QUANTITY}."
    )
    unit: str = strawberry.field(default="次", description="Unit of quantity (单位), e.g. 次, 人, 场次.")
    target_groups: list[TargetGroup] | None = strawberry.field(
        default=None, description="Who it is meant for."
    )
    tags: list[str] | None = strawberry.field(default=None, description=f"Free keywords, at most {MAX_TAGS}.")
    available_from: datetime | None = strawberry.field(default=None, description="Start of availability.")
    available_until: datetime | None = strawberry.field(
        default=None, description="End of availability: in the future, after the start; then it EXPIRES."
    )
    funding: FundingDetailsInput | None = _details_field("FUNDING")
    planning: PlanningDetailsInput | None = _details_field("PLANNING")
    project: ProjectDetailsInput | None = _details_field("PROJECT")
    venue: VenueDetailsInput | None = _details_field("VENUE")
    material: MaterialDetailsInput | None = _details_field("MATERIAL")
    professional_service: ProfessionalServiceDetailsInput | None = _details_field("PROFESSIONAL_SERVICE")
    volunteer_position: VolunteerPositionDetailsInput | None = _details_field("VOLUNTEER_POSITION")
    draft: bool = strawberry.field(
        default=False,
        description="true: save it as a DRAFT (seen only by its provider and staff, announced to nobody); "
        "publish it later with `updateResource(input: {publish: true})`.",
    )
    idempotency_key: str | None = idempotency_key_field()


@strawberry.input(
    description="Changes to a resource while DRAFT, PUBLISHED or EXHAUSTED; fields left out stay as they "
    "are. Its category's input replaces its own fields as a whole."
)
class UpdateResourceInput:
    id: strawberry.ID = strawberry.field(description="The resource.")
    expected_version: int = strawberry.field(
        description="The `version` you last saw; if it has changed since, nothing happens (CONFLICT)."
    )
    title: str | None = strawberry.field(default=None, description=f"At most {MAX_TITLE} characters.")
    description: str | None = strawberry.field(
        default=None, description=f"At most {MAX_DESCRIPTION} characters."
    )
    district_id: strawberry.ID | None = strawberry.field(default=None, description="The district it is in.")
    service_district_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="Replaces the further districts it serves ([] for none)."
    )
    location: GeoPointInput | None = strawberry.field(default=None, description="Where it is offered.")
    service_radius_km: float | None = strawberry.field(
        default=None, description="How far it is offered, in km."
    )
    quantity: int | None = strawberry.field(
        default=None,
        description="Units offered; never below `quantityCommitted` (OUT_OF_RANGE). More units make an "
        "EXHAUSTED resource PUBLISHED again; as many as are committed make it EXHAUSTED.",
    )
    unit: str | None = strawberry.field(default=None, description="Unit of quantity.")
    target_groups: list[TargetGroup] | None = strawberry.field(default=None, description="Who it is for.")
    tags: list[str] | None = strawberry.field(default=None, description="Replaces its keywords.")
    available_from: datetime | None = strawberry.field(default=None, description="Start of availability.")
    available_until: datetime | None = strawberry.field(
        default=None, description="End of availability; a past end cannot be set."
    )
    funding: FundingDetailsInput | None = _details_field("FUNDING")
    planning: PlanningDetailsInput | None = _details_field("PLANNING")
    project: ProjectDetailsInput | None = _details_field("PROJECT")
    venue: VenueDetailsInput | None = _details_field("VENUE")
    material: MaterialDetailsInput | None = _details_field("MATERIAL")
    professional_service: ProfessionalServiceDetailsInput | None = _details_field("PROFESSIONAL_SERVICE")
    volunteer_position: VolunteerPositionDetailsInput | None = _details_field("VOLUNTEER_POSITION")
    publish: bool = strawberry.field(
        default=False, description="true: put a DRAFT on offer (PUBLISHED); other statuses: INVALID_STATE."
    )


@strawberry.input(description="Taking a resource off offer (撤回).")
class WithdrawResourceInput:
    id: strawberry.ID = strawberry.field(description="The resource: DRAFT, PUBLISHED or EXHAUSTED.")
    reason: str | None = strawberry.field(
        default=None,
        description=f"Why, at most {MAX_REASON} characters: kept in the audit log and added to the note "
        "of each proposed engagement it cancels.",
    )
    expected_version: int | None = strawberry.field(
        default=None,
        description="The `version` you last saw (CONFLICT if it changed); null: whatever is current.",
    )


@strawberry.type(description="The result of a resource mutation.")
class ResourcePayload:
    resource: Resource | None = strawberry.field(
        default=None, description="The resource as it now is; null when refused."
    )
    user_errors: list[UserError] = user_errors_field(
        "UNAUTHENTICATED; FORBIDDEN (not acting for the provider); NOT_FOUND (the resource, provider or a "
        "district); INVALID_STATE (not possible in its status, the organization not ACTIVE, accepted "
        "engagements under way); CONFLICT (changed since `expectedVersion`); " + FIELD_ERRORS
    )


@strawberry.type(description="The result of publishResource.")
class PublishResourcePayload(ResourcePayload):
    pass


@strawberry.type(description="The result of updateResource.")
class UpdateResourcePayload(ResourcePayload):
    pass


@strawberry.type(description="The result of withdrawResource.")
class WithdrawResourcePayload(ResourcePayload):
    pass


async def _publish(info: Info, input: PublishResourceInput) -> PublishResourcePayload:
    return payload(PublishResourcePayload, info, await commands.publish_resource(info, input))


async def _update(info: Info, input: UpdateResourceInput) -> UpdateResourcePayload:
    return payload(UpdateResourcePayload, info, await commands.update_resource(info, input))


async def _withdraw(info: Info, input: WithdrawResourceInput) -> WithdrawResourcePayload:
    return payload(WithdrawResourcePayload, info, await commands.withdraw_resource(info, input))


OWNERS = (
    "Allowed for accounts acting for the provider, and federation staff; others get FORBIDDEN "
    "(NOT_FOUND for a draft they may not see)."
)

publish_resource = guarded_mutation(
    _publish,
    IsAuthenticated(),
    payload=PublishResourcePayload,
    description="Offer a resource (发布资源) of one of the seven categories, each with its own fields "
    "(an amount for funding, a capacity and address for a venue, items for materials, skills and "
    "shifts for volunteer positions...). Published at once (announced to `resourcePublished`), or kept "
    "as a DRAFT. Allowed for accounts acting for a home, an ACTIVE organization, a social worker or a "
    "volunteer (as its provider), and for staff (naming the provider).",
)
update_resource = guarded_mutation(
    _update,
    IsAuthenticated(),
    payload=UpdateResourcePayload,
    description="Change a resource while DRAFT, PUBLISHED or EXHAUSTED, or publish a draft (`publish: "
    f"true`). Takes the version last seen: a stale one is CONFLICT, and so is losing a race. {OWNERS}",
)
withdraw_resource = guarded_mutation(
    _withdraw,
    IsAuthenticated(),
    payload=WithdrawResourcePayload,
    description="Take a resource off offer (WITHDRAWN). Refused (INVALID_STATE, naming them) while "
    "accepted engagements or volunteer applications hang on it: complete or cancel those first. "
    "Proposed engagements are cancelled and pending applications declined, with the reason. "
    f"{OWNERS}",
)
