"""Invitation: to a role the public cannot take, or to claim an imported participant."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from datasources.columns import utcnow
from domain.workflows.invitations import InvitationStatus, shown_status
from resolvers.context import Info
from schema.accounts import visible_account
from schema.enums import Role
from schema.node import Node
from schema.objects import node_type, participant

if TYPE_CHECKING:
    from schema.accounts import Account
    from schema.participants import Participant

Lazy = strawberry.lazy

strawberry.enum(
    InvitationStatus,
    description="Where an invitation stands: OPEN (its code works), ACCEPTED, REVOKED, or EXPIRED (OPEN "
    "past its expiry).",
)


@strawberry.input(description="Which invitations to list.")
class InvitationFilter:
    statuses: list[InvitationStatus] | None = strawberry.field(
        default=None, description="Any of these statuses, e.g. [OPEN] for those still waiting."
    )


@node_type("Invitation")
@strawberry.type(
    description="An invitation (邀请) to take a role the public cannot (federation staff, a home's "
    "manager, an organization's member), or to claim an imported social worker or volunteer: a single-use "
    "code, shown once to its sender and sent to the invitee, that `acceptInvitation` turns into an "
    "account. Seen by federation staff and by the account that sent it."
)
class Invitation(Node):
    pk: strawberry.Private[int]
    participant_kind: strawberry.Private[str | None]
    participant_id: strawberry.Private[int | None]
    inviter_account_id: strawberry.Private[int]
    account_id: strawberry.Private[int | None]
    expires_at: datetime = strawberry.field(description="When its code stops working.")
    role: Role = strawberry.field(description="The role the new account gets.")
    display_name: str = strawberry.field(description="Whom it is for, as its sender named her.")
    sent_to: str | None = strawberry.field(
        description="Where the code was sent, masked (138****5678, a***@example.org); null if only shown."
    )
    created_at: datetime = strawberry.field(description="When it was sent.")
    accepted_at: datetime | None = strawberry.field(description="When it was accepted; null until then.")
    version: int = strawberry.field(description="Increases with every change.")

    @strawberry.field(name="status", description="Where it stands now.")
    def current_status(self) -> InvitationStatus:
        return shown_status(self.__dict__["status"], self.expires_at, utcnow())

    @strawberry.field(
        description="The participant the new account acts for (a home, an organization, or the imported "
        "social worker or volunteer it claims); null for staff."
    )
    async def participant(self, info: Info) -> Annotated[Participant, Lazy("schema.participants")] | None:
        if self.participant_kind is None or self.participant_id is None:
            return None
        row = await info.context.loaders.participant.load((self.participant_kind, self.participant_id))
        return participant(self.participant_kind, row)

    @strawberry.field(description="Who sent it.")
    async def invited_by(self, info: Info) -> Annotated[Account, Lazy("schema.accounts")] | None:
        return await visible_account(info, self.inviter_account_id)

    @strawberry.field(description="The account made by accepting it; null until then.")
    async def account(self, info: Info) -> Annotated[Account, Lazy("schema.accounts")] | None:
        return await visible_account(info, self.account_id)
