"""Complaints about participants (投诉, 外部监管) and what the district supervisors did about them.

Every status appears, with warnings and notes; the organizations suspended "after complaints" in
their admission history got there through a complaint whose SUSPEND action is that step.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from datasources.seed import codes
from datasources.seed.context import Context, Row

STATUS_WEIGHTS = {"OPEN": 30, "IN_REVIEW": 30, "CLOSED": 40}
OUTCOME_WEIGHTS = {"UPHELD": 35, "DISMISSED": 35, "RESOLVED": 30}
SUBJECT_KINDS = ("HOME", "ORGANIZATION", "SOCIAL_WORKER", "VOLUNTEER")
LISTED = ("ACTIVE", "SUSPENDED", "EXITED")  # organizations the public can see
# category, what the complainant wrote
COMPLAINTS = (
    ("SERVICE_QUALITY", "约好的上门服务一直没有人来，打电话也没人接，耽误了孩子的课程。"),
    ("SERVICE_QUALITY", "培训内容和宣传的不一样，讲师照本宣科，大家都觉得没有收获。"),
    ("MISCONDUCT", "活动工作人员态度很差，对参加活动的老人大声呵斥。"),
    ("FRAUD", "说是免费的物资，领取时却要求先交押金，后来一直没有退。"),
    ("SAFETY", "活动场地的消防通道被杂物堵住，孩子们在里面活动很不安全。"),
    ("PRIVACY", "报名时留的电话被转给了推销的商家，天天接到骚扰电话。"),
    ("OTHER", "志愿者服务时长记录和实际不符，希望核实。"),
)
NOTES = (
    "已电话联系投诉人核实情况。",
    "已约谈被投诉方负责人，要求说明情况。",
    "已调取活动记录，正在核查。",
)
WARNINGS = (
    "经核实服务未按约定提供，予以警告，限期整改。",
    "工作人员行为不当，予以警告并要求加强培训。",
)
OUTCOME_NOTES = {
    "UPHELD": "经核查投诉属实，已对被投诉方作出处理并督促整改，感谢您的监督。",
    "DISMISSED": "经核查未发现投诉所述问题，如有新的情况请再次反映。",
    "RESOLVED": "经协调，双方已就投诉事项达成一致，问题已解决。",
}
SUSPENDED_AFTER_COMPLAINTS = "收到多起服务投诉，暂停整改"


def build_complaints(ctx: Context) -> None:
    tracking_codes: set[str] = set()
    subjects = _subjects(ctx)
    for n, status in enumerate(ctx.covering(STATUS_WEIGHTS, ctx.scale.complaints)):
        subject = subjects[ctx.rng.randrange(len(subjects))]
        # The first complaints go through every kind once, so each category is present.
        written = COMPLAINTS[n] if n < len(COMPLAINTS) else ctx.rng.choice(COMPLAINTS)
        complaint = _add_complaint(ctx, subject, written, _code(ctx, tracking_codes), ctx.days_ago(200, 1))
        at = complaint["created_at"]
        if status == "OPEN":
            continue
        # An IN_REVIEW complaint was acted on; a CLOSED one may have been closed straight away.
        for _ in range(ctx.rng.choice((1, 1, 2) if status == "IN_REVIEW" else (0, 1, 2))):
            warn = ctx.rng.random() < 0.4
            action, reason = ("WARN", ctx.rng.choice(WARNINGS)) if warn else ("NOTE", ctx.rng.choice(NOTES))
            at = _act(ctx, complaint, action, reason, ctx.after(at, 10))
        if status == "CLOSED":
            [outcome] = ctx.rng.choices(list(OUTCOME_WEIGHTS), list(OUTCOME_WEIGHTS.values()))
            _close(ctx, complaint, outcome, at)
    for change in _suspensions_after_complaints(ctx):
        org = ctx.participants[("ORGANIZATION", change["organization_id"])]
        filed = change["created_at"] - timedelta(days=ctx.rng.randint(3, 20))
        code = _code(ctx, tracking_codes)
        written = COMPLAINTS[ctx.rng.randrange(2)]  # the service-quality ones led to the suspension
        complaint = _add_complaint(ctx, ("ORGANIZATION", org), written, code, max(filed, org["created_at"]))
        at = _act(
            ctx, complaint, "SUSPEND", change["reason"], change["created_at"], change["actor_account_id"]
        )
        _close(ctx, complaint, "UPHELD", at)


def _subjects(ctx: Context) -> list[tuple[str, Row]]:
    """Participants the public can see (and so complain about), in a fixed order."""
    return [
        (kind, row)
        for (kind, _pk), row in ctx.participants.items()
        if kind in SUBJECT_KINDS and (kind != "ORGANIZATION" or row["status"] in LISTED)
    ]


def _suspensions_after_complaints(ctx: Context) -> list[Row]:
    """The suspension steps of admission histories that name complaints as their reason (at least one)."""
    steps = [
        change
        for change in ctx.rows["organization_status_changes"]
        if change["from_status"] == "ACTIVE" and change["to_status"] == "SUSPENDED"
    ]
    return [change for change in steps if change["reason"] == SUSPENDED_AFTER_COMPLAINTS] or steps[:1]


def _code(ctx: Context, taken: set[str]) -> str:
    code = codes.make_tracking_code(ctx.rng)
    while code in taken:
        code = codes.make_tracking_code(ctx.rng)
    taken.add(code)
    return code


def _add_complaint(
    ctx: Context, subject: tuple[str, Row], written: tuple[str, str], tracking_code: str, created: datetime
) -> Row:
    rng = ctx.rng
    kind, row = subject
    category, description = written
    person = ctx.person()
    anonymous = rng.random() < 0.3
    return ctx.add(
        "complaints",
        tracking_code=tracking_code,
        subject_kind=kind,
        subject_id=row["id"],
        category=category,
        description=description,
        contact_name=None if anonymous else person.name,
        contact_phone=None if anonymous else person.phone,
        contact_email=None if anonymous or rng.random() < 0.5 else person.email,
        complainant_account_id=None,
        status="OPEN",
        outcome=None,
        outcome_note=None,
        version=1,
        created_at=created,
        closed_at=None,
    )


def _act(
    ctx: Context, complaint: Row, action: str, reason: str, at: datetime, actor: int | None = None
) -> datetime:
    subject = ctx.participants[(complaint["subject_kind"], complaint["subject_id"])]
    ctx.add(
        "complaint_actions",
        complaint_id=complaint["id"],
        action=action,
        reason=reason,
        actor_account_id=actor or ctx.supervisors[subject["district_id"]],
        created_at=at,
    )
    complaint["status"] = "IN_REVIEW"
    complaint["version"] += 1
    return at


def _close(ctx: Context, complaint: Row, outcome: str, after: datetime) -> None:
    complaint.update(
        status="CLOSED",
        outcome=outcome,
        outcome_note=OUTCOME_NOTES[outcome],
        closed_at=ctx.after(after, 15),
        version=complaint["version"] + 1,
    )
