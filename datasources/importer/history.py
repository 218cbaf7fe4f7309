"""The history lines: events with their registrations, engagements, ratings, applications.

Each is held to the rules of the workflow that would have made it (domain/workflows: the units
of an engagement, the pair it joins, who rates whom and when, a position's places and hours);
what the workflows decide by the moment they run (a timestamp per step) becomes a check that
the line's dates fit its status and follow each other. What the lines add to the counters of
other rows (units committed, matched and fulfilled) is tallied here, so `Checker` can hold each
offer to its quantity before anything is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from datasources.importer.models import (
    EngagementLine,
    EventLine,
    RatingLine,
    VolunteerApplicationLine,
)
from datasources.importer.plan import PARTICIPANTS, Key, Link, Planned
from domain.enums import ApplicationStatus, EngagementStatus
from domain.problems import Problem, Rejected
from domain.workflows.applications import (
    check_motivation,
    own_position_problems,
    service_days,
    service_minutes,
)
from domain.workflows.checks import Checks
from domain.workflows.engagements import check_units, pair_problems
from domain.workflows.events import ORGANIZER_KINDS, EventInput, check_event
from domain.workflows.ratings import (
    RatingInput,
    check_hide_reason,
    check_rateable,
    check_rating,
    rating_parties,
)

if TYPE_CHECKING:
    from datasources.importer.parse import Item
    from datasources.importer.validate import Checker

Party = tuple[str, Key]  # a participant: (kind, key)
E, A = EngagementStatus, ApplicationStatus
# The dates each status needs, and those it cannot have (a step it never took).
ENGAGEMENT_DATES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    E.PROPOSED: ((), ("respondedAt", "completedAt", "cancelledAt")),
    E.ACCEPTED: (("respondedAt",), ("completedAt", "cancelledAt")),
    E.DECLINED: (("respondedAt",), ("completedAt", "cancelledAt")),
    E.COMPLETED: (("respondedAt", "completedAt"), ("cancelledAt",)),
    E.CANCELLED: (("cancelledAt",), ("completedAt",)),
}
APPLICATION_DATES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    A.APPLIED: ((), ("decidedAt", "completedAt", "hoursServed")),
    A.ACCEPTED: (("decidedAt",), ("completedAt", "hoursServed")),
    A.DECLINED: (("decidedAt",), ("completedAt", "hoursServed")),
    A.COMPLETED: (("decidedAt", "completedAt", "hoursServed"), ()),
    A.WITHDRAWN: ((), ("completedAt", "hoursServed")),
}
# Units an engagement holds of its resource and its demand, by status (workflows/accounting.py).
HOLDING = frozenset({E.ACCEPTED, E.COMPLETED})
PLACE_TAKEN = frozenset({A.ACCEPTED, A.COMPLETED})
ORGANIZERS = tuple(kind for kind, stored in PARTICIPANTS.items() if stored in ORGANIZER_KINDS)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


class History:
    def __init__(self, checker: Checker) -> None:
        self.checker = checker
        # What the file's history lines hold of each offer: (type, key) → column → units, and
        # the lines that hold them (for the errors).
        self.held: dict[tuple[str, Key], dict[str, int]] = {}
        self.holders: dict[tuple[str, Key], list[tuple[Item, int]]] = {}  # (line, first counter's units)
        self.rated: dict[tuple[Key, Party], int] = {}  # (engagement, rater) → line
        self.applied: dict[tuple[Key, Key], int] = {}  # (volunteer, position) → line

    # Events --------------------------------------------------------------------------------

    def event(self, planned: Planned, data: EventLine) -> None:
        checker, item = self.checker, planned.item
        row = {**(planned.existing or {}), **planned.values}
        checker.party(planned, "organizer", "organizerRef", ORGANIZERS)
        event = EventInput(
            row["title"], row["description"], row["starts_at"], row["ends_at"],
            row.get("registration_deadline"), row.get("capacity"), row.get("address"), row["skills"],
        )  # fmt: skip
        checker.hold(item, lambda _: check_event(event, checker.now))
        if "registrations" not in planned.item.data.model_fields_set and planned.existing:
            return
        registrations: list[tuple[str, Key]] = []
        for index, ref in enumerate(data.registrations):
            kind = checker.resolve(item, f"registrations.{index}", ref, tuple(PARTICIPANTS))
            if kind is not None:
                registrations.append((PARTICIPANTS[kind], checker.key(kind, ref)))
        if len(set(data.registrations)) < len(data.registrations):
            checker.fail(item, "registrations", "a participant is registered once")
        capacity = row.get("capacity")
        if capacity is not None and len(data.registrations) > capacity:
            checker.fail(item, "registrations", f"{len(data.registrations)} registrations "
                                                f"for {capacity} places")  # fmt: skip
        planned.registrations = registrations
        planned.touches.append(("Event", checker.key("Event", data.ref)))

    # Engagements ---------------------------------------------------------------------------

    def engagement(self, planned: Planned, data: EngagementLine) -> None:
        checker, item = self.checker, planned.item
        demand = checker.row_of(item, "demandRef", data.demand_ref, "Demand")
        resource = checker.row_of(item, "resourceRef", data.resource_ref, "Resource")
        planned.values["demand_id"] = Link("Demand", data.demand_ref)
        planned.values["resource_id"] = Link("Resource", data.resource_ref)
        row = {**(planned.existing or {}), **planned.values}
        checker.hold(item, lambda checks: check_units(checks, row["quantity"]))
        self._dates(item, row, ENGAGEMENT_DATES, ("proposedAt", "respondedAt", "completedAt"))
        self._dates(item, row, {}, ("proposedAt", "respondedAt", "cancelledAt"))
        if demand is None or resource is None:
            return
        rename = {"resourceId": "resourceRef"}
        checker.hold(item, lambda checks: _add(checks, pair_problems(_ns(demand), _ns(resource))), rename)
        demand_key = checker.key("Demand", data.demand_ref)
        resource_key = checker.key("Resource", data.resource_ref)
        planned.touches += [("Demand", demand_key), ("Resource", resource_key)]
        planned.touches += [self._party(demand, "requester"), self._party(resource, "provider")]
        units = row["quantity"] if row["status"] in HOLDING else 0
        done = row["quantity"] if row["status"] == E.COMPLETED else 0
        self._hold(item, ("Resource", resource_key), quantity_committed=units)
        self._hold(item, ("Demand", demand_key), quantity_matched=units, quantity_fulfilled=done)
        if planned.existing:  # the row it replaces gives back what it held
            before = planned.existing
            units = before["quantity"] if before["status"] in HOLDING else 0
            done = before["quantity"] if before["status"] == E.COMPLETED else 0
            self._hold(None, ("Resource", before["resource_id"]), quantity_committed=-units)
            self._hold(
                None, ("Demand", before["demand_id"]), quantity_matched=-units, quantity_fulfilled=-done
            )

    def parties(self, planned: Planned, engagement_ref: str) -> tuple[Party, Party] | None:
        """The requester and provider of an engagement of this file or the database."""
        checker = self.checker
        line = checker.planned.get(engagement_ref)
        if line is not None and line.item.type == "Engagement":
            demand = checker.row_after("Demand", line.values["demand_id"].ref)
            resource = checker.row_after("Resource", line.values["resource_id"].ref)
            if demand is None or resource is None:
                return None
            return self._party(demand, "requester"), self._party(resource, "provider")
        return checker.existing.engagement_parties.get(
            checker.existing.by_ref["Engagement"][engagement_ref]["id"]
        )

    def _party(self, row: dict[str, Any], role: str) -> Party:
        kind, key = row[f"{role}_kind"], row[f"{role}_id"]
        return kind, self.checker.key(key.type, key.ref) if isinstance(key, Link) else key

    # Ratings -------------------------------------------------------------------------------

    def rating(self, planned: Planned, data: RatingLine) -> None:
        checker, item = self.checker, planned.item
        if checker.resolve(item, "engagementRef", data.engagement_ref, ("Engagement",)) is None:
            return
        engagement = checker.row_after("Engagement", data.engagement_ref) or {}
        planned.values["engagement_id"] = Link("Engagement", data.engagement_ref)
        row = {**(planned.existing or {}), **planned.values}
        rating = RatingInput(
            row["score"], row.get("timeliness"), row.get("quality"), row.get("communication"), row["comment"]
        )
        checker.hold(item, lambda _: check_rating(rating))
        if row["hidden"]:
            checker.hold(
                item, lambda _: check_hide_reason(row.get("hidden_reason") or ""), {"reason": "hiddenReason"}
            )
        status, completed = str(engagement.get("status")), engagement.get("completed_at")
        checker.hold(
            item, lambda _: check_rateable(status, completed, row["created_at"]), default="engagementRef"
        )
        if completed is not None and row["created_at"] < completed:
            checker.fail(item, "createdAt", "createdAt is before the engagement's completedAt")
        parties = self.parties(planned, data.engagement_ref)
        kind = checker.resolve(item, "raterRef", data.rater_ref, tuple(PARTICIPANTS))
        if parties is None or kind is None:
            return
        rater: Party = (PARTICIPANTS[kind], checker.key(kind, data.rater_ref))
        try:
            rater, ratee = rating_parties(rater, *parties)  # pyright: ignore[reportArgumentType]  # keys are ids or Links
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
        first = self.rated.setdefault((engagement_key, rater), item.line)
        taken = checker.existing.ratings.get((engagement_key, rater))
        if first != item.line or (taken is not None and taken != data.ref):
            where = f"line {first}" if first != item.line else f"the database ({taken})"
            checker.fail(item, "raterRef", f"{data.rater_ref!r} already rated engagement "
                                           f"{data.engagement_ref!r} ({where})")  # fmt: skip
        planned.touches.append(ratee)
        if planned.existing:
            planned.touches.append((planned.existing["ratee_kind"], planned.existing["ratee_id"]))

    # Volunteer applications ----------------------------------------------------------------

    def application(self, planned: Planned, data: VolunteerApplicationLine) -> None:
        checker, item = self.checker, planned.item
        volunteer = checker.resolve(item, "volunteerRef", data.volunteer_ref, ("Volunteer",))
        position = checker.row_of(item, "positionRef", data.position_ref, "Resource")
        planned.values["resource_id"] = Link("Resource", data.position_ref)
        if "hours_served" in data.model_fields_set or planned.existing is None:
            planned.values["service_minutes"] = 0  # unless the hours served are given, below
        row = {**(planned.existing or {}), **planned.values}
        checker.hold(item, lambda checks: check_motivation(checks, row["motivation"]))
        given = {_camel(name) for name, value in row.items() if value is not None}
        given |= {"hoursServed"} if data.hours_served is not None else set()
        self._required(item, row["status"], given, APPLICATION_DATES)
        self._dates(item, row, {}, ("appliedAt", "decidedAt", "completedAt"))
        if volunteer is None or position is None:
            return
        volunteer_key = checker.key("Volunteer", data.volunteer_ref)
        planned.values["volunteer_id"] = volunteer_key
        if position["category"] != "VOLUNTEER_POSITION":
            checker.fail(item, "positionRef", f"{data.position_ref!r} is not a volunteer position")
            return
        provider = self._party(position, "provider")
        problems = own_position_problems(("VOLUNTEER", volunteer_key), provider, "positionRef")  # pyright: ignore[reportArgumentType]  # keys are ids or Links
        checker.hold(item, lambda checks: _add(checks, problems))
        if data.hours_served is not None and row["status"] == A.COMPLETED and row.get("completed_at"):
            self._minutes(planned, data.hours_served, position, row)
        position_key = checker.key("Resource", data.position_ref)
        first = self.applied.setdefault((volunteer_key, position_key), item.line)
        taken = checker.existing.applications.get((volunteer_key, position_key))
        if first != item.line or (taken is not None and taken != data.ref):
            checker.fail(
                item, "positionRef", f"{data.volunteer_ref!r} already applied to {data.position_ref!r}"
            )
        planned.touches += [("Resource", position_key), ("VOLUNTEER", volunteer_key)]
        self._hold(item, ("Resource", position_key), quantity_committed=int(row["status"] in PLACE_TAKEN))
        if planned.existing:
            before = planned.existing
            self._hold(
                None,
                ("Resource", before["resource_id"]),
                quantity_committed=-int(before["status"] in PLACE_TAKEN),
            )
            planned.touches.append(("VOLUNTEER", before["volunteer_id"]))

    def _minutes(
        self, planned: Planned, hours: Decimal, position: dict[str, Any], row: dict[str, Any]
    ) -> None:
        """Hours served as the completion records them: whole minutes, 24 a day of the window."""
        days = service_days(position.get("available_from"), position.get("available_until"),
                            row["applied_at"], row["completed_at"])  # fmt: skip

        def minutes(_: Checks) -> None:
            planned.values["service_minutes"] = service_minutes(float(hours), days, "hoursServed")

        self.checker.hold(planned.item, minutes)

    # Shared --------------------------------------------------------------------------------

    def _required(
        self,
        item: Item,
        status: str,
        given: set[str],
        rules: dict[str, tuple[tuple[str, ...], tuple[str, ...]]],
    ) -> None:
        needed, refused = rules[status]
        for name in needed:
            if name not in given:
                self.checker.fail(item, name, f"a {status} {item.type} needs {name}")
        for name in refused:
            if name in given:
                self.checker.fail(item, name, f"a {status} {item.type} has no {name}")

    def _dates(
        self,
        item: Item,
        row: dict[str, Any],
        rules: dict[str, tuple[tuple[str, ...], tuple[str, ...]]],
        order: Iterable[str],
    ) -> None:
        """Dates the status needs (when `rules`), and the given ones of `order` in that order."""
        if rules:
            given = {_camel(name) for name, value in row.items() if value is not None}
            self._required(item, row["status"], given, rules)
        previous: tuple[str, datetime] | None = None
        for name in order:
            value = row.get("_".join(_snake_parts(name)))
            if value is None:
                continue
            if previous is not None and value < previous[1]:
                self.checker.fail(item, name, f"{name} is before {previous[0]}")
            previous = (name, value)

    def _hold(self, item: Item | None, offer: tuple[str, Key], **units: int) -> None:
        held = self.held.setdefault(offer, {})
        for column, count in units.items():
            held[column] = held.get(column, 0) + count
        first = next(iter(units.values()))
        if item is not None and first:
            self.holders.setdefault(offer, []).append((item, first))


def _snake_parts(name: str) -> list[str]:
    parts, word = [], ""
    for char in name:
        if char.isupper():
            parts.append(word)
            word = char.lower()
        else:
            word += char
    return [*parts, word]


def _ns(row: dict[str, Any]) -> SimpleNamespace:
    return SimpleNamespace(**row)


def _add(checks: Checks, problems: list[Problem]) -> None:
    checks.problems += problems
