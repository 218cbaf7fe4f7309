"""Demands published by homes and active organizations, some converted from appeals."""

from __future__ import annotations

from datetime import datetime, timedelta

from datasources.seed.context import Context, Row
from datasources.seed.resources import CATEGORY_WEIGHTS, provider_place, short_name
from datasources.seed.services import BY_CATEGORY, SERVICES, TARGET_NAMES, Service

# LIVE demands end OPEN, MATCHED or FULFILLED depending on their engagements.
LIFECYCLE_WEIGHTS = {"LIVE": 80, "DRAFT": 5, "CLOSED": 8, "CANCELLED": 7}
URGENCY_WEIGHTS = {"LOW": 20, "MEDIUM": 45, "HIGH": 25, "CRITICAL": 10}
SERVICES_BY_NAME = {service.name: service for service in SERVICES}


def build_demands(ctx: Context) -> None:
    homes = ctx.rows["homes"]
    organizations = [o for o in ctx.rows["organizations"] if o["status"] == "ACTIVE"]
    for appeal, service_name in ctx.converted:
        home = homes[appeal["home_id"] - 1]
        created = ctx.after(appeal["updated_at"], 2)
        _add_demand(ctx, "HOME", home, SERVICES_BY_NAME[service_name], "LIVE", created, appeal)
    count = max(0, ctx.scale.demands - len(ctx.converted))
    categories = ctx.covering(CATEGORY_WEIGHTS, count)
    lifecycles = ctx.covering(LIFECYCLE_WEIGHTS, count)
    for category, lifecycle in zip(categories, lifecycles, strict=True):
        if organizations and ctx.rng.random() < 0.18:
            kind, requester = "ORGANIZATION", ctx.rng.choice(organizations)
        else:
            kind, requester = "HOME", ctx.rng.choice(homes)
        service = ctx.rng.choice(BY_CATEGORY[category])
        created = ctx.days_ago(20, 1) if lifecycle == "DRAFT" else ctx.days_ago(330, 1)
        _add_demand(ctx, kind, requester, service, lifecycle, created)


def _add_demand(
    ctx: Context,
    kind: str,
    requester: Row,
    service: Service,
    lifecycle: str,
    created: datetime,
    appeal: Row | None = None,
) -> None:
    rng = ctx.rng
    target = rng.choice(service.targets)
    quantity = rng.randint(*service.need)
    beneficiaries = rng.randint(1, 3) if appeal else rng.randint(5, 200)
    _, lat, lon = provider_place(ctx, requester)
    ctx.add(
        "demands",
        ref=None,
        title=_title(ctx, requester, service, appeal),
        description=_description(requester, service, target, beneficiaries, quantity, appeal),
        category=service.category,
        status="OPEN" if lifecycle == "LIVE" else lifecycle,  # LIVE settles after engagements
        requester_kind=kind,
        requester_id=requester["id"],
        district_id=requester["district_id"],
        subdistrict=requester.get("subdistrict"),
        lat=lat,
        lon=lon,
        urgency=ctx.pick(URGENCY_WEIGHTS),
        target_group=target,
        beneficiary_count=beneficiaries,
        quantity=quantity,
        quantity_matched=0,
        quantity_fulfilled=0,
        unit=service.unit,
        amount_fen=rng.randint(30, 155) * 1000 * 100 if service.category == "FUNDING" else None,
        tags=list(service.tags),
        needed_by=created + timedelta(days=rng.randint(14, 120)),
        appeal_id=appeal["id"] if appeal else None,
        version=1,
        created_at=created,
        updated_at=created,
    )


def _description(
    requester: Row, service: Service, target: str, beneficiaries: int, quantity: int, appeal: Row | None
) -> str:
    need = f"需要{service.name}{quantity}{service.unit}。"
    if appeal:
        return f"居民通过“网上妇女之家”反映：{appeal['content']}{need}"
    counted = "户" if target == "FAMILIES" else "人"
    return (
        f"{short_name(requester)}现有{TARGET_NAMES[target]}约{beneficiaries}{counted}，{need}{service.blurb}"
    )


def _title(ctx: Context, requester: Row, service: Service, appeal: Row | None) -> str:
    if appeal:
        return f"居民诉求转办：{appeal['topic']}（{service.name}）"
    choice = ctx.rng.random()
    if choice < 0.5:
        return f"{short_name(requester)}需要{service.name}"
    if choice < 0.8:
        return f"{short_name(requester)}{service.name}需求"
    return f"诚征{service.name}"
