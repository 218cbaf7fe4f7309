"""Joining the platform (docs/accounts.md#joining): a phone's sign-up code, then
`registerVolunteer` or `registerSocialWorker`, each creating the participant and the account
acting for it in one transaction.

Nothing a refusal says tells whether a phone or a username belongs to someone else:
- `sendSignUpCode` answers the same for every well-formed number. A number that already
  belongs to a volunteer, a social worker or an account gets a notice saying so instead of a
  code (and a code nobody is told is stored, so re-sends are spaced the same way).
- a sign-up whose code is wrong, expired, used, or whose phone is taken meanwhile, gets the
  same `code_invalid`, and a refusal of the form's fields comes before any look-up, so neither
  tells whether the username is taken. Only once every check passed and the phone is proven is a
  taken username said to be taken (`username_taken`: usernames are public handles, as on every
  site); the code is not used up by the refusal, she picks another name.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from auth.passwords import hashed_if_allowed
from auth.viewer import Viewer
from datasources.columns import utcnow
from datasources.tables import Account, SocialWorker, Volunteer
from datasources.writes import audit
from domain.enums import ParticipantKind, Role
from domain.problems import Problem, Rejected, UserErrorCode
from domain.workflows.checks import Checks, optional_text
from domain.workflows.joining import (
    SIGN_UP_CODE_ATTEMPTS,
    SIGN_UP_CODE_PURPOSE,
    SIGN_UP_CODE_RESEND,
    SIGN_UP_CODE_TTL,
    Credentials,
    Person,
    SocialWorkerProfile,
    VerificationStatus,
    VolunteerProfile,
    check_credentials,
    check_mobile,
    check_person,
    check_social_worker,
    check_volunteer,
    normalized_mobile,
)
from services import one_time_codes
from services.accounts import insert_account
from services.changes import Before, Changed, changed
from services.notifier import Channel, Notice
from services.offers import check_districts
from services.one_time_codes import PresentedCode

ACCOUNTS: Table = Account.__table__
VOLUNTEERS: Table = Volunteer.__table__
SOCIAL_WORKERS: Table = SocialWorker.__table__


@dataclass(frozen=True)
class SendSignUpCode:
    phone: str


@dataclass(frozen=True)
class SignUp:
    """What both sign-ups share: the account's credentials, the person, the phone's code."""

    credentials: Credentials
    person: Person
    code: str
    password_hash: str | None = field(default=None, kw_only=True)  # made by `prepared`

    async def prepared(self, before: Before) -> SignUp:
        """The command with its password hashed, before the transaction opens (Argon2 takes 0.1 to
        1 s of CPU: not under the write lock); a password the policy refuses is not hashed."""
        credentials = self.credentials
        return replace(
            self, password_hash=await hashed_if_allowed(credentials.password, credentials.username)
        )

    def presented_code(self) -> PresentedCode | None:
        number = normalized_mobile(self.person.phone)
        if not self.code.strip() or not number:
            return None
        return PresentedCode(SIGN_UP_CODE_PURPOSE, number, self.code, ("input", "phoneCode"))


@dataclass(frozen=True)
class RegisterVolunteer(SignUp):
    profile: VolunteerProfile


@dataclass(frozen=True)
class RegisterSocialWorker(SignUp):
    profile: SocialWorkerProfile


async def send_sign_up_code(
    connection: AsyncConnection, viewer: Viewer, command: SendSignUpCode
) -> tuple[Notice, ...]:
    """A code for the phone, or (when it is registered already) a notice saying so; nothing when
    one was sent within the last minute. The caller sends the notices after the commit."""
    checks = Checks()
    number = check_mobile(checks, "phone", command.phone)
    checks.done()
    assert number is not None  # checked
    taken = await _phone_taken(connection, number)
    issued = await one_time_codes.issue(
        connection,
        purpose=SIGN_UP_CODE_PURPOSE,
        subject=number,
        ttl=SIGN_UP_CODE_TTL,
        attempts=SIGN_UP_CODE_ATTEMPTS,
        not_since=utcnow() - SIGN_UP_CODE_RESEND,
    )
    if issued is None:
        return ()
    if taken:  # the stored code is never told: signing up with this phone cannot succeed
        return (Notice(Channel.SMS, number, "phone_already_registered"),)
    minutes = int(SIGN_UP_CODE_TTL.total_seconds() // 60)
    return (Notice(Channel.SMS, number, "sign_up_code", code=issued.code, params={"minutes": minutes}),)


async def register_volunteer(
    connection: AsyncConnection, viewer: Viewer, command: RegisterVolunteer
) -> Changed:
    """A volunteer and the account acting for her (VOLUNTEER), from a verified phone."""
    profile = command.profile
    checks = _checks(viewer, command)
    check_volunteer(checks, profile)
    district_id, number = await _verified(connection, checks, command)
    values = {
        "name": command.person.display_name.strip(),
        "real_name": command.person.real_name.strip(),
        "district_id": district_id,
        "phone": number,
        "email": optional_text(command.person.email),
        "skills": profile.skills,
        "availability": profile.availability,
        "id_number": (optional_text(profile.id_number) or "").upper() or None,
        "lat": profile.lat,
        "lon": profile.lon,
    }
    pk = (await connection.execute(insert(VOLUNTEERS).values(values).returning(VOLUNTEERS.c.id))).scalar_one()
    await _account_for(connection, viewer, command, (ParticipantKind.VOLUNTEER, pk), Role.VOLUNTEER)
    return changed("Volunteer", pk)


async def register_social_worker(
    connection: AsyncConnection, viewer: Viewer, command: RegisterSocialWorker
) -> Changed:
    """A social worker, PENDING until staff verify her certificate, and the account acting for
    her (SOCIAL_WORKER), from a verified phone."""
    profile = command.profile
    checks = _checks(viewer, command)
    check_social_worker(checks, profile)
    district_id, number = await _verified(connection, checks, command)
    values = {
        "name": command.person.real_name.strip(),  # a professional works under her own name
        "district_id": district_id,
        "phone": number,
        "email": optional_text(command.person.email),
        "qualification_level": profile.qualification_level.value,
        "certificate_number": profile.certificate_number.strip().upper(),
        "specialties": [specialty.strip() for specialty in profile.specialties],
        "years_of_experience": profile.years_of_experience,
        "bio": (profile.bio or "").strip(),
        "verification_status": VerificationStatus.PENDING,
    }
    pk = (
        await connection.execute(insert(SOCIAL_WORKERS).values(values).returning(SOCIAL_WORKERS.c.id))
    ).scalar_one()
    await _account_for(connection, viewer, command, (ParticipantKind.SOCIAL_WORKER, pk), Role.SOCIAL_WORKER)
    return changed("SocialWorker", pk)


def _checks(viewer: Viewer, command: SignUp) -> Checks:
    """Who may sign up (anyone anonymous; a signed-in account acting for nobody, not staff), and
    the checks of the credentials and the person."""
    if viewer.is_staff:
        raise Rejected(Problem(UserErrorCode.FORBIDDEN, "staff_cannot_join"))
    if viewer.participant is not None:
        raise Rejected(Problem(UserErrorCode.INVALID_STATE, "already_joined"))
    checks = Checks()
    check_credentials(checks, command.credentials, external=viewer.is_authenticated)
    check_person(checks, command.person)
    return checks


async def _verified(connection: AsyncConnection, checks: Checks, command: SignUp) -> tuple[int, str]:
    """The district's key and the phone number, once every check passed and the phone's code is
    used up (a phone registered meanwhile is refused like a wrong code)."""
    district_id = checks.key("districtId", command.person.district_id, "District")
    number = check_mobile(checks, "phone", command.person.phone)
    presented = command.presented_code()
    if not command.code.strip():
        checks.add(UserErrorCode.REQUIRED, "required", "phoneCode")
    elif number is not None and presented is not None:
        problem = await one_time_codes.consume(connection, presented)
        if problem is None and await _phone_taken(connection, number):
            problem = one_time_codes.invalid_code(presented)
        if problem is not None:
            checks.problems.append(problem)
    checks.done()
    assert number is not None  # checked
    await check_districts(connection, "districtId", [district_id])
    return district_id, number


async def _account_for(
    connection: AsyncConnection, viewer: Viewer, command: SignUp, participant: tuple[str, int], role: Role
) -> None:
    """The account acting for the new participant: a new one (anonymous sign-up), or the caller's
    own, linked while it acts for nobody (a second sign-up racing it: CONFLICT)."""
    kind, pk = participant
    person = command.person
    consent: dict[str, Any] = {"consent_version": person.consent_version.strip(), "consented_at": utcnow()}
    if viewer.account_id is not None:
        linked = await connection.execute(
            update(ACCOUNTS)
            .where(ACCOUNTS.c.id == viewer.account_id, ACCOUNTS.c.participant_kind.is_(None))
            .values(
                participant_kind=kind,
                participant_id=pk,
                roles=sorted({*viewer.roles, role}),
                phone=normalized_mobile(person.phone),
                **consent,
            )
        )
        if linked.rowcount != 1:
            raise Rejected(Problem(UserErrorCode.CONFLICT, "conflict", ("input",)))
        account_id = viewer.account_id
    else:
        account_id = await _new_account(connection, command, participant, role, consent)
    await audit(
        connection,
        actor_account_id=account_id,
        action=f"register{'Volunteer' if kind == ParticipantKind.VOLUNTEER else 'SocialWorker'}",
        entity_type="Volunteer" if kind == ParticipantKind.VOLUNTEER else "SocialWorker",
        entity_id=pk,
        after={"account": account_id, "consentVersion": consent["consent_version"]},
    )


async def _new_account(
    connection: AsyncConnection,
    command: SignUp,
    participant: tuple[str, int],
    role: Role,
    consent: dict[str, Any],
) -> int:
    """A new embedded account (a username taken: `insert_account`'s neutral refusal)."""
    username = (command.credentials.username or "").strip()
    if command.password_hash is None:  # `prepared` hashes every password the checks accept
        raise RuntimeError("a sign-up's password must be hashed before its transaction")
    values = {
        "username": username,
        "password_hash": command.password_hash,
        "display_name": command.person.display_name.strip(),
        "roles": [role.value],
        "participant_kind": participant[0],
        "participant_id": participant[1],
        "phone": normalized_mobile(command.person.phone),
        "email": optional_text(command.person.email),
        **consent,
    }
    return await insert_account(connection, values)


async def _phone_taken(connection: AsyncConnection, number: str) -> bool:
    """Whether a volunteer, a social worker or an account has this mobile number."""
    for table in (VOLUNTEERS, SOCIAL_WORKERS, ACCOUNTS):
        found = await connection.execute(select(table.c.id).where(table.c.phone == number).limit(1))
        if found.first() is not None:
            return True
    return False
