"""Pure rules of joining the platform (docs/accounts.md#joining): what a sign-up must hold, the
phone numbers codes go to, usernames, and the privacy policy a new member consents to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from domain.enums import QualificationLevel
from domain.identifiers import is_valid_id_number
from domain.matching.vocabulary import SKILLS, SLOTS
from domain.passwords import password_problems
from domain.problems import UserErrorCode
from domain.workflows.checks import EMAIL, MAX_EMAIL, Checks
from domain.workflows.offers import check_point

# The privacy policy a new member consents to (个人信息处理规则); a sign-up naming another
# version is refused, so nobody is recorded as consenting to a text she was not shown.
PRIVACY_POLICY_VERSION = "2026-12-01"
# Sign-up codes: six digits by SMS, valid this long, this many wrong guesses, one per minute.
SIGN_UP_CODE_PURPOSE = "sign_up"
SIGN_UP_CODE_TTL = timedelta(minutes=10)
SIGN_UP_CODE_ATTEMPTS = 5
SIGN_UP_CODE_RESEND = timedelta(seconds=60)

USERNAME = re.compile(r"[A-Za-z][A-Za-z0-9_.-]{2,59}")
# Names the platform keeps for itself: linked external identities, and staff-sounding ones.
RESERVED_USERNAME_PREFIXES = ("ext_", "admin", "root", "system", "yiwuxian")
MAX_DISPLAY_NAME = 100
MAX_REAL_NAME = 60
MAX_SKILLS = len(SKILLS)
MAX_SPECIALTIES = 10
MAX_SPECIALTY = 30
MAX_BIO = 2000
MAX_YEARS = 60
MAX_VERIFICATION_NOTE = 2000
CERTIFICATE_NUMBER = re.compile(r"[A-Za-z0-9-]{6,40}")
# Mainland mobile numbers (codes go by SMS): 11 digits from 13x to 19x, "+86" or "0086" allowed.
MOBILE = re.compile(r"1[3-9][0-9]{9}")


class VerificationStatus(StrEnum):
    """A social worker's standing: self-registered ones wait for staff to check the certificate."""

    PENDING = "PENDING"
    VERIFIED = "VERIFIED"
    REJECTED = "REJECTED"


class VerificationDecision(StrEnum):
    VERIFY = "VERIFY"
    REJECT = "REJECT"


def normalized_mobile(phone: str) -> str:
    """A mobile number as stored and as codes are keyed: digits only, no country prefix."""
    digits = re.sub(r"[\s-]", "", phone.strip())
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix) :]
    return digits


def check_mobile(checks: Checks, field: str, phone: str) -> str | None:
    """The normalized number, or a problem at `field` (None)."""
    if not phone.strip():
        checks.add(UserErrorCode.REQUIRED, "required", field)
        return None
    number = normalized_mobile(phone)
    if not MOBILE.fullmatch(number):
        checks.add(UserErrorCode.INVALID, "mobile_invalid", field)
        return None
    return number


@dataclass(frozen=True)
class Credentials:
    """A new embedded account's username and password (absent for an external identity)."""

    username: str | None
    password: str | None


@dataclass(frozen=True)
class Person:
    """What every sign-up tells about the person: public name, real name, contact, consent."""

    display_name: str
    real_name: str
    phone: str
    district_id: str  # its global id
    email: str | None
    consent_version: str


@dataclass(frozen=True)
class VolunteerProfile:
    skills: list[str]
    availability: list[str]
    id_number: str | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class SocialWorkerProfile:
    qualification_level: QualificationLevel
    certificate_number: str
    specialties: list[str]
    years_of_experience: int
    bio: str | None


def check_credentials(checks: Checks, credentials: Credentials, *, external: bool) -> None:
    """An anonymous sign-up sets a username and a password; one signed in through an external
    identity provider has an account already and sets neither."""
    username, password = credentials.username, credentials.password
    if external:
        for field, value in (("username", username), ("password", password)):
            if value is not None:
                checks.add(UserErrorCode.INVALID, "not_for_external", field)
        return
    if username is None or not username.strip():
        checks.add(UserErrorCode.REQUIRED, "required", "username")
    elif not USERNAME.fullmatch(username.strip()) or username.strip().lower().startswith(
        RESERVED_USERNAME_PREFIXES
    ):
        checks.add(UserErrorCode.INVALID, "username_invalid", "username")
    checks.problems.extend(password_problems(password or "", username))


def check_person(checks: Checks, person: Person) -> None:
    checks.text("displayName", person.display_name, min_length=2, max_length=MAX_DISPLAY_NAME)
    checks.text("realName", person.real_name, min_length=2, max_length=MAX_REAL_NAME)
    checks.matches("email", person.email, EMAIL, max_length=MAX_EMAIL)
    if not person.consent_version.strip():
        checks.add(UserErrorCode.REQUIRED, "required", "privacyPolicyVersion")
    elif person.consent_version.strip() != PRIVACY_POLICY_VERSION:
        checks.add(
            UserErrorCode.INVALID, "policy_outdated", "privacyPolicyVersion", version=PRIVACY_POLICY_VERSION
        )


def check_volunteer(checks: Checks, profile: VolunteerProfile) -> None:
    _known(checks, "skills", profile.skills, SKILLS)
    _known(checks, "availability", profile.availability, SLOTS)
    id_number = (profile.id_number or "").strip()
    if id_number and not is_valid_id_number(id_number):
        checks.add(UserErrorCode.INVALID, "id_number_invalid", "idNumber")
    if (profile.lat is None) != (profile.lon is None):
        checks.add(UserErrorCode.INVALID, "invalid", "location")
    check_point(checks, "location", profile.lat, profile.lon)


def check_social_worker(checks: Checks, profile: SocialWorkerProfile) -> None:
    if not profile.certificate_number.strip():
        checks.add(UserErrorCode.REQUIRED, "required", "certificateNumber")
    elif not CERTIFICATE_NUMBER.fullmatch(profile.certificate_number.strip()):
        checks.add(UserErrorCode.INVALID, "invalid", "certificateNumber")
    checks.items("specialties", profile.specialties, max_items=MAX_SPECIALTIES)
    cleaned = [specialty.strip() for specialty in profile.specialties]
    if any(not item or len(item) > MAX_SPECIALTY for item in cleaned) or len(set(cleaned)) < len(cleaned):
        checks.add(UserErrorCode.INVALID, "invalid", "specialties")
    checks.number("yearsOfExperience", profile.years_of_experience, low=0, high=MAX_YEARS)
    checks.text("bio", profile.bio, required=False, max_length=MAX_BIO)


def _known(checks: Checks, field: str, values: list[str], vocabulary: tuple[str, ...]) -> None:
    if len(values) != len(set(values)):
        checks.add(UserErrorCode.INVALID, "invalid", field)
    unknown = [value for value in values if value not in vocabulary]
    if unknown:
        checks.add(UserErrorCode.INVALID, "unknown_words", field, words="、".join(unknown[:5]))
