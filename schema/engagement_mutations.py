"""Inputs, payloads and fields of the engagement (对接) mutations."""

from __future__ import annotations

import strawberry

from domain.workflows.engagements import MAX_NOTE, MAX_REPLY, MAX_UNITS

# The GraphQL enum: schema/enums.py wraps this very class.
from domain.workflows.states import Decision
from schema.engagements import Engagement
from schema.mutation_fields import acting_for, mutation
from schema.user_errors import UserError
from services import engagements
from services.engagements import (
    CancelEngagement,
    CompleteEngagement,
    ProposeEngagement,
    RespondToEngagement,
)

EXPECTED_VERSION = (
    "The engagement's `version` as you last saw it; if it has changed since, nothing happens "
    "and the error is CONFLICT. Leave it out to act on whatever is current."
)
PARTIES_ONLY = (
    "Only accounts acting for the demand's requester or the resource's provider; anyone else gets FORBIDDEN."
)


@strawberry.type(description="The result of an engagement mutation.")
class EngagementPayload:
    engagement: Engagement | None = strawberry.field(
        default=None, description="The engagement as it now is; null when refused."
    )
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why it was refused (then nothing changed); empty on success."
    )


@strawberry.input(description="A proposal of an engagement (对接) between a demand and a resource.")
class ProposeEngagementInput:
    demand_id: strawberry.ID = strawberry.field(description="The demand (需求) to answer: OPEN or MATCHED.")
    resource_id: strawberry.ID = strawberry.field(
        description="The resource (资源) to use: PUBLISHED, of the demand's category."
    )
    quantity: int = strawberry.field(
        default=1,
        description=f"Units asked for or offered, 1 to {MAX_UNITS}; at most what the resource "
        "has left and what the demand still needs (else LIMIT_REACHED).",
    )
    note: str | None = strawberry.field(
        default=None, description=f"A message to the other side, up to {MAX_NOTE} characters."
    )
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="Any string up to 100 characters, unique per attempt: a retry with the same key "
        "returns the first result and proposes nothing twice.",
    )

    def command(self) -> ProposeEngagement:
        return ProposeEngagement(self.demand_id, self.resource_id, self.quantity, self.note)


@strawberry.type(description="The result of proposeEngagement.")
class ProposeEngagementPayload(EngagementPayload):
    pass


@strawberry.input(description="The answer to a proposed engagement.")
class RespondToEngagementInput:
    engagement_id: strawberry.ID = strawberry.field(description="The engagement, PROPOSED.")
    decision: Decision = strawberry.field(
        description="ACCEPT commits the units on both sides (LIMIT_REACHED when too few are left); "
        "DECLINE ends it."
    )
    note: str | None = strawberry.field(
        default=None,
        description=f"A reply to the proposer, up to {MAX_REPLY} characters (added to the note).",
    )
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)

    def command(self) -> RespondToEngagement:
        return RespondToEngagement(self.engagement_id, self.decision, self.note, self.expected_version)


@strawberry.type(description="The result of respondToEngagement.")
class RespondToEngagementPayload(EngagementPayload):
    pass


@strawberry.input(description="Recording that an accepted engagement was carried out.")
class CompleteEngagementInput:
    engagement_id: strawberry.ID = strawberry.field(description="The engagement, ACCEPTED.")
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)

    def command(self) -> CompleteEngagement:
        return CompleteEngagement(self.engagement_id, self.expected_version)


@strawberry.type(description="The result of completeEngagement.")
class CompleteEngagementPayload(EngagementPayload):
    pass


@strawberry.input(description="Calling off an engagement.")
class CancelEngagementInput:
    engagement_id: strawberry.ID = strawberry.field(description="The engagement, PROPOSED or ACCEPTED.")
    reason: str = strawberry.field(
        description=f"Why (取消原因), up to {MAX_REPLY} characters; added to the note."
    )
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)

    def command(self) -> CancelEngagement:
        return CancelEngagement(self.engagement_id, self.reason, self.expected_version)


@strawberry.type(description="The result of cancelEngagement.")
class CancelEngagementPayload(EngagementPayload):
    pass


propose_engagement = mutation(
    engagements.propose_engagement,
    ProposeEngagementInput,
    ProposeEngagementPayload,
    *acting_for(),
    description="Propose an engagement (对接): a demand's requester asks for a resource, or a "
    "resource's provider offers it to a demand (`initiatedBy` says which). Both must be live "
    "(the resource PUBLISHED, the demand OPEN or MATCHED, organizations ACTIVE: else "
    "INVALID_STATE), of one category, with no engagement of the pair under way (DUPLICATE). "
    f"Nothing is committed until the other side accepts. {PARTIES_ONLY}",
)
respond_to_engagement = mutation(
    engagements.respond_to_engagement,
    RespondToEngagementInput,
    RespondToEngagementPayload,
    *acting_for(),
    description="Accept or decline a proposed engagement. Accepting commits its units: the "
    "resource's `quantityCommitted` grows (EXHAUSTED when nothing is left) and the demand's "
    "`quantityMatched` (MATCHED when covered); of requests racing for the last units, only as "
    "many as there are units succeed, the others get LIMIT_REACHED. A FEDERATION proposal (an "
    "applied allocation plan) needs both sides: each side's ACCEPT is recorded "
    "(`requesterAcceptedAt`, `providerAcceptedAt`) and the second one commits the units; a side "
    "that accepted cannot answer again (INVALID_STATE); a DECLINE by either side ends it. Only "
    "accounts acting for the side that did not propose (either side of a FEDERATION proposal); "
    "anyone else gets FORBIDDEN.",
)
complete_engagement = mutation(
    engagements.complete_engagement,
    CompleteEngagementInput,
    CompleteEngagementPayload,
    *acting_for(),
    description="Record that an accepted engagement was carried out: its units count as "
    "fulfilled for the demand (FULFILLED when all are), and both parties' completed "
    f"engagements grow by one (their completion rate). {PARTIES_ONLY}",
)
cancel_engagement = mutation(
    engagements.cancel_engagement,
    CancelEngagementInput,
    CancelEngagementPayload,
    *acting_for(),
    description="Call off a proposed or accepted engagement, with a reason. An accepted one gives "
    "its units back (an EXHAUSTED resource is PUBLISHED again, a MATCHED demand OPEN); both "
    f"parties' cancelled engagements grow by one. {PARTIES_ONLY}",
)
