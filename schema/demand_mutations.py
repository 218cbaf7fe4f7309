"""Publishing demands (需求发布): publishDemand, updateDemand, cancelDemand."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

from auth.permissions import IsAuthenticated
from domain.workflows.offers import MAX_BENEFICIARIES, MAX_QUANTITY
from schema.demands import Demand
from schema.enums import ResourceCategory, TargetGroup, Urgency
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
    GeoPointInput,
    change_field,
    cleared_fields,
    description_field,
    draft_field,
    expected_version_field,
    offer_errors,
    offer_fields,
    owner_field,
    owners,
    tags_field,
    title_field,
    unit_field,
)
from schema.user_errors import UserError
from services import demands
from services.demands import DemandFields, PublishDemand, UpdateDemand

AMOUNT = "The amount asked, in CNY (to the fen): required for FUNDING demands, INVALID for the others."


@strawberry.input(
    description="A new demand (需求) of a home or an organization, published at once or kept as a draft."
)
class PublishDemandInput:
    title: str = title_field()
    category: ResourceCategory = strawberry.field(
        description="Which kind of resource would meet it; it never changes."
    )
    description: str = description_field("What is needed, for whom and why")
    requester_id: strawberry.ID | None = owner_field("Who needs it (需求方): a home or an organization")
    district_id: strawberry.ID | None = strawberry.field(
        default=None, description="The district it arises in; null: the requester's."
    )
    subdistrict: str | None = strawberry.field(
        default=None, description="Sub-district (街道/乡镇); null: the home's, in its own district."
    )
    location: GeoPointInput | None = strawberry.field(
        default=None, description="Where it arises; null: the requester's address (or the district's centre)."
    )
    urgency: Urgency = strawberry.field(default=Urgency.MEDIUM, description="How urgent it is (紧急程度).")
    target_group: TargetGroup = strawberry.field(default=TargetGroup.WOMEN, description="Who it serves.")
    beneficiary_count: int = strawberry.field(
        default=1, description=f"People it helps (受益人数), 0 to {MAX_BENEFICIARIES}."
    )
    quantity: int = strawberry.field(default=1, description=f"Units needed, 1 to {MAX_QUANTITY}.")
    unit: str = unit_field("次, 人, 份")
    amount: Decimal | None = strawberry.field(default=None, description=AMOUNT)
    tags: list[str] | None = tags_field()
    needed_by: datetime | None = strawberry.field(
        default=None, description="Needed by (需求截止), in the future."
    )
    draft: bool = draft_field("requester", "open it later with `updateDemand(input: {publish: true})`")
    idempotency_key: str | None = idempotency_key_field()

    def command(self) -> PublishDemand:
        return PublishDemand(self.requester_id, self.category, offer_fields(self), _own(self), self.draft)


@strawberry.input(
    description="Changes to a demand while DRAFT, OPEN or MATCHED; fields left out stay as they are."
)
class UpdateDemandInput:
    id: strawberry.ID = strawberry.field(description="The demand.")
    expected_version: int = expected_version_field()
    title: str | None = change_field(TITLE_CHANGE)
    description: str | None = change_field(DESCRIPTION_CHANGE)
    district_id: strawberry.ID | None = change_field(f"The district it arises in. {KEPT}")
    subdistrict: str | None = change_field(f"Sub-district (街道/乡镇). {CLEARS}")
    location: GeoPointInput | None = change_field(f"Where it arises. {KEPT}")
    urgency: Urgency | None = change_field(f"How urgent it is. {KEPT}")
    target_group: TargetGroup | None = change_field(f"Who it serves. {KEPT}")
    beneficiary_count: int | None = change_field(f"People it helps. {KEPT}")
    quantity: int | None = change_field(
        "Units needed; never below `quantityMatched` (OUT_OF_RANGE). More units reopen a MATCHED demand "
        f"(OPEN); as many as are matched make it MATCHED. {KEPT}"
    )
    unit: str | None = change_field(UNIT_CHANGE)
    amount: Decimal | None = change_field(f"{AMOUNT} {KEPT}")
    tags: list[str] | None = change_field(TAGS_CHANGE)
    needed_by: datetime | None = change_field(f"Needed by; a past date cannot be set. {CLEARS}")
    publish: bool = strawberry.field(
        default=False, description="true: open a DRAFT (OPEN); other statuses: INVALID_STATE."
    )

    def command(self) -> UpdateDemand:
        cleared = cleared_fields(self)
        return UpdateDemand(
            self.id, self.expected_version, offer_fields(self), _own(self), self.publish, cleared
        )


def _own(input: PublishDemandInput | UpdateDemandInput) -> DemandFields:
    return DemandFields(
        input.subdistrict,
        input.urgency,
        input.target_group,
        input.beneficiary_count,
        input.amount,
        input.needed_by,
    )


@strawberry.input(description="Calling a demand off (取消).")
class CancelDemandInput(EndInput):
    id: strawberry.ID = strawberry.field(description="The demand: DRAFT, OPEN or MATCHED.")


@strawberry.type(description="The result of a demand mutation.")
class DemandPayload:
    demand: Demand | None = strawberry.field(
        default=None, description="The demand as it now is; null when refused."
    )
    user_errors: list[UserError] = offer_errors("requester", "the demand, requester or district")


@strawberry.type(description="The result of publishDemand.")
class PublishDemandPayload(DemandPayload):
    pass


@strawberry.type(description="The result of updateDemand.")
class UpdateDemandPayload(DemandPayload):
    pass


@strawberry.type(description="The result of cancelDemand.")
class CancelDemandPayload(DemandPayload):
    pass


publish_demand = mutation(
    demands.publish_demand,
    PublishDemandInput,
    PublishDemandPayload,
    IsAuthenticated(),
    description="Publish a need (发布需求): OPEN at once (announced to `demandPublished`), or kept as a "
    "DRAFT. Allowed for accounts acting for a home or an ACTIVE organization (as its requester), and "
    "for staff (naming the requester).",
)
update_demand = mutation(
    demands.update_demand,
    UpdateDemandInput,
    UpdateDemandPayload,
    IsAuthenticated(),
    description="Change a demand while DRAFT, OPEN or MATCHED, or open a draft (`publish: true`). "
    f"{VERSIONED} {owners('requester')}",
)
cancel_demand = mutation(
    demands.cancel_demand,
    CancelDemandInput,
    CancelDemandPayload,
    IsAuthenticated(),
    description="Call a demand off (CANCELLED). Refused (INVALID_STATE, naming them) while accepted "
    "engagements answer it: complete or cancel those first. Proposed engagements are cancelled, with "
    f"the reason. {owners('requester')}",
)
