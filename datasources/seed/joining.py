"""What the joining paths leave behind (docs/accounts.md): consent recorded by volunteers who
signed up, a social worker who registered herself and awaits verification, open invitations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from datasources.seed import vocabulary as words
from datasources.seed.context import NOW, Context, Row
from datasources.seed.participants import add_account, random_district
from domain.one_time_codes import LETTERS, code_hash, new_code
from domain.workflows.invitations import CODE_ATTEMPTS, CODE_LENGTH, shown_code
from domain.workflows.joining import PRIVACY_POLICY_VERSION

# Volunteers who joined in this many days before NOW did so by signing up (consent recorded).
SIGNED_UP_WITHIN = timedelta(days=120)
# Seeded invitations stay open this long after the seed's clock, so a demo finds them open.
INVITATION_DAYS = 365


def build_joining(ctx: Context) -> None:
    _consent(ctx)
    _pending_social_worker(ctx)
    _invitations(ctx)


def _consent(ctx: Context) -> None:
    volunteers = {v["id"]: v for v in ctx.rows["volunteers"]}
    for account in ctx.rows["accounts"]:
        volunteer = (
            volunteers.get(account["participant_id"]) if account["participant_kind"] == "VOLUNTEER" else None
        )
        if volunteer and volunteer["created_at"] >= NOW - SIGNED_UP_WITHIN:
            account["consent_version"] = PRIVACY_POLICY_VERSION
            account["consented_at"] = volunteer["created_at"]


def _pending_social_worker(ctx: Context) -> None:
    """Self-registered, so PENDING until staff verify her certificate: offered nowhere yet."""
    district = random_district(ctx)
    person = ctx.person(female=True)
    created = ctx.days_ago(3, 1)
    worker = ctx.add_participant(
        "SOCIAL_WORKER",
        "social_workers",
        ref=None,
        name=person.name,
        district_id=district["id"],
        created_at=created,
        agency_id=None,
        qualification_level="ASSISTANT",
        specialties=[ctx.rng.choice(words.SPECIALTIES)],
        years_of_experience=1,
        bio="刚取得助理社会工作师证书，希望参与社区妇女儿童服务。",
        phone=person.phone,
        email=person.email,
        verification_status="PENDING",
        certificate_number=f"ZS{ctx.rng.randrange(10**9, 10**10)}",
    )
    account = add_account(ctx, "sw", "SOCIAL_WORKER", "SOCIAL_WORKER", worker, person)
    account["consent_version"] = PRIVACY_POLICY_VERSION
    account["consented_at"] = created


def _invitations(ctx: Context) -> None:
    """A home's manager invited to claim an imported home, and a supervisor invited by the admin."""
    admin = next(a for a in ctx.rows["accounts"] if a["roles"] == ["ADMIN"])
    claimed = {a["participant_id"] for a in ctx.rows["accounts"] if a["participant_kind"] == "HOME"}
    unclaimed = [h for h in ctx.rows["homes"] if h["id"] not in claimed] or ctx.rows["homes"]
    home = unclaimed[0]
    created = ctx.days_ago(5, 1)
    expires = NOW + timedelta(days=INVITATION_DAYS)
    for role, kind, participant_id, name in (
        ("HOME_MANAGER", "HOME", home["id"], ctx.person(female=True).name),
        ("SUPERVISOR", None, None, ctx.person(female=True).name),
    ):
        ctx.add(
            "invitations",
            role=role,
            participant_kind=kind,
            participant_id=participant_id,
            display_name=name,
            sent_to=None,
            inviter_account_id=admin["id"],
            status="OPEN",
            expires_at=expires,
            account_id=None,
            accepted_at=None,
            version=1,
            created_at=created,
        )


@dataclass(frozen=True)
class SeededInvitation:
    """An open invitation of the seed and its code, in clear this once (only its hash is stored)."""

    invitation_id: int
    role: str
    display_name: str
    code: str


def invitation_codes(rows: dict[str, list[Row]]) -> list[SeededInvitation]:
    """A code for each seeded open invitation, as `createInvitation` issues them (purpose
    "invitation", subject its id, its expiry and attempt budget), so the demo can accept them.
    Drawn from the secure random source, not the seed's: a demo database's codes are its own
    (the rest of the dataset stays reproducible)."""
    seeded = []
    for invitation in rows["invitations"]:
        if invitation["status"] != "OPEN":
            continue
        secret, subject = new_code(CODE_LENGTH, LETTERS), str(invitation["id"])
        rows["one_time_codes"].append(
            {
                "id": len(rows["one_time_codes"]) + 1,
                "purpose": "invitation",
                "subject": subject,
                "code_hash": code_hash("invitation", subject, secret),
                "attempts_left": CODE_ATTEMPTS,
                "expires_at": invitation["expires_at"],
                "consumed_at": None,
                "created_at": invitation["created_at"],
            }
        )
        code = shown_code(invitation["id"], secret)
        seeded.append(
            SeededInvitation(invitation["id"], invitation["role"], invitation["display_name"], code)
        )
    return seeded
