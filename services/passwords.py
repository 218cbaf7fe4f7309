"""Passwords (docs/accounts.md#accounts): changePassword; a reset by a single-use code that staff
issue (issuePasswordReset) and its holder presents (resetPassword). A new password follows the
policy (domain/passwords.py) and ends every session of the account (its token version)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import timedelta

from sqlalchemy import Table, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from auth.login import RATE_LIMITED
from auth.passwords import MAX_PASSWORD_LENGTH, hashed_if_allowed, verify_password
from auth.viewer import Viewer
from datasources.accounts import account_with_password
from datasources.tables import Account
from datasources.writes import audit
from domain.one_time_codes import LETTERS
from domain.passwords import password_problems
from domain.problems import Problem, Rejected, UserErrorCode
from domain.workflows.accounts import check_manageable
from domain.workflows.checks import key_of
from services import one_time_codes
from services.accounts import bumped
from services.changes import Before, Changed
from services.notifier import Channel, Notice
from services.one_time_codes import PresentedCode, consume
from services.rows import not_found

ACCOUNTS: Table = Account.__table__
TYPE = "Account"
RESET = "password_reset"  # the codes' purpose; their subject is the username
RESET_CODE_TTL = timedelta(hours=24)
RESET_CODE_ATTEMPTS = 5
RESET_CODE_LENGTH = 10  # from 31 letters: ~49 bits, out of reach of 5 guesses


@dataclass(frozen=True)
class ChangePassword:
    current_password: str
    new_password: str
    # Made by `prepared`, once the current password is verified: the new one's hash, and the
    # account's version then (the write is refused as CONFLICT if it changed meanwhile).
    new_password_hash: str | None = field(default=None, kw_only=True)
    verified_version: int | None = field(default=None, kw_only=True)

    async def prepared(self, before: Before) -> ChangePassword:
        """The current password verified, and the new one hashed, before the write transaction
        (Argon2 twice must not run under the write lock). Each verification is an attempt
        reserved first on the account's budget (auth/throttle.py), so whoever holds a stolen token
        gets at most `max_failures` guesses per window, however many she sends at once; past it
        even the right password is refused (RATE_LIMITED) without being checked."""
        if before.throttle is None or before.viewer.account_id is None:
            raise RuntimeError("changePassword needs a signed-in viewer and the sign-in throttle")
        account = await account_with_password(before.engine, before.viewer.account_id)
        if account is None or account.password_hash is None:  # the external provider's: none here
            raise Rejected(Problem(UserErrorCode.INVALID_STATE, "no_password"))
        problems = password_problems(self.new_password, account.username, field=("input", "newPassword"))
        attempt = await before.throttle.reserve_current_password(account.id)
        if attempt is None:
            raise Rejected(RATE_LIMITED)
        checked = False
        try:
            right = await verify_password(account.password_hash, self.current_password[:MAX_PASSWORD_LENGTH])
            checked = True
        finally:
            if not checked:  # the verification failed to run: no guess was made
                await before.throttle.release(attempt)
        if right:
            await before.throttle.succeeded(attempt)
        else:
            problems.insert(
                0, Problem(UserErrorCode.INVALID_CREDENTIALS, "wrong_password", ("input", "currentPassword"))
            )
        if problems:
            raise Rejected(problems)
        password_hash = await hashed_if_allowed(self.new_password, account.username)
        return replace(self, new_password_hash=password_hash, verified_version=account.version)


@dataclass(frozen=True)
class IssuePasswordReset:
    account_id: str  # its global id


@dataclass(frozen=True)
class ResetPassword:
    username: str
    code: str
    new_password: str
    new_password_hash: str | None = field(default=None, kw_only=True)  # made by `prepared`

    async def prepared(self, before: Before) -> ResetPassword:
        return replace(
            self, new_password_hash=await hashed_if_allowed(self.new_password, self.username.strip())
        )

    def presented_code(self) -> PresentedCode:
        return PresentedCode(RESET, self.username.strip(), self.code)


async def change_password(connection: AsyncConnection, viewer: Viewer, command: ChangePassword) -> Changed:
    """The viewer's new password (the current one was verified by `prepared`); every session
    ends, this one too. A change to the account since the verification is a CONFLICT."""
    if viewer.account_id is None or command.verified_version is None:
        raise RuntimeError("changePassword's current password must be verified before its transaction")
    await _set_password(
        connection,
        viewer,
        "changePassword",
        viewer.account_id,
        command.verified_version,
        command.new_password_hash,
    )
    return Changed(TYPE, (viewer.account_id,))


async def issue_password_reset(
    connection: AsyncConnection, viewer: Viewer, command: IssuePasswordReset
) -> Changed:
    """A reset code for an account that has lost its password: shown once to the staff member
    (the payload's `code`) and sent to the account's phone or e-mail, if it has one. Issuing
    again replaces the earlier code."""
    account_id = key_of(command.account_id, TYPE, "accountId")
    row = (await connection.execute(select(ACCOUNTS).where(ACCOUNTS.c.id == account_id))).first()
    if row is None:
        raise not_found("accountId")
    check_manageable(viewer.account_id, viewer.roles, account_id, set(row.roles))
    if row.username.startswith("ext_"):  # signs in at the external identity provider
        raise Rejected(Problem(UserErrorCode.INVALID_STATE, "no_password"))
    issued = await one_time_codes.issue(
        connection,
        purpose=RESET,
        subject=row.username,
        ttl=RESET_CODE_TTL,
        attempts=RESET_CODE_ATTEMPTS,
        length=RESET_CODE_LENGTH,
        alphabet=LETTERS,
    )
    assert issued is not None  # always issued without `not_since`
    await audit(
        connection,
        actor_account_id=viewer.account_id,
        action="issuePasswordReset",
        entity_type=TYPE,
        entity_id=account_id,
        after={"expiresAt": issued.expires_at.isoformat()},
    )
    notices = tuple(
        Notice(channel, address, "password_reset", issued.code, {"expiresAt": issued.expires_at.isoformat()})
        for channel, address in ((Channel.SMS, row.phone), (Channel.EMAIL, row.email))
        if address
    )
    return Changed(TYPE, (account_id,), notices=notices, shown=issued.code)


async def reset_password(connection: AsyncConnection, viewer: Viewer, command: ResetPassword) -> Changed:
    """A new password with the code staff issued; every session ends. A wrong username and a
    wrong, expired or used code are the same refusal (who has an account is never revealed)."""
    username = command.username.strip()
    problems = password_problems(command.new_password, username, field=("input", "newPassword"))
    invalid = await consume(connection, command.presented_code())
    if invalid is not None:
        problems.insert(0, invalid)
    if problems:
        raise Rejected(problems)
    row = (await connection.execute(select(ACCOUNTS).where(ACCOUNTS.c.username == username))).one()
    await _set_password(connection, viewer, "resetPassword", row.id, row.version, command.new_password_hash)
    return Changed(TYPE, (row.id,))


async def _set_password(
    connection: AsyncConnection,
    viewer: Viewer,
    action: str,
    account_id: int,
    version: int,
    password_hash: str | None,
) -> None:
    """Store the new password's hash (made by the command's `prepared`) if the account is as read
    (else CONFLICT), and audit it as `action`; every token issued before is refused from now on."""
    if password_hash is None:  # `prepared` hashes every password the policy allows
        raise RuntimeError("a new password must be hashed before its transaction")
    done = await connection.execute(
        update(ACCOUNTS)
        .where(ACCOUNTS.c.id == account_id, ACCOUNTS.c.version == version)
        .values(password_hash=password_hash, **bumped(sessions=True))
    )
    if done.rowcount != 1:
        raise Rejected(Problem(UserErrorCode.CONFLICT, "conflict", ("input",)))
    await audit(
        connection, actor_account_id=viewer.account_id, action=action, entity_type=TYPE, entity_id=account_id
    )
