"""Pure rules of admission and exit (准入和退出): what an application must hold, which decision
needs which reason, and how an exit is refused while commitments are open."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from domain.identifiers import CREDIT_CHARSET, credit_check_char
from domain.problems import Problem, Rejected, UserErrorCode
from domain.workflows.checks import EMAIL, MAX_EMAIL, MAX_PHONE, PHONE, Checks
from domain.workflows.offers import check_point

MAX_REASON = 2000
MAX_NAME = 200
MAX_ADDRESS = 300
MAX_DESCRIPTION = 4000
MAX_CONTACT_NAME = 60
MAX_WEBSITE = 300
WEBSITE = re.compile(r"https?://[^\s/]+\.[^\s]+")
# At most this many open commitments are named one by one when an exit is refused.
MAX_LISTED_COMMITMENTS = 50


class ReviewDecision(StrEnum):
    """An admin's decision on a PENDING organization: the action of the admission state table;
    a rejection must say why."""

    APPROVE = "approve"
    REJECT = "reject"


@dataclass(frozen=True)
class OrganizationApplication:
    """What an applicant tells the federation about her organization (入驻申请)."""

    name: str
    credit_code: str
    address: str
    lat: float
    lon: float
    description: str | None
    contact_name: str | None
    contact_phone: str | None
    contact_email: str | None
    website: str | None


def normalized_credit_code(code: str) -> str:
    """Credit codes are written in capitals; applicants often type them in lower case or padded."""
    return code.strip().upper()


def check_application(checks: Checks, application: OrganizationApplication) -> None:
    """Every problem of an application, into `checks`; the credit code by GB 32100-2015."""
    checks.text("name", application.name, min_length=2, max_length=MAX_NAME)
    check_credit_code(checks, normalized_credit_code(application.credit_code))
    checks.text("address", application.address, max_length=MAX_ADDRESS)
    checks.text("description", application.description, required=False, max_length=MAX_DESCRIPTION)
    check_point(checks, "location", application.lat, application.lon)
    checks.text("contactName", application.contact_name, required=False, max_length=MAX_CONTACT_NAME)
    checks.matches("contactPhone", application.contact_phone, PHONE, max_length=MAX_PHONE)
    checks.matches("contactEmail", application.contact_email, EMAIL, max_length=MAX_EMAIL)
    checks.matches("website", application.website, WEBSITE, max_length=MAX_WEBSITE)


def check_credit_code(checks: Checks, code: str) -> None:
    if not code:
        checks.add(UserErrorCode.REQUIRED, "required", "creditCode")
    elif len(code) != 18 or any(c not in CREDIT_CHARSET for c in code):
        checks.add(UserErrorCode.INVALID, "credit_code_format", "creditCode")
    elif credit_check_char(code[:17]) != code[17]:
        checks.add(UserErrorCode.INVALID, "credit_code_check", "creditCode")


def already_acting() -> Rejected:
    """An account acts for one participant: applying again is only for a REJECTED organization's
    member (who corrects her application)."""
    return Rejected(Problem(UserErrorCode.INVALID_STATE, "already_acting"))


def check_reason(reason: str | None, *, required: bool) -> str:
    """The reason, trimmed; REQUIRED when the action must be explained (rejection, suspension)."""
    checks = Checks()
    checks.text("reason", reason, required=required, max_length=MAX_REASON)
    checks.done()
    return (reason or "").strip()


@dataclass(frozen=True)
class Commitment:
    """Something an organization still owes someone: an engagement under way, a volunteer's
    application it has not settled, an event it has announced and not held."""

    kind: str  # "engagement", "application" or "event": the message key's suffix
    global_id: str
    status: str


def exit_refusal(
    commitments: list[Commitment], total: int, *, keys: str = "open", field: tuple[str, ...] = ("input", "id")
) -> Rejected:
    """INVALID_STATE, one error per open commitment (the first MAX_LISTED_COMMITMENTS), so the
    organization (or a person deleting her account: `keys` "erase_open") knows exactly what to
    settle or cancel before it may leave."""
    problems = [
        Problem(
            UserErrorCode.INVALID_STATE,
            f"{keys}_{commitment.kind}",
            field,
            {"id": commitment.global_id, "status": commitment.status},
        )
        for commitment in commitments[:MAX_LISTED_COMMITMENTS]
    ]
    if total > len(problems):
        problems.append(
            Problem(
                UserErrorCode.INVALID_STATE,
                "more_commitments",
                field,
                {"count": total - len(problems)},
            )
        )
    return Rejected(problems)
