"""The 24-hour appeal channel (网上妇女之家): what an appeal may hold, and its tracking code."""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from domain.enums import ResourceCategory, TargetGroup, Urgency
from domain.problems import UserErrorCode
from domain.workflows.checks import MAX_PHONE, PHONE, Checks

MAX_TOPIC_LENGTH = 100
MAX_CONTENT_LENGTH = 2000
MAX_CONTACT_NAME_LENGTH = 60
MAX_REPLY_LENGTH = 2000
MAX_CLOSE_REASON_LENGTH = 500

# Tracking codes: "YW" and 10 characters read over the phone without confusion (no 0/O,
# 1/I/L); 31**10 ≈ 8e14 codes, drawn by `secrets`, so nobody guesses another's appeal.
TRACKING_PREFIX = "YW"
TRACKING_CHARSET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TRACKING_LENGTH = 10


@dataclass(frozen=True)
class AppealInput:
    home_id: int | None  # addressed to one home,
    district_id: int | None  # or to a district (routed to one of its homes)
    topic: str
    content: str
    contact_name: str | None
    contact_phone: str | None


def check_appeal(appeal: AppealInput) -> None:
    """Exactly one addressee; a topic and content of limited size; a plausible phone number."""
    checks = Checks()
    if appeal.home_id is None and appeal.district_id is None:
        checks.add(UserErrorCode.INVALID, "no_addressee", "homeId")
    elif appeal.home_id is not None and appeal.district_id is not None:
        checks.add(UserErrorCode.INVALID, "one_addressee", "homeId")
    checks.text("topic", appeal.topic, max_length=MAX_TOPIC_LENGTH)
    checks.text("content", appeal.content, max_length=MAX_CONTENT_LENGTH)
    checks.text("contactName", appeal.contact_name, required=False, max_length=MAX_CONTACT_NAME_LENGTH)
    checks.matches("contactPhone", appeal.contact_phone, PHONE, max_length=MAX_PHONE)
    checks.done()


def check_reply(body: str) -> None:
    checks = Checks()
    checks.text("body", body, max_length=MAX_REPLY_LENGTH)
    checks.done()


def check_close_reason(reason: str | None) -> None:
    checks = Checks()
    checks.text("reason", reason, required=False, max_length=MAX_CLOSE_REASON_LENGTH)
    checks.done()


MAX_DEMAND_TITLE_LENGTH = 200
MAX_DEMAND_DESCRIPTION_LENGTH = 4000
MAX_QUANTITY = 100_000
MAX_UNIT_LENGTH = 20


@dataclass(frozen=True)
class DemandFromAppeal:
    """The demand a home makes of an appeal (its own, public words)."""

    title: str
    category: ResourceCategory
    description: str
    urgency: Urgency
    target_group: TargetGroup
    quantity: int
    unit: str
    beneficiary_count: int
    needed_by: datetime | None

    def values(self) -> dict[str, Any]:
        """Its columns, texts trimmed."""
        values = asdict(self)
        for name in ("title", "description", "unit"):
            values[name] = values[name].strip()
        return values


def check_demand(demand: DemandFromAppeal, now: datetime) -> None:
    checks = Checks()
    checks.text("title", demand.title, max_length=MAX_DEMAND_TITLE_LENGTH)
    checks.text("description", demand.description, required=False, max_length=MAX_DEMAND_DESCRIPTION_LENGTH)
    checks.text("unit", demand.unit, max_length=MAX_UNIT_LENGTH)
    checks.number("quantity", demand.quantity, low=1, high=MAX_QUANTITY)
    checks.number("beneficiaryCount", demand.beneficiary_count, low=1, high=MAX_QUANTITY)
    needed_by = demand.needed_by
    if needed_by is not None and (needed_by.tzinfo is None or needed_by <= now):
        checks.add(UserErrorCode.INVALID, "in_the_past", "neededBy")
    checks.done()


def new_tracking_code() -> str:
    return TRACKING_PREFIX + "".join(secrets.choice(TRACKING_CHARSET) for _ in range(TRACKING_LENGTH))
