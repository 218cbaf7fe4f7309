"""Published events (服务发布): competitions, campaigns, activities, trainings."""

from __future__ import annotations

from datetime import datetime, timedelta

from datasources.seed import vocabulary as words
from datasources.seed.context import NOW, Context, Row
from datasources.seed.resources import short_name

KIND_WEIGHTS = {"ACTIVITY": 45, "TRAINING": 25, "CAMPAIGN": 18, "COMPETITION": 12}
STATUS_WEIGHTS = {"FINISHED": 45, "PUBLISHED": 35, "CANCELLED": 12, "DRAFT": 8}
TITLES = {
    "COMPETITION": ("妇女儿童公益服务项目大赛", "社区妇女之家创新项目大赛", "巾帼公益创投大赛"),
    "CAMPAIGN": ("“最美家庭”寻访活动", "家庭教育宣传周主题活动", "反家暴宣传月活动",
                 "“三八”国际妇女节系列活动", "“巾帼心向党 奋进新征程”主题宣传活动"),
    "ACTIVITY": ("亲子阅读分享会", "女性健康义诊", "非遗手工体验课", "社区邻里节",
                 "母亲节感恩活动", "垃圾分类亲子行"),
    "TRAINING": ("妇女之家骨干培训班", "社区反家暴工作培训", "家庭教育指导师培训",
                 "公益项目申报实务培训", "志愿者服务技能培训"),
}  # fmt: skip
# Titles that belong to a month of the year (三八 is 8 March, Mother's Day in May): an event
# that starts in another month gets another title.
SEASONAL = {"“三八”国际妇女节系列活动": 3, "母亲节感恩活动": 5}
# How long each kind of event lasts, in hours (least, most).
DURATION_HOURS = {
    "COMPETITION": (720, 2160),
    "CAMPAIGN": (168, 720),
    "ACTIVITY": (2, 6),
    "TRAINING": (3, 72),
}


def build_events(ctx: Context) -> None:
    organizations = [("ORGANIZATION", o) for o in ctx.rows["organizations"] if o["status"] == "ACTIVE"]
    homes = [("HOME", h) for h in ctx.rows["homes"]]
    pools = _registrant_pools(ctx)
    kinds = ctx.covering(KIND_WEIGHTS, ctx.scale.events)
    statuses = _open_one_of_each(kinds, ctx.covering(STATUS_WEIGHTS, ctx.scale.events))
    for kind, status in zip(kinds, statuses, strict=True):
        # Competitions and campaigns are run by organizations; homes hold local activities.
        local = kind in ("ACTIVITY", "TRAINING") or not organizations
        organizer_kind, organizer = ctx.rng.choice(organizations + homes if local else organizations)
        event = _add_event(ctx, kind, status, organizer_kind, organizer)
        _register(ctx, event, pools["COMPETITION" if kind == "COMPETITION" else "OTHER"])


def _open_one_of_each(kinds: list[str], statuses: list[str]) -> list[str]:
    """The statuses, swapped so that each kind's first event is no draft (every kind of
    event has people registered, even at the smallest scale)."""
    statuses = list(statuses)
    first = {kind: kinds.index(kind) for kind in set(kinds)}
    for i in sorted(first.values()):
        if statuses[i] == "DRAFT":
            j = next((j for j, s in enumerate(statuses) if s != "DRAFT" and j not in first.values()), None)
            if j is not None:
                statuses[i], statuses[j] = statuses[j], statuses[i]
    return statuses


def _registrant_pools(ctx: Context) -> dict[str, list[tuple[str, int]]]:
    """Competitions take homes and organizations; the rest mostly volunteers."""
    homes = [("HOME", h["id"]) for h in ctx.rows["homes"]]
    organizations = [("ORGANIZATION", o["id"]) for o in ctx.rows["organizations"] if o["status"] == "ACTIVE"]
    volunteers = [("VOLUNTEER", v["id"]) for v in ctx.rows["volunteers"]]
    workers = [("SOCIAL_WORKER", w["id"]) for w in ctx.rows["social_workers"]]
    return {"COMPETITION": homes + organizations, "OTHER": volunteers + workers + homes}


def _starts(ctx: Context, status: str) -> datetime:
    if status == "FINISHED":
        return ctx.days_ago(300, 100)
    if status == "CANCELLED" and ctx.rng.random() < 0.5:
        return ctx.days_ago(200, 10)
    return NOW + timedelta(days=ctx.rng.randint(5, 60))


def _add_event(ctx: Context, kind: str, status: str, organizer_kind: str, organizer: Row) -> Row:
    rng = ctx.rng
    starts = _starts(ctx, status).replace(minute=0, second=0)
    created = min(starts - timedelta(days=rng.randint(14, 60)), ctx.days_ago(3, 1))
    district = ctx.rows["districts"][organizer["district_id"] - 1]
    title = rng.choice(TITLES[kind])
    if SEASONAL.get(title, starts.month) != starts.month:  # out of season: the kind's first title
        title = next(t for t in TITLES[kind] if t not in SEASONAL)
    if kind == "COMPETITION":
        title = f"{starts.year}年{district['name']}{title}"
    elif kind != "CAMPAIGN":
        title = f"{short_name(organizer)}{title}"
    capacity = None if kind == "CAMPAIGN" and rng.random() < 0.5 else rng.randint(2, 12) * 10
    skills = rng.sample(words.SKILLS, rng.randint(1, 3)) if kind in ("ACTIVITY", "CAMPAIGN") else []
    return ctx.add(
        "events",
        ref=None,
        title=title,
        description=f"由{organizer['name']}主办。欢迎辖区妇女、家庭和志愿者踊跃参加。",
        kind=kind,
        status=status,
        organizer_kind=organizer_kind,
        organizer_id=organizer["id"],
        district_id=district["id"],
        address=organizer["address"],
        lat=organizer["lat"],
        lon=organizer["lon"],
        starts_at=starts,
        ends_at=starts + timedelta(hours=rng.randint(*DURATION_HOURS[kind])),
        registration_deadline=starts - timedelta(days=rng.randint(1, 7)),
        capacity=capacity,
        registered_count=0,
        skills=sorted(skills, key=words.SKILLS.index),
        created_at=created,
    )


def _register(ctx: Context, event: Row, pool: list[tuple[str, int]]) -> None:
    if event["status"] == "DRAFT":
        return
    rng = ctx.rng
    close = min(event["registration_deadline"], NOW)
    if close <= event["created_at"]:
        return
    room = event["capacity"] or rng.randint(30, 150)
    share = {"FINISHED": (0.6, 1.0), "PUBLISHED": (0.2, 0.9), "CANCELLED": (0.0, 0.5)}
    wanted = min(len(pool), int(room * rng.uniform(*share[event["status"]])))
    for kind, participant_id in rng.sample(pool, wanted):
        ctx.add(
            "event_registrations",
            event_id=event["id"],
            participant_kind=kind,
            participant_id=participant_id,
            created_at=ctx.after(event["created_at"], 60, limit=close),
        )
    event["registered_count"] = wanted
