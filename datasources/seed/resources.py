"""Resources (the seven categories) offered by homes, organizations, social workers, volunteers."""

from __future__ import annotations

from datetime import datetime, timedelta

from datasources.seed import vocabulary as words
from datasources.seed.context import NOW, Context, Row
from datasources.seed.services import BY_CATEGORY, OFFERS_BY_PROVIDER, TARGET_NAMES, Service

CATEGORY_WEIGHTS = {
    "PROFESSIONAL_SERVICE": 22,
    "VOLUNTEER_POSITION": 18,
    "MATERIAL": 16,
    "VENUE": 14,
    "PROJECT": 12,
    "PLANNING": 9,
    "FUNDING": 9,
}
STATUS_WEIGHTS = {"PUBLISHED": 74, "DRAFT": 6, "WITHDRAWN": 8, "EXPIRED": 12}
# How often each kind of provider publishes, relative to the others.
POOL_WEIGHTS = {
    "SOCIAL_ORGANIZATION": 40,
    "HOME": 20,
    "SOCIAL_WORKER": 10,
    "SOCIAL_WORK_AGENCY": 8,
    "VOLUNTEER": 6,
    "ENTERPRISE": 6,
    "PUBLIC_INSTITUTION": 5,
    "OTHER": 4,
}
FACILITIES = ("投影仪", "音响", "空调", "无障碍通道", "饮水机", "白板", "储物柜")
FORMATS = ("线下", "线上", "线上线下结合")


def provider_pools(ctx: Context) -> dict[str, list[tuple[str, Row]]]:
    """Who can publish, by pool. Pending and rejected organizations publish nothing."""
    pools: dict[str, list[tuple[str, Row]]] = {pool: [] for pool in POOL_WEIGHTS}
    for (kind, _), row in ctx.participants.items():
        if kind == "ORGANIZATION":
            if row["status"] in ("ACTIVE", "SUSPENDED", "EXITED"):
                pools[row["kind"]].append((kind, row))
        else:
            pools[kind].append((kind, row))
    return pools


def build_resources(ctx: Context) -> None:
    pools = provider_pools(ctx)
    categories = ctx.covering(CATEGORY_WEIGHTS, ctx.scale.resources)
    statuses = ctx.covering(STATUS_WEIGHTS, ctx.scale.resources)
    for category, status in zip(categories, statuses, strict=True):
        eligible = [p for p in POOL_WEIGHTS if pools[p] and category in OFFERS_BY_PROVIDER[p]]
        pool = ctx.rng.choices(eligible, [POOL_WEIGHTS[p] for p in eligible])[0]
        kind, provider = ctx.rng.choice(pools[pool])
        if provider.get("status") in ("SUSPENDED", "EXITED"):
            # An exit withdraws what is left; a suspension keeps it published, not offered. (Drawn
            # for both, so the demo data downstream stays what it was before suspensions kept theirs.)
            ended = ctx.rng.choice(("WITHDRAWN", "EXPIRED"))
            status = ended if provider["status"] == "EXITED" else status
        service = ctx.rng.choice(BY_CATEGORY[category])
        _add_resource(ctx, kind, provider, service, status)


def provider_place(ctx: Context, provider: Row) -> tuple[str | None, float, float]:
    """Where a participant publishes from: a home's or organization's public address, or
    for people somewhere in their district (a volunteer's own location is personal data)."""
    if provider.get("address"):
        return provider["address"], provider["lat"], provider["lon"]
    district = ctx.rows["districts"][provider["district_id"] - 1]
    return None, *ctx.near(district["lat"], district["lon"], 5.0)


def short_name(provider: Row) -> str:
    """A participant's name without the city and district it repeats."""
    name = provider["name"]
    if "community" in provider:
        return provider["community"] + "妇女之家"
    if "qualification_level" in provider:
        return name + "老师"
    if "skills" in provider:
        return "志愿者" + name
    return name.removeprefix("北京市").removeprefix("北京")


def _add_resource(ctx: Context, kind: str, provider: Row, service: Service, status: str) -> None:
    rng = ctx.rng
    created, available_from, available_until = _window(ctx, status)
    address, lat, lon = provider_place(ctx, provider)
    district = ctx.rows["districts"][provider["district_id"] - 1]
    targets = [t for t in service.targets if rng.random() < 0.7] or [service.targets[0]]
    resource = ctx.add(
        "resources",
        ref=None,
        title=_title(ctx, provider, service, district, created),
        description=_description(provider, service, targets),
        category=service.category,
        status=status,
        provider_kind=kind,
        provider_id=provider["id"],
        district_id=district["id"],
        address=address,
        lat=lat,
        lon=lon,
        service_radius_km=None if service.category == "FUNDING" else float(rng.randint(3, 30)),
        quantity=rng.randint(*service.offer),
        quantity_committed=0,
        unit=service.unit,
        # Funding: the amount of each grant (unit), ¥30k–¥155k.
        amount_fen=rng.randint(30, 155) * 1000 * 100 if service.category == "FUNDING" else None,
        target_groups=targets,
        tags=list(service.tags),
        details=_details(ctx, service),
        available_from=available_from,
        available_until=available_until,
        version=1,
        created_at=created,
        updated_at=created if status != "WITHDRAWN" else ctx.after(created, 90),
    )
    _add_service_districts(ctx, resource)


def _description(provider: Row, service: Service, targets: list[str]) -> str:
    served = "、".join(TARGET_NAMES[t] for t in targets)
    if service.category == "VOLUNTEER_POSITION":
        return f"{provider['name']}招募{service.name}，服务{served}。{service.blurb}"
    return f"{provider['name']}面向{served}提供{service.name}。{service.blurb}"


def _window(ctx: Context, status: str) -> tuple[datetime, datetime, datetime]:
    """When a resource was created and the time window it is available in."""
    rng = ctx.rng
    if status == "DRAFT":
        created = ctx.days_ago(20, 1)
        start = created + timedelta(days=rng.randint(15, 40))
        return created, start, start + timedelta(days=rng.randint(60, 300))
    if status == "EXPIRED":
        created = ctx.days_ago(420, 200)
        start = created + timedelta(days=rng.randint(0, 14))
        return created, start, ctx.after(start + timedelta(days=60), 120, limit=NOW - timedelta(1))
    created = ctx.days_ago(330, 2)
    start = created + timedelta(days=rng.randint(0, 14))
    until = max(start + timedelta(days=rng.randint(90, 400)), NOW + timedelta(days=rng.randint(20, 200)))
    return created, start, until


def _title(ctx: Context, provider: Row, service: Service, district: Row, created: datetime) -> str:
    choice = ctx.rng.random()
    if choice < 0.6:
        return f"{short_name(provider)}·{service.name}"
    if choice < 0.8:
        return f"{created.year}年度{service.name}"
    return f"{service.name}（{district['name']}）"


def _details(ctx: Context, service: Service) -> dict[str, object]:
    rng = ctx.rng
    category = service.category
    if category == "FUNDING":
        return {"disbursement": rng.choice(("一次性拨付", "分两期拨付", "按项目进度拨付"))}
    if category == "VENUE":
        facilities = rng.sample(FACILITIES, rng.randint(2, 4))
        return {"capacity": rng.randint(2, 8) * 10, "facilities": sorted(facilities, key=FACILITIES.index)}
    if category == "MATERIAL":
        return {"items": [service.name], "delivery": rng.choice(("送货上门", "到点自提"))}
    if category == "VOLUNTEER_POSITION":
        shifts = rng.sample(words.AVAILABILITY, rng.randint(1, 2))
        return {"skills": list(service.skills), "shifts": sorted(shifts, key=words.AVAILABILITY.index)}
    if category == "PROJECT":
        return {"durationMonths": rng.choice((3, 6, 6, 12))}
    return {"format": rng.choice(FORMATS), "skills": list(service.skills)}


def _add_service_districts(ctx: Context, resource: Row) -> None:
    """A quarter of the resources that can travel also serve other districts."""
    if resource["category"] == "VENUE" or ctx.rng.random() >= 0.25:
        return
    others = [d["id"] for d in ctx.rows["districts"] if d["id"] != resource["district_id"]]
    for district_id in sorted(ctx.rng.sample(others, ctx.rng.randint(1, 3))):
        ctx.add("resource_service_districts", resource_id=resource["id"], district_id=district_id)
