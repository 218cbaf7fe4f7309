"""Invitations (docs/accounts.md#invitations-and-claiming): createInvitation, acceptInvitation,
revokeInvitation."""

from __future__ import annotations

import strawberry

from auth.permissions import IsAuthenticated
from domain.passwords import MIN_PASSWORD_LENGTH
from domain.workflows.accounts import MAX_DISPLAY_NAME
from domain.workflows.invitations import CODE_ATTEMPTS, DEFAULT_VALID_DAYS, MAX_VALID_DAYS
from schema.accounts import Account
from schema.enums import Role
from schema.inputs import idempotency_key_field
from schema.invitations import Invitation
from schema.mutation_fields import mutation
from schema.user_errors import UserError, user_errors_field
from services import invitations
from services.invitations import AcceptInvitation, CreateInvitation, RevokeInvitation

WHO_INVITES = (
    "ADMIN and SUPERVISOR: by an ADMIN. HOME_MANAGER (naming the home), SOCIAL_WORKER and VOLUNTEER "
    "(naming the imported participant the person claims): by staff. ORG_MEMBER: by staff naming the "
    "organization, or by one of its members."
)


@strawberry.input(description=f"An invitation to a role. {WHO_INVITES}")
class CreateInvitationInput:
    role: Role = strawberry.field(description="The role the new account gets.")
    participant_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="Whom the new account acts for: a Home, an Organization (a member may leave it out: "
        "hers), or the imported SocialWorker or Volunteer it claims (one account per person). None for "
        "staff roles.",
    )
    display_name: str = strawberry.field(
        description=f"Whom it is for (her name), at most {MAX_DISPLAY_NAME} characters."
    )
    phone: str | None = strawberry.field(default=None, description="A mobile number to send the code to.")
    email: str | None = strawberry.field(default=None, description="An e-mail address to send the code to.")
    valid_days: int = strawberry.field(
        default=DEFAULT_VALID_DAYS, description=f"How many days the code works, 1 to {MAX_VALID_DAYS}."
    )
    idempotency_key: str | None = idempotency_key_field()

    def command(self) -> CreateInvitation:
        return CreateInvitation(
            self.role, self.participant_id, self.display_name, self.phone, self.email, self.valid_days
        )


@strawberry.type(description="The result of `createInvitation`: the invitation and its code, or why not.")
class CreateInvitationPayload:
    invitation: Invitation | None = strawberry.field(default=None, description="The invitation, OPEN.")
    code: str | None = strawberry.field(
        default=None,
        description="Its code, shown this once (only a hash is kept; a retry with the same idempotency key "
        "returns the invitation without it): hand it over if it was not sent to a phone or e-mail. "
        f"{CODE_ATTEMPTS} wrong guesses spend it.",
    )
    user_errors: list[UserError] = user_errors_field(
        "UNAUTHENTICATED; FORBIDDEN (see who invites whom); NOT_FOUND (participantId); INVALID_STATE (the "
        "person has an account already); REQUIRED, INVALID (participantId of the wrong kind for the role, "
        "phone, e-mail), TOO_LONG, OUT_OF_RANGE (validDays)."
    )


@strawberry.input(description="Accept an invitation: choose the username and password of your account.")
class AcceptInvitationInput:
    code: str = strawberry.field(description="The invitation's code, as received (e.g. 42-K7M3PQ9XR2TA).")
    username: str = strawberry.field(
        description="Your username: 3 to 60 letters, digits, '_', '-' or '.', starting with a letter (the "
        "rules of sign-up)."
    )
    password: str = strawberry.field(
        description=f"Your password: at least {MIN_PASSWORD_LENGTH} characters, not the username, not a "
        "common password."
    )
    display_name: str | None = strawberry.field(
        default=None, description="The name shown for you; absent: the one the invitation gave."
    )
    idempotency_key: str | None = idempotency_key_field()

    def command(self) -> AcceptInvitation:
        return AcceptInvitation(self.code, self.username, self.password, self.display_name)


@strawberry.type(description="The result of `acceptInvitation`: the new account, or why not.")
class AcceptInvitationPayload:
    account: Account | None = strawberry.field(
        default=None, description="The new account; sign in with `login`."
    )
    user_errors: list[UserError] = user_errors_field(
        "INVALID (code: wrong, expired, revoked, used or out of attempts: never which; username: malformed "
        "or unavailable, as at sign-up; password: too short, the username, too common); INVALID_STATE "
        "(the person the invitation claims has an account already); REQUIRED, TOO_LONG; RATE_LIMITED."
    )


@strawberry.input(description="Withdraw an invitation that has not been accepted.")
class RevokeInvitationInput:
    invitation_id: strawberry.ID = strawberry.field(description="The invitation.")

    def command(self) -> RevokeInvitation:
        return RevokeInvitation(self.invitation_id)


@strawberry.type(description="The result of `revokeInvitation`: the invitation, REVOKED, or why not.")
class RevokeInvitationPayload:
    invitation: Invitation | None = strawberry.field(default=None, description="The invitation, REVOKED.")
    user_errors: list[UserError] = user_errors_field(
        "UNAUTHENTICATED; NOT_FOUND (for anyone but staff and its sender); INVALID_STATE (accepted or "
        "revoked already); INVALID."
    )


create_invitation = mutation(
    invitations.create_invitation,
    CreateInvitationInput,
    CreateInvitationPayload,
    IsAuthenticated(),
    description="Invite someone to a role the public cannot take, or to claim an imported participant: "
    "returns the code once and sends it to the phone and e-mail given. " + WHO_INVITES,
)
accept_invitation = mutation(
    invitations.accept_invitation,
    AcceptInvitationInput,
    AcceptInvitationPayload,
    description="Accept an invitation with its code (no sign-in needed): makes your account, with the "
    "invitation's role, acting for its participant (a home's first account becomes its manager). "
    "Anonymous callers are limited per address (RATE_LIMITED).",
    anonymous_budget="invitation",
)
revoke_invitation = mutation(
    invitations.revoke_invitation,
    RevokeInvitationInput,
    RevokeInvitationPayload,
    IsAuthenticated(),
    description="Withdraw an OPEN invitation: its code stops working at once. Its sender, or staff.",
)
