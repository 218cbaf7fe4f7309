"""Statuses and counters that follow from the engagements made."""

from __future__ import annotations

from datetime import datetime, timedelta

from datasources.seed.context import NOW, Context, Row
from domain.workflows.accounting import demand_status, resource_status


def settle(ctx: Context) -> None:
    _settle_resources(ctx)
    _settle_demands(ctx)
    _count_engagements(ctx)
    _clocks(ctx)


def _latest(engagement: Row) -> datetime:
    times = ("proposed_at", "responded_at", "completed_at", "cancelled_at")
    return max(engagement[t] for t in times if engagement[t] is not None)


def _settle_resources(ctx: Context) -> None:
    resources = ctx.rows["resources"]
    for engagement in ctx.rows["engagements"]:
        resource = resources[engagement["resource_id"] - 1]
        resource["updated_at"] = max(resource["updated_at"], _latest(engagement))
    for resource in resources:
        resource["status"] = resource_status(
            resource["status"], resource["quantity"], resource["quantity_committed"]
        )


def _settle_demands(ctx: Context) -> None:
    demands = ctx.rows["demands"]
    for engagement in ctx.rows["engagements"]:
        demand = demands[engagement["demand_id"] - 1]
        demand["updated_at"] = max(demand["updated_at"], _latest(engagement))
    for demand in demands:
        if demand["status"] == "OPEN":
            demand["status"] = demand_status(
                "OPEN", demand["quantity"], demand["quantity_matched"], demand["quantity_fulfilled"]
            )
        elif demand["status"] in ("CLOSED", "CANCELLED"):
            demand["updated_at"] = ctx.after(demand["updated_at"], 30)
        if demand["status"] in ("OPEN", "MATCHED") and demand["needed_by"] < NOW:
            demand["needed_by"] = NOW + timedelta(days=ctx.rng.randint(7, 60))


def _count_engagements(ctx: Context) -> None:
    """Both parties of an engagement count it as completed or cancelled."""
    demands = ctx.rows["demands"]
    resources = ctx.rows["resources"]
    for engagement in ctx.rows["engagements"]:
        column = {"COMPLETED": "engagements_completed", "CANCELLED": "engagements_cancelled"}
        if engagement["status"] not in column:
            continue
        demand = demands[engagement["demand_id"] - 1]
        resource = resources[engagement["resource_id"] - 1]
        for party in (
            (demand["requester_kind"], demand["requester_id"]),
            (resource["provider_kind"], resource["provider_id"]),
        ):
            ctx.participants[party][column[engagement["status"]]] += 1


def _clocks(ctx: Context) -> None:
    """The moments insights measure from: published (drafts never were), first matched (the
    first accepted engagement's answer), fulfilled (the last delivery), first replied."""
    first_match: dict[int, datetime] = {}
    last_delivery: dict[int, datetime] = {}
    for engagement in ctx.rows["engagements"]:
        demand_id, answered = engagement["demand_id"], engagement["responded_at"]
        if engagement["status"] in ("ACCEPTED", "COMPLETED") and answered is not None:
            first_match[demand_id] = min(first_match.get(demand_id, answered), answered)
        if engagement["status"] == "COMPLETED":
            done = engagement["completed_at"]
            last_delivery[demand_id] = max(last_delivery.get(demand_id, done), done)
    for resource in ctx.rows["resources"]:
        resource["published_at"] = None if resource["status"] == "DRAFT" else resource["created_at"]
    for demand in ctx.rows["demands"]:
        demand["published_at"] = None if demand["status"] == "DRAFT" else demand["created_at"]
        demand["first_matched_at"] = first_match.get(demand["id"])
        demand["fulfilled_at"] = last_delivery.get(demand["id"]) if demand["status"] == "FULFILLED" else None
    first_reply: dict[int, datetime] = {}
    for reply in ctx.rows["appeal_replies"]:
        appeal_id, at = reply["appeal_id"], reply["created_at"]
        first_reply[appeal_id] = min(first_reply.get(appeal_id, at), at)
    for appeal in ctx.rows["appeals"]:
        appeal["first_replied_at"] = first_reply.get(appeal["id"])
