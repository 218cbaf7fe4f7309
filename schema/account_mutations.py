"""Accounts (docs/accounts.md#accounts): signOutEverywhere, disableAccount, enableAccount,
setAccountRoles."""

from __future__ import annotations

import strawberry

from auth.permissions import IsAuthenticated, IsStaff
from domain.workflows.accounts import MAX_REASON_LENGTH
from schema.accounts import Account
from schema.enums import Role
from schema.mutation_fields import mutation
from schema.user_errors import UserError, user_errors_field
from services import accounts
from services.accounts import DisableAccount, EnableAccount, SetAccountRoles, SignOutEverywhere

ACCOUNT_ID = "The account (an Account id)."
STAFF_RULES = (
    "Staff manage other accounts, never their own; an account holding, getting or losing ADMIN or "
    "SUPERVISOR is an ADMIN's to manage."
)


@strawberry.input(description="Whose sessions to end.")
class SignOutEverywhereInput:
    account_id: strawberry.ID | None = strawberry.field(
        default=None, description="Staff: another account to sign out (a lost phone). Absent: your own."
    )

    def command(self) -> SignOutEverywhere:
        return SignOutEverywhere(self.account_id)


@strawberry.type(description="The result of `signOutEverywhere`: the account, or why not.")
class SignOutEverywherePayload:
    account: Account | None = strawberry.field(
        default=None, description="The account; every token issued to it before is refused from now on."
    )
    user_errors: list[UserError] = user_errors_field(
        "UNAUTHENTICATED; NOT_FOUND (another account, for anyone but staff); FORBIDDEN (a staff account, "
        "for a SUPERVISOR); INVALID (accountId)."
    )


@strawberry.input(description="Lock an account out.")
class DisableAccountInput:
    account_id: strawberry.ID = strawberry.field(description=ACCOUNT_ID)
    reason: str = strawberry.field(
        description=f"Why (recorded in the audit log), at most {MAX_REASON_LENGTH} characters."
    )

    def command(self) -> DisableAccount:
        return DisableAccount(self.account_id, self.reason)


@strawberry.type(description="The result of `disableAccount`: the account, now disabled, or why not.")
class DisableAccountPayload:
    account: Account | None = strawberry.field(default=None, description="The account, now disabled.")
    user_errors: list[UserError] = user_errors_field(
        "UNAUTHENTICATED; FORBIDDEN; NOT_FOUND; INVALID_STATE (disabled already, or your own account); "
        "CONFLICT (changed at the same time); REQUIRED, TOO_LONG, INVALID."
    )


@strawberry.input(description="Let a disabled account sign in again.")
class EnableAccountInput:
    account_id: strawberry.ID = strawberry.field(description=ACCOUNT_ID)

    def command(self) -> EnableAccount:
        return EnableAccount(self.account_id)


@strawberry.type(description="The result of `enableAccount`: the account, active again, or why not.")
class EnableAccountPayload:
    account: Account | None = strawberry.field(default=None, description="The account, active again.")
    user_errors: list[UserError] = user_errors_field(
        "UNAUTHENTICATED; FORBIDDEN; NOT_FOUND; INVALID_STATE (active already, or your own account); "
        "CONFLICT (changed at the same time); INVALID."
    )


@strawberry.input(description="Replace an account's roles.")
class SetAccountRolesInput:
    account_id: strawberry.ID = strawberry.field(description=ACCOUNT_ID)
    roles: list[Role] = strawberry.field(
        description="The roles it holds from its next request: at least one; ADMIN and SUPERVISOR only on "
        "an account acting for no participant, otherwise only the role of its participant's kind "
        "(HOME_MANAGER for a home, ORG_MEMBER for an organization, ...)."
    )
    expected_version: int = strawberry.field(
        description="The account's `version` as you last saw it; if it changed since, CONFLICT."
    )

    def command(self) -> SetAccountRoles:
        return SetAccountRoles(self.account_id, tuple(self.roles), self.expected_version)


@strawberry.type(description="The result of `setAccountRoles`: the account with its new roles, or why not.")
class SetAccountRolesPayload:
    account: Account | None = strawberry.field(default=None, description="The account, with its new roles.")
    user_errors: list[UserError] = user_errors_field(
        "UNAUTHENTICATED; FORBIDDEN; NOT_FOUND; INVALID_STATE (your own account); CONFLICT (stale "
        "expectedVersion); REQUIRED, INVALID (a role that does not fit the account's participant)."
    )


sign_out_everywhere = mutation(
    accounts.sign_out_everywhere,
    SignOutEverywhereInput,
    SignOutEverywherePayload,
    IsAuthenticated(),
    description="End every session of an account: every token issued to it before, this request's too, is "
    "refused from now on (HTTP 401); sign in again with `login`. A password change does the same.",
)
disable_account = mutation(
    accounts.disable_account,
    DisableAccountInput,
    DisableAccountPayload,
    IsAuthenticated(),
    IsStaff(),
    description=f"Disable an account: it cannot sign in, and its tokens are refused at once. {STAFF_RULES}",
)
enable_account = mutation(
    accounts.enable_account,
    EnableAccountInput,
    EnableAccountPayload,
    IsAuthenticated(),
    IsStaff(),
    description="Enable a disabled account: it signs in again (the tokens it held before stay refused). "
    f"{STAFF_RULES}",
)
set_account_roles = mutation(
    accounts.set_account_roles,
    SetAccountRolesInput,
    SetAccountRolesPayload,
    IsAuthenticated(),
    IsStaff(),
    description=f"Replace an account's roles, effective from its next request. {STAFF_RULES}",
)
