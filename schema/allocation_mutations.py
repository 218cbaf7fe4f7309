"""Input, payload and field of applyAllocationPlan: a reviewed plan becomes PROPOSED engagements."""

from __future__ import annotations

import strawberry

from auth.permissions import IsAuthenticated, IsStaff
from domain.workflows.allocations import MAX_PROPOSALS
from domain.workflows.engagements import MAX_NOTE, MAX_UNITS
from schema.engagements import Engagement
from schema.mutation_fields import mutation
from schema.user_errors import UserError
from services import allocations
from services.allocations import ApplyAllocationPlan, ProposalToApply


@strawberry.input(
    description="One proposal of an allocation plan, as reviewed: units of a resource for a demand."
)
class AllocationProposalInput:
    demand_id: strawberry.ID = strawberry.field(
        description="The demand (需求): `AllocationProposal.demand.id`."
    )
    resource_id: strawberry.ID = strawberry.field(
        description="The resource (资源): `AllocationProposal.resource.id`."
    )
    quantity: int = strawberry.field(description=f"Units, 1 to {MAX_UNITS}.")

    def command(self) -> ProposalToApply:
        return ProposalToApply(self.demand_id, self.resource_id, self.quantity)


@strawberry.input(description="The proposals of an allocation plan to apply (the reviewer may drop some).")
class ApplyAllocationPlanInput:
    proposals: list[AllocationProposalInput] = strawberry.field(
        description=f"1 to {MAX_PROPOSALS} proposals (more: LIMIT_REACHED), each pair once."
    )
    note: str | None = strawberry.field(
        default=None, description=f"A message to both sides, up to {MAX_NOTE} characters."
    )
    idempotency_key: str | None = strawberry.field(
        default=None,
        description="Any string up to 100 characters, unique per attempt: a retry with the same key "
        "returns the first result and creates nothing twice.",
    )

    def command(self) -> ApplyAllocationPlan:
        return ApplyAllocationPlan(tuple(proposal.command() for proposal in self.proposals), self.note)


@strawberry.type(description="The result of applyAllocationPlan.")
class ApplyAllocationPlanPayload:
    engagements: list[Engagement] = strawberry.field(
        default_factory=list,
        description="The PROPOSED engagements created, one per proposal in its order; empty when refused.",
    )
    user_errors: list[UserError] = strawberry.field(
        default_factory=list,
        description="Why it was refused (then nothing was created), each at "
        '["input", "proposals", index, field] when a proposal is at fault; empty on success.',
    )


apply_allocation_plan = mutation(
    allocations.apply_allocation_plan,
    ApplyAllocationPlanInput,
    ApplyAllocationPlanPayload,
    IsAuthenticated(),
    IsStaff(),
    description="Apply an allocation plan (全局调配方案, from `allocationPlan`): one PROPOSED "
    "engagement per proposal, initiated by the FEDERATION; nothing is committed until both sides "
    "accept (`respondToEngagement`). All or nothing: every proposal is checked again now, against "
    "the matching hard filters (the demand OPEN or MATCHED with need left, the resource PUBLISHED, "
    "both parties active, category, time window, area, no declined engagement of the pair: "
    "INVALID or INVALID_STATE), no engagement of the pair under way and no pair twice (DUPLICATE), "
    "and the units of the plan's proposals on one resource within what it has left, on one demand "
    "within what it still needs (LIMIT_REACHED); any problem refuses the whole plan.",
)
