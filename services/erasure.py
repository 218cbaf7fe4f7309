"""Deleting one's account (注销账号, deleteMyAccount): the PIPL right to erasure.

The account's personal fields are erased and it signs in no more; a volunteer's or social
worker's own record is pseudonymised (name replaced, contact details, identity number, location
and free text about her cleared), and so are those values wherever the audit log copied them
(`before`/`after` of the entries about her account and her record). What she did stays as
anonymous records: engagements, hours, ratings, registrations and every counter keep their
numbers. Her import `ref` is remembered in `erased_refs`, so a later import cannot bring her back.

Refused while she has open commitments (each named, as `exitOrganization` does): they are the
other side's, settled first. The account's row is updated first (the erasure's lock), then her
offers are locked, then the commitments looked for, in the exit's order, so a proposal racing
the erasure either committed first (and refuses it) or waits and finds the offer withdrawn.
A home manager's or organization member's account is erased, but not the home or organization.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, bindparam, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from auth.viewer import Viewer
from datasources.columns import utcnow
from datasources.loaders.participants import PARTICIPANT_TABLES
from datasources.tables import Account, AuditEntry, Complaint, ErasedRef, Home, VolunteerApplication
from datasources.writes import audit
from domain.enums import ParticipantKind, ParticipantRef
from domain.global_ids import PARTICIPANT_TYPE_NAMES, encode
from domain.problems import Problem, Rejected, UserErrorCode
from domain.workflows.admission import Commitment, exit_refusal
from services.changes import Changed, changed
from services.organization_exit import COMMITMENT_TYPES, lock_offers, open_commitments, tidy_offers
from services.transitions import conflict

ACCOUNTS: Table = Account.__table__
AUDIT: Table = AuditEntry.__table__
COMPLAINTS: Table = Complaint.__table__
ERASED_REFS: Table = ErasedRef.__table__
HOMES: Table = Home.__table__
APPLICATIONS: Table = VolunteerApplication.__table__
ERASED_NAME = "已注销用户"
# What a person's own record becomes: every personal or self-describing column.
PSEUDONYMS: dict[ParticipantKind, dict[str, Any]] = {
    ParticipantKind.VOLUNTEER: {
        "name": "已注销志愿者",
        "phone": None,
        "email": None,
        "id_number": None,
        "real_name": None,
        "lat": None,
        "lon": None,
        "skills": [],
        "availability": [],
    },
    ParticipantKind.SOCIAL_WORKER: {
        "name": "已注销社工",
        "phone": None,
        "email": None,
        "bio": "",
        "specialties": [],
        "certificate_number": None,
        "verification_note": None,
    },
}
# What withdrawing consent stops: the contact and identity details held on her record (the
# account stays, under her display name, and may consent again by signing up's consent step).
CONTACTS: dict[ParticipantKind, dict[str, Any]] = {
    ParticipantKind.VOLUNTEER: {
        "phone": None,
        "email": None,
        "id_number": None,
        "real_name": None,
        "lat": None,
        "lon": None,
    },
    ParticipantKind.SOCIAL_WORKER: {"phone": None, "email": None},
}
# Audit entries keep these facts about her (what changed, not to what); every other value goes.
KEPT_FACTS = frozenset({"status", "fields"})
# The audit values a withdrawal erases (graph names): those of the details it clears.
CONTACT_FACTS = frozenset({"phone", "email", "idNumber", "realName", "location"})


@dataclass(frozen=True)
class DeleteMyAccount:
    confirm: bool  # she said yes: it cannot be undone


@dataclass(frozen=True)
class WithdrawConsent:
    confirm: bool  # she said yes: her contact details are erased


async def delete_my_account(connection: AsyncConnection, viewer: Viewer, command: DeleteMyAccount) -> Changed:
    """Erase the signed-in account (and pseudonymise the person it acts for); refused while
    commitments are open, naming each."""
    if viewer.is_staff:
        raise Rejected(Problem(UserErrorCode.FORBIDDEN, "staff_cannot_erase"))
    account_id = _confirmed_account(viewer, command.confirm, "confirm_erasure")
    now = utcnow()
    erased = await connection.execute(
        update(ACCOUNTS)
        .where(ACCOUNTS.c.id == account_id, ACCOUNTS.c.erased_at.is_(None))
        .values(
            # "#" is in no username anyone can choose, so the pseudonym never collides.
            username=f"#erased-{account_id}",
            password_hash=None,
            display_name=ERASED_NAME,
            phone=None,
            email=None,
            is_active=False,
            erased_at=now,
            consent_version=None,
            consented_at=None,
        )
        .returning(ACCOUNTS.c.participant_kind, ACCOUNTS.c.participant_id)
    )
    row = erased.one_or_none()
    if row is None:  # erased by a racing request
        raise conflict()
    subjects = [("Account", account_id)]
    person = _person(row.participant_kind, row.participant_id)
    if person is not None:
        await _refuse_open_commitments(connection, person, now)
        await tidy_offers(connection, person, account_id, now, "deleteMyAccount")
        await _pseudonymise(connection, person)
        subjects.append((PARTICIPANT_TYPE_NAMES[person[0]], person[1]))
    await connection.execute(
        update(HOMES).where(HOMES.c.manager_account_id == account_id).values(manager_account_id=None)
    )
    await connection.execute(
        update(COMPLAINTS)
        .where(COMPLAINTS.c.complainant_account_id == account_id)
        .values(contact_name=None, contact_phone=None, contact_email=None)
    )
    await _scrub_audit(connection, subjects)
    await audit(
        connection,
        actor_account_id=account_id,
        action="deleteMyAccount",
        entity_type="Account",
        entity_id=account_id,
        after={"erased": True},
    )
    return changed("Account", account_id)


async def withdraw_consent(connection: AsyncConnection, viewer: Viewer, command: WithdrawConsent) -> Changed:
    """Withdraw her consent to the processing of her personal data (PIPL art. 15): the consent on
    record is cleared, and so are the contact and identity details held on her account and on
    the volunteer or social worker she is (in the audit log too). Refused while commitments are
    open (the other side relies on reaching her), or when there is no consent on record."""
    account_id = _confirmed_account(viewer, command.confirm, "confirm_withdrawal")
    withdrawn = await connection.execute(
        update(ACCOUNTS)
        .where(ACCOUNTS.c.id == account_id, ACCOUNTS.c.consent_version.is_not(None))
        .values(consent_version=None, consented_at=None, phone=None, email=None)
        .returning(ACCOUNTS.c.participant_kind, ACCOUNTS.c.participant_id)
    )
    row = withdrawn.one_or_none()
    if row is None:
        raise Rejected(Problem(UserErrorCode.INVALID_STATE, "no_consent"))
    subjects = [("Account", account_id)]
    person = _person(row.participant_kind, row.participant_id)
    if person is not None:
        await _refuse_open_commitments(connection, person, utcnow())
        table = PARTICIPANT_TABLES[person[0]]
        await connection.execute(
            update(table)
            .where(table.c.id == person[1])
            .values(**CONTACTS[person[0]], version=table.c.version + 1)
        )
        subjects.append((PARTICIPANT_TYPE_NAMES[person[0]], person[1]))
    await _scrub_audit(connection, subjects, only=CONTACT_FACTS)
    await audit(
        connection,
        actor_account_id=account_id,
        action="withdrawConsent",
        entity_type="Account",
        entity_id=account_id,
        after={"consent": "withdrawn"},
    )
    return changed("Account", account_id)


def _confirmed_account(viewer: Viewer, confirm: bool, message_key: str) -> int:
    """The signed-in account, once the caller has confirmed (an irreversible step)."""
    if not confirm:
        raise Rejected(
            Problem(UserErrorCode.REQUIRED, message_key, ("input", "confirm"), {"field": "confirm"})
        )
    if viewer.account_id is None:  # the mutation's permission lets only signed-in accounts through
        raise Rejected(Problem(UserErrorCode.UNAUTHENTICATED, "unauthenticated"))
    return viewer.account_id


def _person(kind: str | None, pk: int | None) -> tuple[ParticipantKind, int] | None:
    """The volunteer or social worker the account acts for (a person: hers to erase), if any."""
    if kind is None or pk is None or ParticipantKind(kind) not in PSEUDONYMS:
        return None
    return ParticipantKind(kind), pk


async def _refuse_open_commitments(connection: AsyncConnection, person: ParticipantRef, now: Any) -> None:
    await lock_offers(connection, person)
    listed, total = await open_commitments(connection, person, now)
    if total:
        commitments = [
            Commitment(kind, encode(COMMITMENT_TYPES[kind], pk), status) for kind, pk, status in listed
        ]
        raise exit_refusal(commitments, total, keys="erase_open", field=("input",))


async def _pseudonymise(connection: AsyncConnection, person: tuple[ParticipantKind, int]) -> None:
    """Her record under a pseudonym (its counters untouched); her ref remembered, then cleared;
    what she wrote in her applications cleared."""
    kind, pk = person
    table = PARTICIPANT_TABLES[kind]
    ref = (await connection.execute(select(table.c.ref).where(table.c.id == pk))).scalar_one()
    await connection.execute(
        update(table)
        .where(table.c.id == pk)
        .values(**PSEUDONYMS[kind], ref=None, version=table.c.version + 1)
    )
    if ref is not None:
        await connection.execute(insert(ERASED_REFS).values(ref=ref, participant_kind=kind))
    if kind == ParticipantKind.VOLUNTEER:
        await connection.execute(
            update(APPLICATIONS).where(APPLICATIONS.c.volunteer_id == pk).values(motivation="")
        )


async def _scrub_audit(
    connection: AsyncConnection, subjects: list[tuple[str, int]], only: frozenset[str] | None = None
) -> None:
    """The audit entries about her account and record keep who did what and when, and which
    fields changed, but not the values (`only`: just those of these fields); one read, one
    write whatever their number."""
    about = or_(
        *((AUDIT.c.entity_type == type_name) & (AUDIT.c.entity_id == pk) for type_name, pk in subjects)
    )
    entries = (await connection.execute(select(AUDIT.c.id, AUDIT.c.before, AUDIT.c.after).where(about))).all()
    scrubbed = [
        {"entry": entry.id, "before_": _scrubbed(entry.before, only), "after_": _scrubbed(entry.after, only)}
        for entry in entries
        if _scrubbed(entry.before, only) != entry.before or _scrubbed(entry.after, only) != entry.after
    ]
    if scrubbed:
        await connection.execute(
            update(AUDIT)
            .where(AUDIT.c.id == bindparam("entry"))
            .values(before=bindparam("before_"), after=bindparam("after_")),
            scrubbed,
        )


def _scrubbed(facts: dict[str, Any], only: frozenset[str] | None) -> dict[str, Any]:
    erased = only if only is not None else facts.keys() - KEPT_FACTS
    return {key: None if key in erased else value for key, value in facts.items()}
