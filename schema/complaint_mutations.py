"""External supervision (外部监管): fileComplaint, actOnComplaint and closeComplaint."""

from __future__ import annotations

import strawberry

from auth.permissions import IsAuthenticated, IsStaff

# The GraphQL enums: schema/enums.py wraps these very classes.
from domain.enums import ComplaintActionKind, ComplaintCategory, ComplaintOutcome
from domain.workflows.appeals import MAX_CONTACT_NAME_LENGTH
from domain.workflows.complaints import MAX_DESCRIPTION_LENGTH, MAX_OUTCOME_NOTE_LENGTH, MAX_REASON_LENGTH
from schema.complaints import Complaint
from schema.inputs import idempotency_key_field
from schema.mutation_fields import mutation
from schema.user_errors import UserError, user_errors_field
from services import complaints
from services.complaints import ActOnComplaint, CloseComplaint, FileComplaint

EXPECTED_VERSION = (
    "The complaint's `version` as you last saw it; if someone changed it since, nothing happens and "
    "the error is CONFLICT."
)
PERSONAL = "personal data: only federation staff read it."


@strawberry.input(
    description="A complaint (投诉) about a participant: a home, organization, social worker or volunteer."
)
class FileComplaintInput:
    subject_id: strawberry.ID = strawberry.field(
        description="The participant complained about (a Home, Organization, SocialWorker or Volunteer id)."
    )
    category: ComplaintCategory = strawberry.field(description="What it is about.")
    description: str = strawberry.field(
        description=f"What happened (投诉内容), at most {MAX_DESCRIPTION_LENGTH} characters."
    )
    contact_name: str | None = strawberry.field(
        default=None,
        description=f"How to address the complainant, optional, at most {MAX_CONTACT_NAME_LENGTH} "
        f"characters; {PERSONAL}",
    )
    contact_phone: str | None = strawberry.field(
        default=None, description=f"A phone number to call the complainant back, optional; {PERSONAL}"
    )
    contact_email: str | None = strawberry.field(
        default=None, description=f"An e-mail address to answer the complainant, optional; {PERSONAL}"
    )
    idempotency_key: str | None = idempotency_key_field()

    def command(self) -> FileComplaint:
        return FileComplaint(
            self.subject_id,
            self.category,
            self.description,
            self.contact_name,
            self.contact_phone,
            self.contact_email,
        )


@strawberry.type(
    description="The result of `fileComplaint`: the complaint and its tracking code, or why not."
)
class FileComplaintPayload:
    complaint: Complaint | None = strawberry.field(
        default=None,
        description="The complaint, OPEN; keep its `trackingCode` to follow it with "
        "`complaint(trackingCode:)`.",
    )
    user_errors: list[UserError] = user_errors_field(
        "RATE_LIMITED (too many anonymous submissions from this address: try later); NOT_FOUND (no such "
        "participant); REQUIRED, TOO_LONG, INVALID (ids, phone, e-mail); UNAUTHENTICATED (an "
        "idempotencyKey needs a signed-in caller)."
    )


@strawberry.input(
    description="A supervisory measure on a complaint (监管措施): a warning, a suspension or a note."
)
class ActOnComplaintInput:
    id: strawberry.ID = strawberry.field(description="The complaint.")
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    action: ComplaintActionKind = strawberry.field(
        description="WARN (警告, on the participant's record), SUSPEND (暂停, an ACTIVE organization only) "
        "or NOTE."
    )
    reason: str = strawberry.field(
        description=f"Why (required), at most {MAX_REASON_LENGTH} characters; a suspension's reason also "
        "goes into the organization's admission history."
    )

    def command(self) -> ActOnComplaint:
        return ActOnComplaint(self.id, self.expected_version, self.action, self.reason)


@strawberry.type(description="The result of `actOnComplaint`: the complaint, now IN_REVIEW, or why not.")
class ActOnComplaintPayload:
    complaint: Complaint | None = strawberry.field(
        default=None, description="The complaint; its `actions` end with this one."
    )
    user_errors: list[UserError] = user_errors_field(
        "UNAUTHENTICATED; FORBIDDEN (supervisors and admins only); NOT_FOUND; INVALID_STATE (the "
        "complaint is CLOSED, or the organization is not ACTIVE); CONFLICT (stale expectedVersion); "
        "REQUIRED, TOO_LONG, INVALID (SUSPEND on anything but an organization)."
    )


@strawberry.input(description="Close a complaint (办结) with its outcome.")
class CloseComplaintInput:
    id: strawberry.ID = strawberry.field(description="The complaint.")
    expected_version: int = strawberry.field(description=EXPECTED_VERSION)
    outcome: ComplaintOutcome = strawberry.field(description="How it ended.")
    note: str | None = strawberry.field(
        default=None,
        description=f"A word to the complainant (处理意见), shown with the tracking code, at most "
        f"{MAX_OUTCOME_NOTE_LENGTH} characters.",
    )

    def command(self) -> CloseComplaint:
        return CloseComplaint(self.id, self.expected_version, self.outcome, self.note)


@strawberry.type(description="The result of `closeComplaint`: the complaint, now CLOSED, or why not.")
class CloseComplaintPayload:
    complaint: Complaint | None = strawberry.field(default=None, description="The complaint, now CLOSED.")
    user_errors: list[UserError] = user_errors_field(
        "UNAUTHENTICATED; FORBIDDEN (supervisors and admins only); NOT_FOUND; INVALID_STATE (closed "
        "already); CONFLICT (stale expectedVersion); TOO_LONG, INVALID."
    )


file_complaint = mutation(
    complaints.file_complaint,
    FileComplaintInput,
    FileComplaintPayload,
    description="File a complaint (投诉) about a participant (external supervision, 外部监管); returns "
    "the complaint with its tracking code. Anyone may call it, no sign-in needed; anonymous "
    "submissions are limited per client address (RATE_LIMITED), apart from anonymous appeals.",
    input_description="The complaint: whom it is about, what happened, how to reach the complainant.",
    anonymous_budget="complaint",
)
act_on_complaint = mutation(
    complaints.act_on_complaint,
    ActOnComplaintInput,
    ActOnComplaintPayload,
    IsAuthenticated(),
    IsStaff(),
    description="Act on a complaint (监管措施): WARN the participant (警告, on its supervision record), "
    "SUSPEND an ACTIVE organization (暂停, also recorded in its admission history) or add a NOTE. The "
    "complaint becomes IN_REVIEW; a CLOSED one takes no more actions.",
    input_description="The complaint, the version seen, the measure and its reason.",
)
close_complaint = mutation(
    complaints.close_complaint,
    CloseComplaintInput,
    CloseComplaintPayload,
    IsAuthenticated(),
    IsStaff(),
    description="Close a complaint (办结) with its outcome and a note the complainant reads through "
    "`complaint(trackingCode:)`.",
    input_description="The complaint, the version seen, the outcome and a note.",
)
