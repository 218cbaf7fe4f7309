"""Complaint (投诉): external supervision of the participants (外部监管)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from auth.permissions import IsStaff, guarded_field, personal_field
from resolvers.context import Info
from schema.accounts import visible_account
from schema.enums import ComplaintActionKind, ComplaintCategory, ComplaintOutcome, ComplaintStatus
from schema.node import Node
from schema.objects import node_type, participant

if TYPE_CHECKING:
    from schema.accounts import Account
    from schema.participants import Participant

Lazy = strawberry.lazy


@strawberry.type(description="What a supervisor did about a complaint (监管措施).")
class ComplaintAction:
    action: ComplaintActionKind = strawberry.field(description="The measure: WARN, SUSPEND or NOTE.")
    reason: str = strawberry.field(description="Why, as the supervisor recorded it.")
    created_at: datetime = strawberry.field(description="When.")
    actor_account_id: strawberry.Private[int | None]

    @strawberry.field(description="The supervisor who acted (federation staff read it).")
    async def actor(self, info: Info) -> Annotated[Account, strawberry.lazy("schema.accounts")] | None:
        return await visible_account(info, self.actor_account_id)


@strawberry.input(description="Which complaints to list.")
class ComplaintFilter:
    statuses: list[ComplaintStatus] | None = strawberry.field(
        default=None, description="Any of these statuses, e.g. [OPEN, IN_REVIEW] for the open queue."
    )
    subject: strawberry.ID | None = strawberry.field(
        default=None,
        description="Only complaints about this participant (a Home, Organization, "
        "SocialWorker or Volunteer id).",
    )


async def _actions(root: strawberry.Parent[Complaint], info: Info) -> list[ComplaintAction] | None:
    rows = await info.context.loaders.actions_by_complaint.load(root.pk)
    return [
        ComplaintAction(
            action=row.action,
            reason=row.reason,
            created_at=row.created_at,
            actor_account_id=row.actor_account_id,
        )
        for row in rows
    ]


@node_type("Complaint")
@strawberry.type(
    description="A complaint (投诉) about a participant, filed by anyone (no sign-in needed) and handled "
    "by federation supervisors (外部监管), who warn (警告), suspend (暂停) and close it with an outcome. "
    "Listed (`complaints`, `node`) for federation staff, and by `node` for the account that filed it; "
    "anyone holding the tracking code reads it through `complaint(trackingCode:)`, but the "
    "complainant's contact details go to staff alone."
)
class Complaint(Node):
    pk: strawberry.Private[int]
    subject_kind: strawberry.Private[str]
    subject_id: strawberry.Private[int]
    tracking_code: str = strawberry.field(description="The code the complainant follows it with (查询码).")
    category: ComplaintCategory = strawberry.field(description="What it is about.")
    description: str = strawberry.field(description="The complainant's account of what happened.")
    status: ComplaintStatus = strawberry.field(description="Where it stands: OPEN, IN_REVIEW or CLOSED.")
    outcome: ComplaintOutcome | None = strawberry.field(description="How it ended; null until CLOSED.")
    outcome_note: str | None = strawberry.field(
        description="The supervisors' word to the complainant on closing (处理意见), if any."
    )
    version: int = strawberry.field(
        description="Increases with every change; pass it as `expectedVersion` (optimistic locking)."
    )
    created_at: datetime = strawberry.field(description="When it was filed.")
    closed_at: datetime | None = strawberry.field(description="When it was closed; null until then.")
    contact_name: str | None = personal_field("Complaint", "contactName")
    contact_phone: str | None = personal_field("Complaint", "contactPhone")
    contact_email: str | None = personal_field("Complaint", "contactEmail")

    @strawberry.field(
        description="The participant complained about; null if the viewer may not see it (e.g. a "
        "pending organization)."
    )
    async def subject(self, info: Info) -> Annotated[Participant, Lazy("schema.participants")] | None:
        row = await info.context.loaders.participant.load((self.subject_kind, self.subject_id))
        return participant(self.subject_kind, row)

    actions = guarded_field(
        IsStaff(),
        description="What supervisors did about it, oldest first (warnings, suspensions, notes).",
        resolver=_actions,
    )
