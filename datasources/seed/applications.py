"""Volunteers applying to volunteer positions, and the hours they served."""

from __future__ import annotations

from datetime import datetime

from datasources.seed.context import Context, Row
from datasources.seed.engagements import close_of
from domain.workflows.accounting import resource_status

STATUS_WEIGHTS = {"COMPLETED": 45, "ACCEPTED": 15, "APPLIED": 15, "DECLINED": 12, "WITHDRAWN": 13}
# Which resource statuses an application in each status can belong to.
OPEN_TO = {
    "APPLIED": ("PUBLISHED",),
    "ACCEPTED": ("PUBLISHED", "EXHAUSTED"),
}
SETTLED_IN = ("PUBLISHED", "EXHAUSTED", "WITHDRAWN", "EXPIRED")
# These hold a place of the position (one unit of its quantity, as acceptance commits it).
PLACE_TAKEN = ("ACCEPTED", "COMPLETED")
MOTIVATIONS = (
    "希望利用业余时间为社区妇女儿童做点实事。",
    "我有相关专业背景，想把所学用在公益上。",
    "孩子上学后时间宽裕，想参加志愿服务。",
    "以前受到过社区的帮助，现在想回馈社会。",
)


def build_applications(ctx: Context) -> None:
    positions = [
        r for r in ctx.rows["resources"] if r["category"] == "VOLUNTEER_POSITION" and r["status"] != "DRAFT"
    ]
    volunteers = ctx.rows["volunteers"]
    if not positions or not volunteers:
        return
    taken: set[tuple[int, int]] = set()
    # A position with a proposal under way keeps a place for it (the seed's proposals are all
    # on resources still PUBLISHED).
    proposed = {e["resource_id"] for e in ctx.rows["engagements"] if e["status"] == "PROPOSED"}
    for status in ctx.covering(STATUS_WEIGHTS, ctx.scale.applications):
        allowed = OPEN_TO.get(status, SETTLED_IN)
        for _ in range(20):  # a few tries to find a fitting, unused pair
            resource, volunteer = ctx.rng.choice(positions), ctx.rng.choice(volunteers)
            start = max(resource["created_at"], volunteer["created_at"])
            pair = (volunteer["id"], resource["id"])
            places = resource["quantity"] - resource["quantity_committed"] - (resource["id"] in proposed)
            full = status in PLACE_TAKEN and places < 1
            if (
                resource["status"] in allowed
                and pair not in taken
                and start < close_of(resource)
                and not full
            ):
                taken.add(pair)
                _apply(ctx, volunteer, resource, status, start)
                break


def _apply(ctx: Context, volunteer: Row, resource: Row, status: str, start: datetime) -> None:
    close = close_of(resource)
    applied = ctx.after(start, 60, limit=close)
    decided = completed = None
    minutes = 0
    if status in PLACE_TAKEN:
        resource["quantity_committed"] += 1
        resource["status"] = resource_status(
            resource["status"], resource["quantity"], resource["quantity_committed"]
        )
    if status in ("ACCEPTED", "DECLINED", "COMPLETED"):
        decided = ctx.after(applied, 7, limit=close)
        if status == "COMPLETED":
            completed = ctx.after(decided, 60, limit=close)
            minutes = ctx.rng.randint(2, 32) * 30
            volunteer["service_minutes"] += minutes
    ctx.add(
        "volunteer_applications",
        volunteer_id=volunteer["id"],
        resource_id=resource["id"],
        status=status,
        motivation=ctx.rng.choice(MOTIVATIONS),
        service_minutes=minutes,
        applied_at=applied,
        decided_at=decided,
        completed_at=completed,
    )
