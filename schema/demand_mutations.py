"""Inputs, payloads and fields of publishing demands (需求发布): publish, update, cancel."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

from auth.permissions import IsAuthenticated
from domain.workflows.offers import (
    MAX_BENEFICIARIES,
    MAX_DESCRIPTION,
    MAX_QUANTITY,
    MAX_REASON,
    MAX_TAGS,
    MAX_TITLE,
)
from resolvers import demand_commands as commands
from resolvers.context import Info
from schema.demands import Demand
from schema.enums import ResourceCategory, TargetGroup, Urgency
from schema.inputs import idempotency_key_field
from schema.mutation_fields import guarded_mutation
from schema.offer_inputs import GeoPointInput
from schema.payloads import payload
from schema.resource_mutations import FIELD_ERRORS
from schema.user_errors import UserError, user_errors_field

AMOUNT = "The amount asked, in CNY (to the fen): required for FUNDING demands, INVALID for the others."


@strawberry.input(
    description="A new demand (需求) of a home or an organization, published at once or kept as a draft."
)
class PublishDemandInput:
    title: str = strawberry.field(description=f"Title (标题), at most {MAX_TITLE} characters.")
    category: ResourceCategory = strawberry.field(
        description="Which kind of resource would meet it; it never changes."
    )
    description: str = strawberry.field(
        default="", description=f"What is needed, for whom and why; at most {MAX_DESCRIPTION} characters."
    )
    requester_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Who needs it (需求方): a home or an organization. Staff must name one; others may only "
        "name the participant they act for (the default).",
    )
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
    unit: str = strawberry.field(default="次", description="Unit of quantity (单位), e.g. 次, 人, 份.")
    amount: Decimal | None = strawberry.field(default=None, description=AMOUNT)
    tags: list[str] | None = strawberry.field(default=None, description=f"Free keywords, at most {MAX_TAGS}.")
    needed_by: datetime | None = strawberry.field(
        default=None, description="Needed by (需求截止), in the future."
    )
    draft: bool = strawberry.field(
        default=False,
        description="true: save it as a DRAFT (seen only by its requester and staff, announced to nobody); "
        "open it later with `updateDemand(input: {publish: true})`.",
    )
    idempotency_key: str | None = idempotency_key_field()


@strawberry.input(
    description="Changes to a demand while DRAFT, OPEN or MATCHED; fields left out stay as they are."
)
class UpdateDemandInput:
    id: strawberry.ID = strawberry.field(description="The demand.")
    expected_version: int = strawberry.field(
        description="The `version` you last saw; if it has changed since, nothing happens (CONFLICT)."
    )
    title: str | None = strawberry.field(default=None, description=f"At most {MAX_TITLE} characters.")
    description: str | None = strawberry.field(
        default=None, description=f"At most {MAX_DESCRIPTION} characters."
    )
    district_id: strawberry.ID | None = strawberry.field(
        default=None, description="The district it arises in."
    )
    subdistrict: str | None = strawberry.field(default=None, description="Sub-district (街道/乡镇).")
    location: GeoPointInput | None = strawberry.field(default=None, description="Where it arises.")
    urgency: Urgency | None = strawberry.field(default=None, description="How urgent it is.")
    target_group: TargetGroup | None = strawberry.field(default=None, description="Who it serves.")
    beneficiary_count: int | None = strawberry.field(default=None, description="People it helps.")
    quantity: int | None = strawberry.field(
        default=None,
        description="Units needed; never below `quantityMatched` (OUT_OF_RANGE). More units reopen a "
        "MATCHED demand (OPEN); as many as are matched make it MATCHED.",
    )
    unit: str | None = strawberry.field(default=None, description="Unit of quantity.")
    amount: Decimal | None = strawberry.field(default=None, description=AMOUNT)
    tags: list[str] | None = strawberry.field(default=None, description="Replaces its keywords.")
    needed_by: datetime | None = strawberry.field(
        default=None, description="Needed by; a past date cannot be set."
    )
    publish: bool = strawberry.field(
        default=False, description="true: open a DRAFT (OPEN); other statuses: INVALID_STATE."
    )


@strawberry.input(description="Calling a demand off (取消).")
class CancelDemandInput:
    id: strawberry.ID = strawberry.field(description="The demand: DRAFT, OPEN or MATCHED.")
    reason: str | None = strawberry.field(
        default=None,
        description=f"Why, at most {MAX_REASON} characters: kept in the audit log and added to the note "
        "of each proposed engagement it cancels.",
    )
    expected_version: int | None = strawberry.field(
        default=None,
        description="The `version` you last saw (CONFLICT if it changed); null: whatever is current.",
    )


@strawberry.type(description="The result of a demand mutation.")
class DemandPayload:
    demand: Demand | None = strawberry.field(
        default=None, description="The demand as it now is; null when refused."
    )
    user_errors: list[UserError] = user_errors_field(
        "UNAUTHENTICATED; FORBIDDEN (not acting for the requester); NOT_FOUND (the demand, requester or "
        "district); INVALID_STATE (not possible in its status, the organization not ACTIVE, accepted "
        "engagements under way); CONFLICT (changed since `expectedVersion`); " + FIELD_ERRORS
    )


@strawberry.type(description="The result of publishDemand.")
class PublishDemandPayload(DemandPayload):
    pass


@strawberry.type(description="The result of updateDemand.")
class UpdateDemandPayload(DemandPayload):
    pass


@strawberry.type(description="The result of cancelDemand.")
class CancelDemandPayload(DemandPayload):
    pass


async def _publish(info: Info, input: PublishDemandInput) -> PublishDemandPayload:
    return payload(PublishDemandPayload, info, await commands.publish_demand(info, input))


async def _update(info: Info, input: UpdateDemandInput) -> UpdateDemandPayload:
    return payload(UpdateDemandPayload, info, await commands.update_demand(info, input))


async def _cancel(info: Info, input: CancelDemandInput) -> CancelDemandPayload:
    return payload(CancelDemandPayload, info, await commands.cancel_demand(info, input))


OWNERS = (
    "Allowed for accounts acting for the requester, and federation staff; others get FORBIDDEN "
    "(NOT_FOUND for a draft they may not see)."
)

publish_demand = guarded_mutation(
    _publish,
    IsAuthenticated(),
    payload=PublishDemandPayload,
    description="Publish a need (发布需求): OPEN at once (announced to `demandPublished`), or kept as a "
    "DRAFT. Allowed for accounts acting for a home or an ACTIVE organization (as its requester), and "
    "for staff (naming the requester).",
)
update_demand = guarded_mutation(
    _update,
    IsAuthenticated(),
    payload=UpdateDemandPayload,
    description="Change a demand while DRAFT, OPEN or MATCHED, or open a draft (`publish: true`). Takes "
    f"the version last seen: a stale one is CONFLICT, and so is losing a race. {OWNERS}",
)
cancel_demand = guarded_mutation(
    _cancel,
    IsAuthenticated(),
    payload=CancelDemandPayload,
    description="Call a demand off (CANCELLED). Refused (INVALID_STATE, naming them) while accepted "
    "engagements answer it: complete or cancel those first. Proposed engagements are cancelled, with "
    f"the reason. {OWNERS}",
)
