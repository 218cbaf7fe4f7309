"""Inputs and payloads of admission mutations: review, suspend, reinstate (准入和退出)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import strawberry

from schema.user_errors import UserError

LazyOrganization = Annotated["Organization", strawberry.lazy("schema.organizations")]


@strawberry.enum(description="An admin's decision on a pending organization (准入审核).")
class ReviewDecision(Enum):
    APPROVE = "approve"
    REJECT = "reject"


@strawberry.input(description="Review a PENDING organization's application for admission (准入审核).")
class ReviewOrganizationInput:
    id: strawberry.ID = strawberry.field(description="The organization's global id.")
    decision: ReviewDecision = strawberry.field(description="Approve (批准) or reject (驳回).")
    reason: str | None = strawberry.field(
        default=None, description="Why (审核意见); required when rejecting, at most 2000 characters."
    )


@strawberry.input(description="Suspend an ACTIVE organization (暂停).")
class SuspendOrganizationInput:
    id: strawberry.ID = strawberry.field(description="The organization's global id.")
    reason: str = strawberry.field(description="Why (暂停原因); required, at most 2000 characters.")


@strawberry.input(description="Reinstate a SUSPENDED organization (恢复).")
class ReinstateOrganizationInput:
    id: strawberry.ID = strawberry.field(description="The organization's global id.")
    reason: str | None = strawberry.field(
        default=None, description="Why (恢复说明); optional, at most 2000 characters."
    )


@strawberry.type(description="The result of reviewOrganization.")
class ReviewOrganizationPayload:
    organization: LazyOrganization | None = strawberry.field(
        default=None, description="The organization after the review; null on user errors."
    )
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why nothing changed; empty on success."
    )


@strawberry.type(description="The result of suspendOrganization.")
class SuspendOrganizationPayload:
    organization: LazyOrganization | None = strawberry.field(
        default=None, description="The suspended organization; null on user errors."
    )
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why nothing changed; empty on success."
    )


@strawberry.type(description="The result of reinstateOrganization.")
class ReinstateOrganizationPayload:
    organization: LazyOrganization | None = strawberry.field(
        default=None, description="The reinstated organization; null on user errors."
    )
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why nothing changed; empty on success."
    )
