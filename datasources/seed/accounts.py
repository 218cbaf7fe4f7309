"""Demo sign-ins: one account per role, with a documented password (README, "Demo accounts").

They are extra accounts (the generated people keep theirs, without passwords), acting for
participants picked so that each demo shows something: the home with the most appeals and
engagements among those with an open demand (so it gets suggestions), the organization and
(verified) social worker with the most accepted engagements, the volunteer with the most
accepted applications (so their counterparties' contact details are visible to them).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import cache

from argon2 import PasswordHasher

from datasources.seed.context import NOW, Row

DEMO_PASSWORD = "yiwuxian-demo"
# A fixed salt keeps the seed reproducible; acceptable for publicly documented demo passwords only.
DEMO_SALT = b"yiwuxian-demo-01"

# username, display name, role, participant kind (None: federation staff)
DEMO_ACCOUNTS = (
    ("demo_admin", "演示管理员", "ADMIN", None),
    ("demo_supervisor", "演示督导", "SUPERVISOR", None),
    ("demo_home", "演示妇女之家主任", "HOME_MANAGER", "HOME"),
    ("demo_org", "演示机构成员", "ORG_MEMBER", "ORGANIZATION"),
    ("demo_social_worker", "演示社工", "SOCIAL_WORKER", "SOCIAL_WORKER"),
    ("demo_volunteer", "演示志愿者", "VOLUNTEER", "VOLUNTEER"),
)
TABLES = {
    "HOME": "homes",
    "ORGANIZATION": "organizations",
    "SOCIAL_WORKER": "social_workers",
    "VOLUNTEER": "volunteers",
}


@cache
def demo_password_hash() -> str:
    return PasswordHasher().hash(DEMO_PASSWORD, salt=DEMO_SALT)


def add_demo_accounts(rows: dict[str, list[Row]]) -> None:
    """Append the demo accounts to a built dataset (before it is written)."""
    accounts = rows["accounts"]
    busy = _active_parties(rows)
    busy.update(("HOME", appeal["home_id"]) for appeal in rows["appeals"])
    required = _required(rows)
    for username, display_name, role, kind in DEMO_ACCOUNTS:
        participant_id = _busiest(rows, kind, busy, required.get(kind)) if kind else None
        accounts.append(
            {
                "id": len(accounts) + 1,
                "username": username,
                "password_hash": demo_password_hash(),
                "display_name": display_name,
                "roles": [role],
                "participant_kind": kind if participant_id else None,
                "participant_id": participant_id,
                "phone": None,
                "email": f"{username}@demo.yiwuxian.example",
                "is_active": True,
                "created_at": NOW,
                "consent_version": None,
                "consented_at": None,
            }
        )


def _active_parties(rows: dict[str, list[Row]]) -> Counter[tuple[str, int]]:
    """How many accepted engagements and applications each participant is a party to."""
    demands = {d["id"]: d for d in rows["demands"]}
    resources = {r["id"]: r for r in rows["resources"]}
    counts: Counter[tuple[str, int]] = Counter()
    for engagement in _accepted(rows["engagements"]):
        demand, resource = demands[engagement["demand_id"]], resources[engagement["resource_id"]]
        counts[(demand["requester_kind"], demand["requester_id"])] += 1
        counts[(resource["provider_kind"], resource["provider_id"])] += 1
    for application in _accepted(rows["volunteer_applications"]):
        resource = resources[application["resource_id"]]
        counts[("VOLUNTEER", application["volunteer_id"])] += 1
        counts[(resource["provider_kind"], resource["provider_id"])] += 1
    return counts


def _required(rows: dict[str, list[Row]]) -> dict[str, set[int]]:
    """What a demo participant of each kind must have: a home an open demand, a volunteer an
    accepted application."""
    return {
        "HOME": {
            d["requester_id"]
            for d in rows["demands"]
            if d["requester_kind"] == "HOME" and d["status"] == "OPEN"
        },
        "VOLUNTEER": {a["volunteer_id"] for a in _accepted(rows["volunteer_applications"])},
    }


def _accepted(items: Iterable[Row]) -> list[Row]:
    return [item for item in items if item["status"] == "ACCEPTED"]


def _busiest(
    rows: dict[str, list[Row]], kind: str, busy: Counter[tuple[str, int]], among: set[int] | None
) -> int | None:
    """The participant of `kind` with the most going on (lowest id on ties); admitted (verified)
    ones only, and only `among` these ids when given."""
    candidates = [
        row
        for row in rows[TABLES[kind]]
        if row.get("status", "ACTIVE") == "ACTIVE"
        and row.get("verification_status", "VERIFIED") == "VERIFIED"
        and (among is None or row["id"] in among)
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda row: (busy[(kind, row["id"])], -row["id"]))["id"]
