"""State machines of the workflows: which action moves which status where.

Each machine is a table `{(status, action): next status}`; anything not in it is an illegal
transition (user error INVALID_STATE). Statuses that follow from quantities (a demand
becoming MATCHED, a resource EXHAUSTED) are computed in `accounting.py`, not chosen here.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from domain.enums import (
    AppealStatus,
    ApplicationStatus,
    ComplaintStatus,
    DemandStatus,
    EngagementStatus,
    EventStatus,
    OrganizationStatus,
    ResourceStatus,
)
from domain.problems import Problem, Rejected, UserErrorCode

Machine = Mapping[tuple[str, str], str]


class Decision(StrEnum):
    """The answer to a proposed engagement or an application: the action it takes on its machine."""

    ACCEPT = "accept"
    DECLINE = "decline"


ORGANIZATION: Machine = {
    (OrganizationStatus.PENDING, "approve"): OrganizationStatus.ACTIVE,
    (OrganizationStatus.PENDING, "reject"): OrganizationStatus.REJECTED,
    # A rejected applicant corrects her application and applies again (applyOrganization).
    (OrganizationStatus.REJECTED, "reapply"): OrganizationStatus.PENDING,
    # A changed name or credit code sends an admitted organization back to review (its profile).
    (OrganizationStatus.ACTIVE, "resubmit"): OrganizationStatus.PENDING,
    (OrganizationStatus.ACTIVE, "suspend"): OrganizationStatus.SUSPENDED,
    (OrganizationStatus.SUSPENDED, "reinstate"): OrganizationStatus.ACTIVE,
    (OrganizationStatus.ACTIVE, "exit"): OrganizationStatus.EXITED,
    (OrganizationStatus.SUSPENDED, "exit"): OrganizationStatus.EXITED,
}

RESOURCE: Machine = {
    (ResourceStatus.DRAFT, "publish"): ResourceStatus.PUBLISHED,
    (ResourceStatus.DRAFT, "withdraw"): ResourceStatus.WITHDRAWN,
    (ResourceStatus.PUBLISHED, "withdraw"): ResourceStatus.WITHDRAWN,
    (ResourceStatus.EXHAUSTED, "withdraw"): ResourceStatus.WITHDRAWN,
    (ResourceStatus.PUBLISHED, "expire"): ResourceStatus.EXPIRED,
}

DEMAND: Machine = {
    (DemandStatus.DRAFT, "publish"): DemandStatus.OPEN,
    (DemandStatus.DRAFT, "cancel"): DemandStatus.CANCELLED,
    (DemandStatus.OPEN, "cancel"): DemandStatus.CANCELLED,
    (DemandStatus.MATCHED, "cancel"): DemandStatus.CANCELLED,
    (DemandStatus.FULFILLED, "close"): DemandStatus.CLOSED,
}

ENGAGEMENT: Machine = {
    (EngagementStatus.PROPOSED, "accept"): EngagementStatus.ACCEPTED,
    (EngagementStatus.PROPOSED, "decline"): EngagementStatus.DECLINED,
    (EngagementStatus.PROPOSED, "cancel"): EngagementStatus.CANCELLED,
    (EngagementStatus.ACCEPTED, "complete"): EngagementStatus.COMPLETED,
    (EngagementStatus.ACCEPTED, "cancel"): EngagementStatus.CANCELLED,
}

APPLICATION: Machine = {
    (ApplicationStatus.APPLIED, "accept"): ApplicationStatus.ACCEPTED,
    (ApplicationStatus.APPLIED, "decline"): ApplicationStatus.DECLINED,
    (ApplicationStatus.APPLIED, "withdraw"): ApplicationStatus.WITHDRAWN,
    (ApplicationStatus.ACCEPTED, "complete"): ApplicationStatus.COMPLETED,
    (ApplicationStatus.ACCEPTED, "withdraw"): ApplicationStatus.WITHDRAWN,
    # A volunteer who withdrew may apply again (one application per volunteer and position).
    (ApplicationStatus.WITHDRAWN, "reapply"): ApplicationStatus.APPLIED,
}

EVENT: Machine = {
    (EventStatus.DRAFT, "publish"): EventStatus.PUBLISHED,
    (EventStatus.DRAFT, "cancel"): EventStatus.CANCELLED,
    (EventStatus.PUBLISHED, "cancel"): EventStatus.CANCELLED,
    (EventStatus.PUBLISHED, "finish"): EventStatus.FINISHED,
}

APPEAL: Machine = {
    (AppealStatus.SUBMITTED, "reply"): AppealStatus.REPLIED,
    (AppealStatus.REPLIED, "reply"): AppealStatus.REPLIED,
    (AppealStatus.SUBMITTED, "convert"): AppealStatus.CONVERTED,
    (AppealStatus.REPLIED, "convert"): AppealStatus.CONVERTED,
    (AppealStatus.SUBMITTED, "close"): AppealStatus.CLOSED,
    (AppealStatus.REPLIED, "close"): AppealStatus.CLOSED,
}

# A complaint (投诉): the first supervisory action puts it IN_REVIEW; closing ends it. The action
# is named `actOn` so that the audit entry of `move` reads `actOnComplaint`, the mutation.
COMPLAINT: Machine = {
    (ComplaintStatus.OPEN, "actOn"): ComplaintStatus.IN_REVIEW,
    (ComplaintStatus.IN_REVIEW, "actOn"): ComplaintStatus.IN_REVIEW,
    (ComplaintStatus.OPEN, "close"): ComplaintStatus.CLOSED,
    (ComplaintStatus.IN_REVIEW, "close"): ComplaintStatus.CLOSED,
}

# A rating's moderation state: VISIBLE, or HIDDEN by a supervisor (the `hidden` flag).
RATING: Machine = {
    ("VISIBLE", "hide"): "HIDDEN",
}


def invalid_state(status: str, action: str) -> Rejected:
    """The refusal of `action` while in `status` (user error INVALID_STATE)."""
    return Rejected(
        Problem(UserErrorCode.INVALID_STATE, "invalid_state", None, {"status": status, "action": action})
    )


def next_status(machine: Machine, status: str, action: str) -> str:
    """The status `action` leads to from `status`, or Rejected(INVALID_STATE)."""
    try:
        return machine[(status, action)]
    except KeyError:
        raise invalid_state(status, action) from None


def allowed_actions(machine: Machine, status: str) -> list[str]:
    """What can be done from `status` (for clients that grey out buttons)."""
    return sorted(action for (state, action) in machine if state == status)
