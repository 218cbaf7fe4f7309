"""Inputs and payloads of the admission mutations (准入和退出)."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import strawberry

from schema.user_errors import UserError

Lazy = strawberry.lazy


@strawberry.enum(description="What an admin decides about an application for admission (准入审核).")
class ReviewDecision(Enum):
    APPROVE = strawberry.enum_value("APPROVE", description="Admit the organization: it becomes ACTIVE.")
    REJECT = strawberry.enum_value(
        "REJECT", description="Refuse it: it becomes REJECTED (a reason is required)."
    )


@strawberry.input(description="An admin's review of a PENDING organization (准入审核).")
class ReviewOrganizationInput:
    organization_id: strawberry.ID = strawberry.field(description="The PENDING organization.")
    decision: ReviewDecision = strawberry.field(description="Approve or reject.")
    reason: str | None = strawberry.field(
        default=None,
        description="Why (审核意见), at most 2000 characters; required when rejecting. "
        "Recorded in the organization's admission history.",
    )


@strawberry.type(description="The result of reviewOrganization.")
class ReviewOrganizationPayload:
    organization: Annotated[Organization, Lazy("schema.organizations")] | None = strawberry.field(
        default=None, description="The organization as reviewed; null when refused."
    )
    user_errors: list[UserError] = strawberry.field(
        default_factory=list, description="Why nothing was changed; empty on success."
    )
