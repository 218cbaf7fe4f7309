"""Engagements (对接) between demands and resources, with every quantity accounted for.

Each live demand gets an aim (how far it is pushed) and engagements are made toward it
from resources of the same service (children's books for children's books, not winter
clothes: same category, unit and tags) with units left. Statuses of resources and live demands
are then derived from the engagements, so the bookkeeping is consistent by construction.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from datasources.seed.context import NOW, Context, Row

COUNTED = ("ACCEPTED", "COMPLETED")  # engagements that hold units of both sides
NOTES = {
    "PROPOSED": "您好，我们有相关需求，希望与贵方对接，盼复。",
    "ACCEPTED": "已确认，请按约定时间对接。",
    "COMPLETED": "服务已按约完成，感谢支持！",
    "DECLINED": "本期名额已满，抱歉。",
    "CANCELLED": "时间安排有变，暂不需要，谢谢。",
}


@dataclass
class Market:
    """Resources a demand can engage, and how many units each has left."""

    ctx: Context
    left: dict[int, int] = field(default_factory=dict)
    by_service: dict[tuple, list[Row]] = field(default_factory=dict)
    by_area: dict[tuple, list[Row]] = field(default_factory=dict)
    pairs: set[tuple[int, int]] = field(default_factory=set)

    def __post_init__(self) -> None:
        for resource in self.ctx.rows["resources"]:
            if resource["status"] == "DRAFT":
                continue
            # A withdrawn or expired resource keeps a unit back: only a live one is EXHAUSTED.
            spare = 0 if resource["status"] == "PUBLISHED" else 1
            self.left[resource["id"]] = resource["quantity"] - spare
            self.by_service.setdefault(service_of(resource), []).append(resource)
            self.by_area.setdefault((*service_of(resource), resource["district_id"]), []).append(resource)

    def find(self, demand: Row, status: str) -> Row | None:
        """A fitting resource, preferably in the demand's own district."""
        rng = self.ctx.rng
        area = self.by_area.get((*service_of(demand), demand["district_id"]), [])
        anywhere = self.by_service.get(service_of(demand), [])
        for candidates, tries in ((area, 6), (anywhere, 12)):
            for _ in range(tries if candidates else 0):
                resource = rng.choice(candidates)
                if self._fits(demand, resource, status):
                    return resource
        return None

    def _fits(self, demand: Row, resource: Row, status: str) -> bool:
        if status in ("PROPOSED", "ACCEPTED") and resource["status"] != "PUBLISHED":
            return False
        if status in (*COUNTED, "PROPOSED") and self.left[resource["id"]] <= 0:
            return False
        same_party = (demand["requester_kind"], demand["requester_id"]) == (
            resource["provider_kind"],
            resource["provider_id"],
        )
        return (
            not same_party
            and (demand["id"], resource["id"]) not in self.pairs
            and start_of(demand, resource) < close_of(resource)
        )


def service_of(row: Row) -> tuple:
    """Which service of datasources/seed/services.py a demand or resource was made from."""
    return row["category"], row["unit"], tuple(row["tags"])


def start_of(demand: Row, resource: Row) -> datetime:
    return max(demand["created_at"], resource["created_at"])


def close_of(resource: Row) -> datetime:
    """The last moment a resource could be engaged."""
    if resource["status"] == "EXPIRED":
        return resource["available_until"]
    if resource["status"] == "WITHDRAWN":
        return resource["updated_at"]
    return NOW


def build_engagements(ctx: Context) -> None:
    market = Market(ctx)
    for demand in ctx.rows["demands"]:
        aim = {"OPEN": None, "CLOSED": "CLOSE", "CANCELLED": "CANCEL"}.get(demand["status"], "")
        if aim == "":
            continue  # drafts are not engaged
        _pursue(ctx, market, demand, aim or ctx.pick(ctx.scale.demand_aims))
    _decline_stale_proposals(ctx, market)


def _pursue(ctx: Context, market: Market, demand: Row, aim: str) -> None:
    """Make engagements toward the demand's aim: NONE (nothing yet), PROPOSE (proposals
    waiting), PARTIAL (part held), MATCH (all held, not all delivered), FULFIL (all
    delivered); CLOSE and CANCEL for demands their requester closed or cancelled."""
    rng = ctx.rng
    quantity = demand["quantity"]

    def engage(status: str, wanted: int) -> None:
        _engage(ctx, market, demand, status, wanted)

    if aim != "CANCEL" and rng.random() < 0.15:
        engage(rng.choice(("DECLINED", "CANCELLED")), quantity)  # an earlier attempt that failed
    if aim in ("FULFIL", "MATCH"):
        chunks = 1 if quantity == 1 else rng.choice(ctx.scale.chunks)
        for remaining_chunks in range(chunks, 0, -1):
            need = quantity - demand["quantity_matched"]
            if need > 0:
                # A MATCH demand keeps its last chunk accepted, not yet delivered.
                done = aim == "FULFIL" or remaining_chunks > 1
                engage("COMPLETED" if done else "ACCEPTED", math.ceil(need / remaining_chunks))
    elif aim == "PARTIAL" and quantity >= 2:
        engage(rng.choice(COUNTED), rng.randint(1, quantity - 1))
        if rng.random() < 0.5:
            engage("PROPOSED", quantity - demand["quantity_matched"])
    elif aim in ("PARTIAL", "PROPOSE"):
        for _ in range(rng.choice((1, 1, 2))):
            engage("PROPOSED", quantity)
    elif aim == "CLOSE" and quantity >= 2 and rng.random() < 0.5:
        engage("COMPLETED", rng.randint(1, quantity - 1))  # closed before it was fulfilled
    elif aim == "CANCEL" and rng.random() < 0.5:
        engage("CANCELLED", quantity)


def _engage(ctx: Context, market: Market, demand: Row, status: str, wanted: int) -> None:
    resource = market.find(demand, status)
    if resource is None:
        return
    market.pairs.add((demand["id"], resource["id"]))
    if status in COUNTED:
        quantity = min(wanted, market.left[resource["id"]])
        market.left[resource["id"]] -= quantity
        resource["quantity_committed"] += quantity
        demand["quantity_matched"] += quantity
        if status == "COMPLETED":
            demand["quantity_fulfilled"] += quantity
    else:
        quantity = max(1, min(wanted, resource["quantity"]))
    # One in ten from an applied allocation plan (全局调配方案): both sides accept those.
    initiated_by = ctx.rng.choice(("REQUESTER",) * 5 + ("PROVIDER",) * 4 + ("FEDERATION",))
    times = _timeline(ctx, status, start_of(demand, resource), close_of(resource))
    ctx.add(
        "engagements",
        demand_id=demand["id"],
        resource_id=resource["id"],
        status=status,
        initiated_by=initiated_by,
        quantity=quantity,
        note=NOTES[status],
        **times,
        **_acceptances(initiated_by, status, times),
        version=1,
    )


def _acceptances(initiated_by: str, status: str, times: dict[str, object]) -> dict[str, object]:
    """Each side's agreement: the proposer's when it proposed, the others' when it was accepted
    (a response that was not a decline; a federation proposal still open has none)."""
    accepted = None if status == "DECLINED" else times["responded_at"]
    return {
        f"{side}_accepted_at": times["proposed_at"] if initiated_by == side.upper() else accepted
        for side in ("requester", "provider")
    }


def _timeline(ctx: Context, status: str, start: datetime, close: datetime) -> dict[str, object]:
    """proposed ≤ responded ≤ completed (or cancelled), all within [start, close]."""
    if status in ("PROPOSED", "ACCEPTED"):  # still in progress: recent
        start = max(start, NOW - timedelta(days=20 if status == "PROPOSED" else 60))
    proposed = ctx.after(start, 30, limit=close)
    times: dict[str, object] = {
        "proposed_at": proposed,
        "responded_at": None,
        "completed_at": None,
        "cancelled_at": None,
    }
    if status == "PROPOSED":
        return times
    if status == "CANCELLED":
        if ctx.rng.random() < 0.5:  # accepted first, cancelled later
            times["responded_at"] = proposed = ctx.after(proposed, 5, limit=close)
        times["cancelled_at"] = ctx.after(proposed, 10, limit=close)
        return times
    times["responded_at"] = responded = ctx.after(proposed, 5, limit=close)
    if status == "COMPLETED":
        times["completed_at"] = ctx.after(responded, 45, limit=close)
    return times


def _decline_stale_proposals(ctx: Context, market: Market) -> None:
    """Proposals to a resource that was taken up in full afterwards were declined."""
    for engagement in ctx.rows["engagements"]:
        if engagement["status"] == "PROPOSED" and market.left[engagement["resource_id"]] == 0:
            engagement["status"] = "DECLINED"
            engagement["note"] = NOTES["DECLINED"]
            engagement["responded_at"] = ctx.after(engagement["proposed_at"], 3)
