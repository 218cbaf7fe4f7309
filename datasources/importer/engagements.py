"""The checks of an engagement line: its units, the pair it joins (the rules proposing holds it
to), its dates by status; and the checks of a rating line: who rates whom and when (the rules
rating holds it to), once per side."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from datasources.importer.checker import Checker, Party
from datasources.importer.dates import ENGAGEMENT_DATES, given, in_order, required
from datasources.importer.existing import Row
from datasources.importer.models import EngagementLine, RatingLine
from datasources.importer.plan import PARTICIPANTS, Link, Planned
from domain.problems import Problem, Rejected
from domain.workflows.checks import Checks
from domain.workflows.engagements import check_units, pair_problems
from domain.workflows.ratings import (
    RatingInput,
    check_hide_reason,
    check_rateable,
    check_rating,
    rating_parties,
)


def engagement(checker: Checker, planned: Planned) -> None:
    item, data = planned.item, planned.item.data
    assert isinstance(data, EngagementLine)
    demand = checker.row_of(item, "demandRef", data.demand_ref, "Demand")
    resource = checker.row_of(item, "resourceRef", data.resource_ref, "Resource")
    planned.values["demand_id"] = Link("Demand", data.demand_ref)
    planned.values["resource_id"] = Link("Resource", data.resource_ref)
    row = {**(planned.existing or {}), **planned.values}
    checker.hold(item, lambda checks: check_units(checks, row["quantity"]))
    required(checker, item, row["status"], given(row), ENGAGEMENT_DATES)
    in_order(checker, item, row, ("proposedAt", "respondedAt", "completedAt"))
    in_order(checker, item, row, ("proposedAt", "respondedAt", "cancelledAt"))
    sides = _sided(demand, resource)
    if sides is None:
        return
    demand, resource = sides
    rename = {"resourceId": "resourceRef"}
    checker.hold(item, lambda checks: add(checks, pair_problems(_ns(demand), _ns(resource))), rename)
    planned.touches += [
        ("Demand", checker.key("Demand", data.demand_ref)),
        ("Resource", checker.key("Resource", data.resource_ref)),
        checker.party_of(demand, "requester"),
        checker.party_of(resource, "provider"),
    ]
    if planned.existing:  # the offers and parties of the row it replaces are recomputed too
        before = planned.existing
        planned.touches += [("Demand", before["demand_id"]), ("Resource", before["resource_id"])]
        planned.touches += checker.existing.engagement_parties.get(before["id"], ())


def parties(checker: Checker, engagement_ref: str) -> tuple[Party, Party] | None:
    """The requester and provider of an engagement of this file or the database."""
    sketch = checker.index.sketch(engagement_ref, "Engagement")
    if sketch is not None:
        demand = checker.row_after("Demand", sketch.get("demand_ref"))
        resource = checker.row_after("Resource", sketch.get("resource_ref"))
        sides = _sided(demand, resource)
        return sides and (checker.party_of(sides[0], "requester"), checker.party_of(sides[1], "provider"))
    row = checker.existing.by_ref["Engagement"].get(engagement_ref)
    return checker.existing.engagement_parties.get(row["id"]) if row else None


def rating(checker: Checker, planned: Planned) -> None:
    item, data = planned.item, planned.item.data
    assert isinstance(data, RatingLine)
    if checker.resolve(item, "engagementRef", data.engagement_ref, ("Engagement",)) is None:
        return
    engagement_row = checker.row_after("Engagement", data.engagement_ref) or {}
    planned.values["engagement_id"] = Link("Engagement", data.engagement_ref)
    row = {**(planned.existing or {}), **planned.values}
    rated = RatingInput(
        row["score"], row.get("timeliness"), row.get("quality"), row.get("communication"), row["comment"]
    )
    checker.hold(item, lambda _: check_rating(rated))
    if row["hidden"]:
        checker.hold(
            item, lambda _: check_hide_reason(row.get("hidden_reason") or ""), {"reason": "hiddenReason"}
        )
    status, completed = str(engagement_row.get("status")), engagement_row.get("completed_at")
    checker.hold(
        item, lambda _: check_rateable(status, completed, row["created_at"]), default="engagementRef"
    )
    if completed is not None and row["created_at"] < completed:
        checker.fail(item, "createdAt", "createdAt is before the engagement's completedAt")
    both = parties(checker, data.engagement_ref)
    kind = checker.resolve(item, "raterRef", data.rater_ref, tuple(PARTICIPANTS))
    if both is None or kind is None:
        return
    rater: Party = (PARTICIPANTS[kind], checker.key(kind, data.rater_ref))
    try:
        rater, ratee = rating_parties(rater, *both)  # pyright: ignore[reportArgumentType]  # keys are ids or Links
    except Rejected:  # FORBIDDEN: not a party
        checker.fail(
            item, "raterRef", f"{data.rater_ref!r} is not a party to engagement {data.engagement_ref!r}"
        )
        return
    planned.values |= {
        "rater_kind": rater[0],
        "rater_id": rater[1],
        "ratee_kind": ratee[0],
        "ratee_id": ratee[1],
    }
    engagement_key = checker.key("Engagement", data.engagement_ref)
    first = checker.rated.setdefault((engagement_key, rater), item.line)
    taken = checker.existing.ratings.get((engagement_key, rater))
    if first != item.line or (taken is not None and taken != data.ref):
        where = f"line {first}" if first != item.line else f"the database ({taken})"
        checker.fail(item, "raterRef", f"{data.rater_ref!r} already rated engagement "
                                       f"{data.engagement_ref!r} ({where})")  # fmt: skip
    planned.touches.append(ratee)
    if planned.existing:
        planned.touches.append((planned.existing["ratee_kind"], planned.existing["ratee_id"]))


def _sided(demand: Row | None, resource: Row | None) -> tuple[Row, Row] | None:
    """Both offers, if both are known with their party (a dangling one is its own line's error)."""
    if (
        demand is None
        or resource is None
        or "requester_kind" not in demand
        or "provider_kind" not in resource
    ):
        return None
    return demand, resource


def _ns(row: dict[str, Any]) -> SimpleNamespace:
    return SimpleNamespace(**row)


def add(checks: Checks, problems: list[Problem]) -> None:
    checks.problems += problems
