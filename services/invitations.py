"""Invitations (docs/accounts.md#invitations-and-claiming): createInvitation, acceptInvitation,
revokeInvitation. An invitation's code is a single-use code (services/one_time_codes.py, purpose
"invitation", subject its id), shown once to the inviter and sent through the Notifier;
accepting it makes the account, acting for the invitation's participant (an imported one is
claimed, not created again)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import timedelta

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from auth.passwords import hashed_if_allowed
from auth.viewer import Viewer
from datasources.columns import utcnow
from datasources.loaders.participants import PARTICIPANT_TABLES
from datasources.tables import Account, Home, Invitation, OneTimeCode
from datasources.writes import audit, audit_status
from domain.enums import ParticipantKind, ParticipantRef, Role
from domain.global_ids import PARTICIPANT_TYPE_NAMES
from domain.one_time_codes import LETTERS
from domain.problems import Problem, Rejected, UserErrorCode
from domain.workflows.accounts import MAX_DISPLAY_NAME
from domain.workflows.checks import (
    EMAIL,
    MAX_EMAIL,
    MAX_PHONE,
    PHONE,
    Checks,
    key_of,
    optional_text,
    party_of,
)
from domain.workflows.invitations import (
    CODE_ATTEMPTS,
    CODE_LENGTH,
    MAX_VALID_DAYS,
    PERSONS,
    InvitationStatus,
    invited_participant,
    shown_code,
    split_code,
)
from domain.workflows.joining import Credentials, check_credentials
from services import one_time_codes
from services.accounts import insert_account
from services.changes import Before, Changed
from services.notifier import Channel, Notice, mask
from services.one_time_codes import PresentedCode, consume
from services.rows import not_found

INVITATIONS: Table = Invitation.__table__
ACCOUNTS: Table = Account.__table__
HOMES: Table = Home.__table__
CODES: Table = OneTimeCode.__table__
PURPOSE = "invitation"
TYPE = "Invitation"


@dataclass(frozen=True)
class CreateInvitation:
    role: Role
    participant_id: str | None  # its global id
    display_name: str
    phone: str | None
    email: str | None
    valid_days: int


@dataclass(frozen=True)
class AcceptInvitation:
    code: str
    username: str
    password: str
    display_name: str | None
    password_hash: str | None = field(default=None, kw_only=True)  # made by `prepared`

    async def prepared(self, before: Before) -> AcceptInvitation:
        return replace(self, password_hash=await hashed_if_allowed(self.password, self.username))

    def presented_code(self) -> PresentedCode:
        subject, secret = split_code(self.code)
        return PresentedCode(PURPOSE, subject, secret)


@dataclass(frozen=True)
class RevokeInvitation:
    invitation_id: str  # its global id


async def create_invitation(
    connection: AsyncConnection, viewer: Viewer, command: CreateInvitation
) -> Changed:
    """An invitation to `role`, with its code: in the payload this once, and sent to the phone
    and e-mail given. Every problem of the input comes at once, after who may invite."""
    types = tuple(PARTICIPANT_TYPE_NAMES.values())
    named = party_of(command.participant_id, "participantId", types)
    participant = invited_participant(command.role, viewer.roles, viewer.participant, named)
    checks = Checks()
    checks.text("displayName", command.display_name, max_length=MAX_DISPLAY_NAME)
    checks.matches("phone", command.phone, PHONE, max_length=MAX_PHONE)
    checks.matches("email", command.email, EMAIL, max_length=MAX_EMAIL)
    checks.number("validDays", command.valid_days, low=1, high=MAX_VALID_DAYS)
    checks.done()
    if participant is not None:
        await _check_claimable(connection, participant, lock=False, field=("input", "participantId"))
    addresses = [
        (channel, address)
        for channel, address in (
            (Channel.SMS, optional_text(command.phone)),
            (Channel.EMAIL, optional_text(command.email)),
        )
        if address
    ]
    now = utcnow()
    expires_at = now + timedelta(days=command.valid_days)
    invitation_id = (
        await connection.execute(
            insert(INVITATIONS)
            .values(
                role=command.role.value,
                participant_kind=participant[0] if participant else None,
                participant_id=participant[1] if participant else None,
                display_name=command.display_name.strip(),
                sent_to=", ".join(mask(address) for _, address in addresses) or None,
                inviter_account_id=viewer.account_id,
                status=InvitationStatus.OPEN,
                expires_at=expires_at,
                created_at=now,
            )
            .returning(INVITATIONS.c.id)
        )
    ).scalar_one()
    issued = await one_time_codes.issue(
        connection,
        purpose=PURPOSE,
        subject=str(invitation_id),
        ttl=timedelta(days=command.valid_days),
        attempts=CODE_ATTEMPTS,
        length=CODE_LENGTH,
        alphabet=LETTERS,
        now=now,
    )
    assert issued is not None  # always issued without `not_since`
    code = shown_code(invitation_id, issued.code)
    await audit_status(
        connection, viewer.account_id, "createInvitation", (TYPE, invitation_id), None, InvitationStatus.OPEN,
        role=command.role.value, participant=list(participant) if participant else None,
    )  # fmt: skip
    params = {
        "role": command.role.value,
        "expiresAt": expires_at.isoformat(),
        "name": command.display_name.strip(),
    }
    notices = tuple(Notice(channel, address, "invitation", code, params) for channel, address in addresses)
    return Changed(TYPE, (invitation_id,), notices=notices, shown=code)


async def accept_invitation(
    connection: AsyncConnection, viewer: Viewer, command: AcceptInvitation
) -> Changed:
    """The invited person's account, with the username and password she chooses, acting for the
    invitation's participant. A wrong, expired, revoked or used code is one refusal (never which);
    of two acceptances of one invitation only the first makes an account."""
    checks = Checks()
    check_credentials(checks, Credentials(command.username, command.password), external=False)
    checks.text("displayName", command.display_name, required=False, max_length=MAX_DISPLAY_NAME)
    problems = list(checks.problems)
    presented = command.presented_code()
    invalid = await consume(connection, presented)
    if invalid is not None:
        problems.insert(0, invalid)
    if problems:
        raise Rejected(problems)
    now = utcnow()
    invitation = (
        await connection.execute(
            update(INVITATIONS)
            .where(
                INVITATIONS.c.id == int(presented.subject),
                INVITATIONS.c.status == InvitationStatus.OPEN,
                INVITATIONS.c.expires_at > now,
            )
            .values(status=InvitationStatus.ACCEPTED, accepted_at=now, version=INVITATIONS.c.version + 1)
            .returning(INVITATIONS)
        )
    ).first()
    if invitation is None:  # revoked (its code is gone too) or expired in between: the same refusal
        raise Rejected(one_time_codes.invalid_code(presented))
    participant = (
        (invitation.participant_kind, invitation.participant_id) if invitation.participant_kind else None
    )
    if participant is not None:
        await _check_claimable(connection, participant, lock=True, field=None)
    if command.password_hash is None:  # `prepared` hashes every password the checks accept
        raise RuntimeError("an invitation's password must be hashed before its transaction")
    account_id = await insert_account(
        connection,
        dict(
            username=command.username.strip(),
            display_name=optional_text(command.display_name) or invitation.display_name,
            password_hash=command.password_hash,
            roles=[invitation.role],
            participant_kind=invitation.participant_kind,
            participant_id=invitation.participant_id,
        ),
    )
    await connection.execute(
        update(INVITATIONS).where(INVITATIONS.c.id == invitation.id).values(account_id=account_id)
    )
    if invitation.role == Role.HOME_MANAGER and participant is not None:  # the home's first manager
        await connection.execute(
            update(HOMES)
            .where(HOMES.c.id == participant[1], HOMES.c.manager_account_id.is_(None))
            .values(manager_account_id=account_id)
        )
    await audit_status(
        connection, account_id, "acceptInvitation", (TYPE, invitation.id), InvitationStatus.OPEN,
        InvitationStatus.ACCEPTED, account=account_id,
    )  # fmt: skip
    await audit(
        connection,
        actor_account_id=account_id,
        action="acceptInvitation",
        entity_type="Account",
        entity_id=account_id,
        after={"roles": [invitation.role], "invitation": invitation.id},
    )
    return Changed("Account", (account_id,))


async def revoke_invitation(
    connection: AsyncConnection, viewer: Viewer, command: RevokeInvitation
) -> Changed:
    """Withdraw an OPEN invitation (its sender, or staff): its code stops working at once."""
    invitation_id = key_of(command.invitation_id, TYPE, "invitationId")
    row = (await connection.execute(select(INVITATIONS).where(INVITATIONS.c.id == invitation_id))).first()
    if row is None or not (viewer.is_staff or row.inviter_account_id == viewer.account_id):
        raise not_found("invitationId")
    revoked = await connection.execute(
        update(INVITATIONS)
        .where(INVITATIONS.c.id == invitation_id, INVITATIONS.c.status == InvitationStatus.OPEN)
        .values(status=InvitationStatus.REVOKED, version=INVITATIONS.c.version + 1)
    )
    if revoked.rowcount != 1:  # accepted or revoked already, or by a racing command
        status = (
            await connection.execute(select(INVITATIONS.c.status).where(INVITATIONS.c.id == invitation_id))
        ).scalar_one()
        raise Rejected(Problem(UserErrorCode.INVALID_STATE, "invalid_state", None, {"status": status}))
    await connection.execute(
        delete(CODES).where(CODES.c.purpose == PURPOSE, CODES.c.subject == str(invitation_id))
    )
    await audit_status(
        connection, viewer.account_id, "revokeInvitation", (TYPE, invitation_id), InvitationStatus.OPEN,
        InvitationStatus.REVOKED,
    )  # fmt: skip
    return Changed(TYPE, (invitation_id,))


async def _check_claimable(
    connection: AsyncConnection, participant: ParticipantRef, *, lock: bool, field: tuple[str, ...] | None
) -> None:
    """The participant exists (NOT_FOUND); a person (social worker, volunteer) has no account yet
    (INVALID_STATE: she signs in with hers). `lock`: hold the participant's row, so that two
    acceptances for one person cannot both find her unclaimed."""
    kind, pk = participant
    table = PARTICIPANT_TABLES[ParticipantKind(kind)]
    statement = select(table.c.id).where(table.c.id == pk)
    if lock:
        statement = statement.with_for_update()
    if (await connection.execute(statement)).first() is None:
        raise Rejected(Problem(UserErrorCode.NOT_FOUND, "not_found", field))
    if kind in PERSONS:
        claimed = await connection.execute(
            select(ACCOUNTS.c.id)
            .where(ACCOUNTS.c.participant_kind == kind, ACCOUNTS.c.participant_id == pk)
            .limit(1)
        )
        if claimed.first() is not None:
            raise Rejected(Problem(UserErrorCode.INVALID_STATE, "already_claimed", field))
