"""Personal-data rights (PIPL): deleteMyAccount, withdrawConsent; their inputs and payloads.
Reading everything held about oneself is `Account.personalData` (schema/accounts.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from auth.permissions import IsAuthenticated
from schema.mutation_fields import mutation
from schema.user_errors import UserError, user_errors_field
from services import erasure
from services.erasure import DeleteMyAccount, WithdrawConsent

if TYPE_CHECKING:
    from schema.accounts import Account


@strawberry.input(description="Deleting one's own account (注销账号). It cannot be undone.")
class DeleteMyAccountInput:
    confirm: bool = strawberry.field(
        description="true: yes, erase it (false is REQUIRED and changes nothing)."
    )

    def command(self) -> DeleteMyAccount:
        return DeleteMyAccount(self.confirm)


@strawberry.input(description="Withdrawing one's consent to the processing of personal data (撤回同意).")
class WithdrawConsentInput:
    confirm: bool = strawberry.field(
        description="true: yes, withdraw it and erase my contact details (false is REQUIRED and changes "
        "nothing)."
    )

    def command(self) -> WithdrawConsent:
        return WithdrawConsent(self.confirm)


@strawberry.type(description="The result of deleteMyAccount.")
class DeleteMyAccountPayload:
    account: Annotated[Account, strawberry.lazy("schema.accounts")] | None = strawberry.field(
        default=None,
        description="The account as it now is (erased; its token no longer works); null when refused.",
    )
    user_errors: list[UserError] = user_errors_field(
        "UNAUTHENTICATED; FORBIDDEN (staff accounts are disabled by an admin instead); REQUIRED (`confirm` "
        "not true); INVALID_STATE (an open commitment: one error naming each engagement under way, "
        "volunteer application not settled, or event announced and not held); CONFLICT (erased already)."
    )


delete_my_account = mutation(
    erasure.delete_my_account,
    DeleteMyAccountInput,
    DeleteMyAccountPayload,
    IsAuthenticated(),
    description="Delete one's own account (注销账号, PIPL right to erasure): its personal fields are erased "
    "and it signs in no more; a volunteer's or social worker's record is pseudonymised, her values erased "
    "from the audit log too, her offers withdrawn and her import ref barred from coming back. Engagements, "
    "hours and ratings stay as anonymous records, their counts intact. Refused while commitments are open "
    "(one INVALID_STATE error naming each: settle or cancel them first). docs/accounts.md.",
)


@strawberry.type(description="The result of withdrawConsent.")
class WithdrawConsentPayload:
    account: Annotated[Account, strawberry.lazy("schema.accounts")] | None = strawberry.field(
        default=None, description="The account as it now is; null when refused."
    )
    user_errors: list[UserError] = user_errors_field(
        "UNAUTHENTICATED; REQUIRED (`confirm` not true); INVALID_STATE (no consent on record; an open "
        "commitment: one error naming each, as for deleteMyAccount)."
    )


withdraw_consent = mutation(
    erasure.withdraw_consent,
    WithdrawConsentInput,
    WithdrawConsentPayload,
    IsAuthenticated(),
    description="Withdraw one's consent to the privacy policy (撤回同意, PIPL): the consent on record is "
    "cleared, and so are the contact and identity details held about her (phone, e-mail, identity number, "
    "real name, location; in the audit log too). The account stays and can still sign in. Refused while "
    "commitments are open (one INVALID_STATE error naming each). docs/accounts.md.",
)
