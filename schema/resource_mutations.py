"""Publishing resources (资源发布): publishResource, updateResource, withdrawResource."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from auth.permissions import IsAuthenticated
from domain.workflows.categories import DETAIL_INPUTS, Details
from domain.workflows.offers import MAX_QUANTITY, MAX_RADIUS_KM, MAX_SERVICE_DISTRICTS
from schema.enums import ResourceCategory, TargetGroup
from schema.inputs import idempotency_key_field
from schema.mutation_fields import mutation
from schema.offer_inputs import (
    CLEARS,
    DESCRIPTION_CHANGE,
    KEPT,
    TAGS_CHANGE,
    TITLE_CHANGE,
    UNIT_CHANGE,
    VERSIONED,
    EndInput,
    FundingDetailsInput,
    GeoPointInput,
    MaterialDetailsInput,
    PlanningDetailsInput,
    ProfessionalServiceDetailsInput,
    ProjectDetailsInput,
    VenueDetailsInput,
    VolunteerPositionDetailsInput,
    change_field,
    cleared_fields,
    description_field,
    draft_field,
    expected_version_field,
    offer_errors,
    offer_fields,
    owner_field,
    owners,
    plain,
    tags_field,
    title_field,
    unit_field,
)
from schema.resources import Resource
from schema.user_errors import UserError
from services import resources
from services.resources import PublishResource, ResourceFields, UpdateResource

DETAILS = (
    "Give exactly the one input matching the category (`funding` for FUNDING, `venue` for VENUE, ...); "
    "another one is INVALID at its path, the matching one missing is REQUIRED."
)
# The attribute of the input that carries each category's own fields (by its graph name).
DETAIL_ATTRIBUTES = {
    name: "".join(f"_{c.lower()}" if c.isupper() else c for c in name) for name in DETAIL_INPUTS.values()
}


def _details_field(category: str) -> Any:
    return strawberry.field(default=None, description=f"The {category} resource's own fields. {DETAILS}")


@strawberry.input(description="A new resource (资源), published at once or kept as a draft.")
class PublishResourceInput:
    title: str = title_field()
    category: ResourceCategory = strawberry.field(
        description="Which of the seven categories; it never changes."
    )
    description: str = description_field("What is offered, for whom, how to use it")
    provider_id: strawberry.ID | None = owner_field(
        "Who offers it (提供方): a home, organization, social worker or volunteer"
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
    unit: str = unit_field("次, 人, 场次")
    target_groups: list[TargetGroup] | None = strawberry.field(
        default=None, description="Who it is meant for."
    )
    tags: list[str] | None = tags_field()
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
    draft: bool = draft_field("provider", "publish it later with `updateResource(input: {publish: true})`")
    idempotency_key: str | None = idempotency_key_field()

    def command(self) -> PublishResource:
        return PublishResource(self.provider_id, self.category, offer_fields(self), _own(self), self.draft)


@strawberry.input(
    description="Changes to a resource while DRAFT, PUBLISHED or EXHAUSTED; fields left out stay as they "
    "are. Its category's input replaces its own fields as a whole."
)
class UpdateResourceInput:
    id: strawberry.ID = strawberry.field(description="The resource.")
    expected_version: int = expected_version_field()
    title: str | None = change_field(TITLE_CHANGE)
    description: str | None = change_field(DESCRIPTION_CHANGE)
    district_id: strawberry.ID | None = change_field(f"The district it is in. {KEPT}")
    service_district_ids: list[strawberry.ID] | None = change_field(
        "Replaces the further districts it serves ([] or null: none)."
    )
    location: GeoPointInput | None = change_field(f"Where it is offered. {KEPT}")
    service_radius_km: float | None = change_field(f"How far it is offered, in km. {CLEARS}")
    quantity: int | None = change_field(
        "Units offered; never below `quantityCommitted` (OUT_OF_RANGE). More units make an EXHAUSTED "
        f"resource PUBLISHED again; as many as are committed make it EXHAUSTED. {KEPT}"
    )
    unit: str | None = change_field(UNIT_CHANGE)
    target_groups: list[TargetGroup] | None = change_field(f"Who it is for. {CLEARS}")
    tags: list[str] | None = change_field(TAGS_CHANGE)
    available_from: datetime | None = change_field(f"Start of availability. {CLEARS}")
    available_until: datetime | None = change_field(
        f"End of availability; a past end cannot be set. {CLEARS}"
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

    def command(self) -> UpdateResource:
        cleared = cleared_fields(self)
        if "serviceDistrictIds" in cleared:  # null: no further districts, as []
            self.service_district_ids = []
        own, cleared = _own(self), cleared - {"serviceDistrictIds"}
        return UpdateResource(self.id, self.expected_version, offer_fields(self), own, self.publish, cleared)


def _own(input: PublishResourceInput | UpdateResourceInput) -> ResourceFields:
    details: dict[str, Details | None] = {
        name: plain(getattr(input, attribute)) for name, attribute in DETAIL_ATTRIBUTES.items()
    }
    return ResourceFields(
        input.service_district_ids,
        input.service_radius_km,
        input.target_groups,
        input.available_from,
        input.available_until,
        details,
    )


@strawberry.input(description="Taking a resource off offer (撤回).")
class WithdrawResourceInput(EndInput):
    id: strawberry.ID = strawberry.field(description="The resource: DRAFT, PUBLISHED or EXHAUSTED.")


@strawberry.type(description="The result of a resource mutation.")
class ResourcePayload:
    resource: Resource | None = strawberry.field(
        default=None, description="The resource as it now is; null when refused."
    )
    user_errors: list[UserError] = offer_errors("provider", "the resource, provider or a district")


@strawberry.type(description="The result of publishResource.")
class PublishResourcePayload(ResourcePayload):
    pass


@strawberry.type(description="The result of updateResource.")
class UpdateResourcePayload(ResourcePayload):
    pass


@strawberry.type(description="The result of withdrawResource.")
class WithdrawResourcePayload(ResourcePayload):
    pass


publish_resource = mutation(
    resources.publish_resource,
    PublishResourceInput,
    PublishResourcePayload,
    IsAuthenticated(),
    description="Offer a resource (发布资源) of one of the seven categories, each with its own fields "
    "(an amount for funding, a capacity and address for a venue, items for materials, skills and "
    "shifts for volunteer positions...). Published at once (announced to `resourcePublished`), or kept "
    "as a DRAFT. Allowed for accounts acting for a home, an ACTIVE organization, a social worker or a "
    "volunteer (as its provider), and for staff (naming the provider).",
)
update_resource = mutation(
    resources.update_resource,
    UpdateResourceInput,
    UpdateResourcePayload,
    IsAuthenticated(),
    description="Change a resource while DRAFT, PUBLISHED or EXHAUSTED, or publish a draft (`publish: "
    f"true`). {VERSIONED} {owners('provider')}",
)
withdraw_resource = mutation(
    resources.withdraw_resource,
    WithdrawResourceInput,
    WithdrawResourcePayload,
    IsAuthenticated(),
    description="Take a resource off offer (WITHDRAWN). Refused (INVALID_STATE, naming them) while "
    "accepted engagements or volunteer applications hang on it: complete or cancel those first. Proposed "
    f"engagements are cancelled and pending applications declined, with the reason. {owners('provider')}",
)
