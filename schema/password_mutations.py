"""Passwords (docs/accounts.md#accounts): changePassword, issuePasswordReset, resetPassword."""

from __future__ import annotations

import strawberry

from auth.permissions import IsAuthenticated, IsStaff
from domain.passwords import MIN_PASSWORD_LENGTH
from schema.accounts import Account
from schema.mutation_fields import mutation
from schema.user_errors import UserError, user_errors_field
from services import passwords
from services.passwords import RESET_CODE_ATTEMPTS, ChangePassword, IssuePasswordReset, ResetPassword

NEW_PASSWORD = (
    f"The new password: at least {MIN_PASSWORD_LENGTH} characters, not the username, not a common "
    "password. Every session of the account ends (sign in again with `login`)."
)
PASSWORD_ERRORS = "REQUIRED, TOO_LONG, INVALID (newPassword: too short, the username, or too common)"


@strawberry.input(description="A new password, after the current one.")
class ChangePasswordInput:
    current_password: str = strawberry.field(description="The password the account has now.")
    new_password: str = strawberry.field(description=NEW_PASSWORD)

    def command(self) -> ChangePassword:
        return ChangePassword(self.current_password, self.new_password)


@strawberry.type(description="The result of `changePassword`: the account, or why not.")
class ChangePasswordPayload:
    account: Account | None = strawberry.field(default=None, description="The account.")
    user_errors: list[UserError] = user_errors_field(
        f"UNAUTHENTICATED; INVALID_CREDENTIALS (currentPassword); RATE_LIMITED (too many wrong current "
        f"passwords: the account's budget, as for sign-in); INVALID_STATE (an account of the external "
        f"identity provider has no password here); CONFLICT; {PASSWORD_ERRORS}."
    )


@strawberry.input(description="A password reset for an account that lost its password.")
class IssuePasswordResetInput:
    account_id: strawberry.ID = strawberry.field(description="The account (an Account id).")

    def command(self) -> IssuePasswordReset:
        return IssuePasswordReset(self.account_id)


@strawberry.type(
    description="The result of `issuePasswordReset`: the account and its reset code, or why not."
)
class IssuePasswordResetPayload:
    account: Account | None = strawberry.field(default=None, description="The account.")
    code: str | None = strawberry.field(
        default=None,
        description="The reset code, shown this once (only its hash is kept): hand it to the account "
        "holder. It is also sent to "
        f"the account's phone or e-mail, if it has one; valid for 24 hours and {RESET_CODE_ATTEMPTS} "
        "wrong guesses, replaced by the next one issued.",
    )
    user_errors: list[UserError] = user_errors_field(
        "UNAUTHENTICATED; FORBIDDEN; NOT_FOUND; INVALID_STATE (your own account, or an account of the "
        "external identity provider); INVALID."
    )


@strawberry.input(description="A new password with a reset code.")
class ResetPasswordInput:
    username: str = strawberry.field(description="The account's username.")
    code: str = strawberry.field(
        description="The reset code staff issued (case and spaces around it ignored)."
    )
    new_password: str = strawberry.field(description=NEW_PASSWORD)

    def command(self) -> ResetPassword:
        return ResetPassword(self.username, self.code, self.new_password)


@strawberry.type(description="The result of `resetPassword`: the account, or why not.")
class ResetPasswordPayload:
    account: Account | None = strawberry.field(default=None, description="The account; sign in with `login`.")
    user_errors: list[UserError] = user_errors_field(
        "INVALID (code: wrong, expired, used, out of attempts, or not this username's: never which); "
        f"RATE_LIMITED; {PASSWORD_ERRORS}."
    )


change_password = mutation(
    passwords.change_password,
    ChangePasswordInput,
    ChangePasswordPayload,
    IsAuthenticated(),
    description="Change your password (the current one required). Every session of the account ends, this "
    "one too: sign in again with `login`.",
)
issue_password_reset = mutation(
    passwords.issue_password_reset,
    IssuePasswordResetInput,
    IssuePasswordResetPayload,
    IsAuthenticated(),
    IsStaff(),
    description="Issue a single-use password reset code for an account (its holder calls `resetPassword`). "
    "Staff manage other accounts, never their own; a staff account's is an ADMIN's to issue.",
)
reset_password = mutation(
    passwords.reset_password,
    ResetPasswordInput,
    ResetPasswordPayload,
    description="Set a new password with a reset code (no sign-in needed); every session of the account "
    "ends. Anonymous callers are limited per address (RATE_LIMITED).",
    anonymous_budget="password_reset",
)
