"""Checks that need other lines or the database, and the plan of rows they lead to.

Every line is checked and every problem collected; the plan is only returned when there
are none, so the writer never starts on a file that cannot be imported whole.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from datasources.importer.existing import Existing, Row
from datasources.importer.history import History, Party
from datasources.importer.models import (
    DemandLine,
    EngagementLine,
    EventLine,
    OfferLine,
    OrganizationLine,
    PlacedLine,
    RatingLine,
    ResourceLine,
    SocialWorkerLine,
    VolunteerApplicationLine,
    VolunteerLine,
)
from datasources.importer.parse import Item, Parsed
from datasources.importer.plan import PARTICIPANTS, Key, Link, Planned
from datasources.importer.report import TYPES, ImportRejected, LineError
from domain.matching.vocabulary import SKILLS
from domain.messages import message
from domain.problems import Rejected
from domain.workflows.accounting import demand_status, resource_status
from domain.workflows.categories import Window, check_stored_details, check_words
from domain.workflows.checks import Checks

# Graph fields that are not stored under their own (snake_case) name.
SPECIAL_FIELDS = {
    "ref", "district", "district_code", "amount", "provider_ref", "requester_ref",
    "agency_ref", "service_districts", "organizer_ref", "registrations", "demand_ref",
    "resource_ref", "engagement_ref", "rater_ref", "volunteer_ref", "position_ref", "hours_served",
}  # fmt: skip
HISTORY_TYPES = ("Event", "Engagement", "Rating", "VolunteerApplication")
# Per offer type: the counters history lines hold, and the field the first is named by.
COUNTERS = {
    "Resource": ("quantity_committed",),
    "Demand": ("quantity_matched", "quantity_fulfilled"),
}
NOT_ADMITTED = ("PENDING", "REJECTED")
# A history is imported: what the workflows require to lie in the future may lie in the past.
HISTORY = datetime.min.replace(tzinfo=UTC)
# An exit withdraws what an organization offered; a suspension leaves it (its engagements are
# flagged instead), so a suspended organization's resources may be PUBLISHED.
OUT = ("EXITED",)


class Checker:
    def __init__(self, parsed: Parsed, existing: Existing) -> None:
        self.parsed = parsed
        self.existing = existing
        self.errors: list[LineError] = []
        self.items = {i.data.ref: i for i in parsed.items if parsed.declared[i.data.ref][1] == i.line}
        self.credit_codes: dict[str, int] = {}  # line that first used each credit code
        self.planned: dict[str, Planned] = {}  # by ref
        self.now = HISTORY
        self.history = History(self)

    def fail(self, item: Item, field: str | None, message: str) -> None:
        self.errors.append(LineError(item.line, field, message))

    def hold(
        self,
        item: Item,
        rules: Callable[[Checks], object],
        rename: dict[str, str] | None = None,
        default: str | None = None,
    ) -> None:
        """Hold a line to the workflows' own rules (domain/workflows): each problem they find
        becomes a line error at its field (an input's name `rename`d to the line's; `default`
        for a problem of no field), in English."""
        checks = Checks()
        try:
            rules(checks)
        except Rejected as rejected:
            checks.problems += rejected.problems
        for problem in checks.problems:
            field = problem.params.get("field")
            field = (rename or {}).get(field, field) if field else default
            params = {**problem.params, "field": field}
            self.fail(item, field, message(problem.key, "en", params))

    def refusal(self, item: Item) -> str | None:
        """Why the line's ref may not be imported at all, if it may not: a participant erased at
        her request (deleteMyAccount) is never brought back by a later import."""
        ref = item.data.ref
        if ref in self.existing.erased:
            return f"ref {ref!r} was erased at its holder's request: it cannot be imported again"
        return None

    def plan(self) -> list[Planned]:
        order = {kind: index for index, kind in enumerate(TYPES)}
        plans = []
        for item in sorted(self.items.values(), key=lambda item: order[item.type]):
            reason = self.refusal(item)
            if reason is None:
                plans.append(self._plan(item))
            else:
                self.fail(item, "ref", reason)
        self._settle(plans)
        errors = self.parsed.errors + self.errors
        if errors:
            raise ImportRejected(errors)
        return plans

    def _plan(self, item: Item) -> Planned:
        data = item.data
        owner = self.existing.find(data.ref)
        if owner and owner[0] != item.type:
            self.fail(item, "ref", f"ref {data.ref!r} already belongs to an existing {owner[0]}")
        row = owner[1] if owner and owner[0] == item.type else None
        given = data.model_fields_set if row else set(type(data).model_fields)
        values = {name: getattr(data, name) for name in given - SPECIAL_FIELDS}
        values["ref"] = data.ref
        if isinstance(data, OfferLine) and "amount" in given:
            values["amount_fen"] = None if data.amount is None else int(data.amount * 100)
        planned = self.planned[data.ref] = Planned(item, row, values)
        if isinstance(data, PlacedLine):
            self._district(planned, data)
        if isinstance(data, OrganizationLine):
            self._check_organization(planned, data)
        elif isinstance(data, SocialWorkerLine):
            self._check_social_worker(planned, data)
        elif isinstance(data, VolunteerLine) and "skills" in given:
            self.hold(item, lambda checks: check_words(checks, "skills", data.skills, SKILLS))
        elif isinstance(data, ResourceLine):
            self._check_resource(planned, data)
        elif isinstance(data, DemandLine):
            self._check_demand(planned)
        elif isinstance(data, EventLine):
            self.history.event(planned, data)
        elif isinstance(data, EngagementLine):
            self.history.engagement(planned, data)
        elif isinstance(data, RatingLine):
            self.history.rating(planned, data)
        elif isinstance(data, VolunteerApplicationLine):
            self.history.application(planned, data)
        return planned

    # Districts ------------------------------------------------------------------------

    def _district(self, planned: Planned, data: PlacedLine) -> None:
        item = planned.item
        if data.district is not None and data.district_code is not None:
            self.fail(item, "district", "give district or districtCode, not both")
        elif data.district is not None:
            planned.values["district_id"] = self._district_id(item, "district", data.district)
        elif data.district_code is not None:
            planned.values["district_id"] = self._district_id(item, "districtCode", data.district_code)
        elif planned.existing is None and item.type in PARTICIPANTS:
            self.fail(item, "district", "district is required (a code such as 110105 or 朝阳区)")

    def _district_id(self, item: Item, field: str, key: str) -> int | None:
        found = self.existing.districts.get(key)
        if found is None:
            self.fail(item, field, f"unknown district {key!r}: use a code such as 110105 "
                                   "or a Chinese name such as 朝阳区")  # fmt: skip
        return found

    def district_of(self, ref: str) -> int | None:
        """The district of the participant `ref` (in the file or the database), if known."""
        item = self.items.get(ref)
        data = item.data if item else None
        key = isinstance(data, PlacedLine) and (data.district or data.district_code)
        if key:
            return self.existing.districts.get(key)
        found = self.existing.find(ref)
        return found[1]["district_id"] if found else None

    # References -----------------------------------------------------------------------

    def resolve(self, item: Item, field: str, ref: str, allowed: tuple[str, ...]) -> str | None:
        """The type of the participant `ref`, if it exists and is one of `allowed`."""
        declared = self.parsed.declared.get(ref)
        found = self.existing.find(ref)
        kind = declared[0] if declared else (found[0] if found else None)
        if kind is None:
            self.fail(item, field, f"no {_either(allowed)} with ref {ref!r} "
                                   "in this file or the database")  # fmt: skip
            return None
        if kind not in allowed:
            self.fail(item, field, f"ref {ref!r} is a {kind}; expected {_either(allowed)}")
            return None
        return kind

    def organization_status(self, ref: str) -> str | None:
        """An organization's status once this import is written, if known."""
        item = self.items.get(ref)
        row = self.existing.by_ref["Organization"].get(ref)
        if item is None or not isinstance(item.data, OrganizationLine):
            return row["status"] if row else None
        if row is not None and "status" not in item.data.model_fields_set:
            return row["status"]
        return item.data.status

    # Per type -------------------------------------------------------------------------

    def _check_organization(self, planned: Planned, data: OrganizationLine) -> None:
        item, code = planned.item, data.credit_code
        first = self.credit_codes.setdefault(code, item.line)
        if first != item.line:
            self.fail(item, "creditCode", f"credit code {code} already used on line {first}")
        holder = self.existing.credit_codes.get(code)
        if holder is not None and holder["ref"] != data.ref:
            self.fail(item, "creditCode", f"credit code {code} belongs to {holder['name']}")
        if planned.existing and planned.values.get("status") in (*NOT_ADMITTED, *OUT):
            self._still_published(planned, planned.existing)

    def _still_published(self, planned: Planned, existing: Row) -> None:
        """An organization leaving ACTIVE must not leave published resources behind."""
        published = self.existing.published_by_organization.get(existing["id"], [])
        left = [ref for ref in published if self._stays_published(ref)]
        if left:
            self.fail(planned.item, "status", f"the organization still has {len(left)} published "
                                              "resource(s): withdraw them first")  # fmt: skip

    def _stays_published(self, ref: str | None) -> bool:
        """Whether a published resource is still published after this import."""
        item = self.items.get(ref) if ref else None
        data = item.data if item else None
        if not isinstance(data, ResourceLine) or "status" not in data.model_fields_set:
            return True
        return data.status == "PUBLISHED"

    def _check_social_worker(self, planned: Planned, data: SocialWorkerLine) -> None:
        ref = data.agency_ref
        if "agency_ref" not in data.model_fields_set and planned.existing:
            return
        if ref is not None and self.resolve(planned.item, "agencyRef", ref, ("Organization",)):
            planned.values["agency_id"] = Link("Organization", ref)
        elif ref is None:
            planned.values["agency_id"] = None

    def _check_resource(self, planned: Planned, data: ResourceLine) -> None:
        self.party(planned, "provider", "providerRef", tuple(PARTICIPANTS))
        if self._window(planned) and {"details", "category"} & planned.values.keys():
            merged = {**(planned.existing or {}), **planned.values}
            window = Window(merged.get("available_from"), merged.get("available_until"), HISTORY)
            self.hold(
                planned.item,
                lambda checks: check_stored_details(checks, merged["category"], merged["details"], window),
            )
        if "service_districts" in data.model_fields_set or planned.existing is None:
            ids = [
                self._district_id(planned.item, f"serviceDistricts.{n}", key)
                for n, key in enumerate(data.service_districts)
            ]
            planned.service_districts = sorted({i for i in ids if i is not None})

    def _check_demand(self, planned: Planned) -> None:
        self.party(planned, "requester", "requesterRef", ("Home", "Organization"))

    def party(self, planned: Planned, role: str, field: str, allowed: tuple[str, ...]) -> Party | None:
        """Resolve the provider, requester or organizer, default the district to theirs, check
        admission; the party, if found."""
        item, values = planned.item, planned.values
        ref = getattr(item.data, f"{role}_ref")
        kind = self.resolve(item, field, ref, allowed)
        if kind is None:
            return None
        values[f"{role}_kind"] = PARTICIPANTS[kind]
        values[f"{role}_id"] = Link(kind, ref)
        if "district_id" not in values and planned.existing is None:
            values["district_id"] = self.district_of(ref)
        if kind == "Organization":
            self._admitted(planned, field, ref)
        return PARTICIPANTS[kind], self.key(kind, ref)

    def key(self, kind: str, ref: str) -> Key:
        """How the row `ref` of type `kind` is referred to: its id if the database has it."""
        row = self.existing.by_ref.get(kind, {}).get(ref)
        return int(row["id"]) if row is not None else Link(kind, ref)

    def row_after(self, kind: str, ref: str) -> Row | None:
        """The row `ref` of type `kind` as this import leaves it (columns of the file's line
        over the database's), if either has it."""
        row = self.existing.by_ref.get(kind, {}).get(ref)
        planned = self.planned.get(ref)
        if planned is None or planned.item.type != kind:
            return row
        return {**(row or {}), **planned.values}

    def row_of(self, item: Item, field: str, ref: str, kind: str) -> Row | None:
        """The row a line refers to at `field`, or None (and a line error) if there is none."""
        return self.row_after(kind, ref) if self.resolve(item, field, ref, (kind,)) else None

    def _admitted(self, planned: Planned, field: str, ref: str) -> None:
        """Only admitted organizations publish; suspended or exited ones publish nothing new."""
        status = self.organization_status(ref)
        offer = planned.values.get("status") or (planned.existing or {}).get("status")
        what = {"Resource": "resources", "Demand": "demands"}.get(planned.item.type, "events")
        if status in NOT_ADMITTED:
            self.fail(planned.item, field, f"organization {ref!r} is {status}: only an "
                                           f"admitted (ACTIVE) organization can have {what}")  # fmt: skip
        elif status in OUT and offer in ("PUBLISHED", "OPEN"):
            self.fail(planned.item, "status", f"organization {ref!r} is {status}: its {what} "
                                              f"cannot be {offer}")  # fmt: skip

    def _window(self, planned: Planned) -> bool:
        """Whether the availability window is in order."""
        merged = {**(planned.existing or {}), **planned.values}
        start, end = merged.get("available_from"), merged.get("available_until")
        if start is not None and end is not None and start > end:
            self.fail(planned.item, "availableUntil", "availableUntil is before availableFrom")
            return False
        return True

    def _settle(self, plans: list[Planned]) -> None:
        """Hold every offer to its quantity with what the history lines commit of it, and give
        the offers of the file the status the workflows derive from both."""
        for planned in plans:
            if planned.item.type in COUNTERS:
                self.history.held.setdefault(
                    (planned.item.type, self.key(planned.item.type, planned.item.data.ref)), {}
                )
        for (kind, key), change in self.history.held.items():
            ref = key.ref if isinstance(key, Link) else self.existing.ref_of(kind, key)
            planned = self.planned.get(ref or "")
            row = self.row_after(kind, ref) if ref else None
            if row is None:
                continue  # a missing reference, reported already
            held = {column: row.get(column, 0) + change.get(column, 0) for column in COUNTERS[kind]}
            quantity, first = row.get("quantity", 1), held[COUNTERS[kind][0]]
            if quantity < first:
                self._over(kind, key, ref, quantity, first)
            if planned is None or planned.item.type != kind:
                continue
            status = str(row.get("status"))
            if kind == "Resource":
                planned.values["status"] = resource_status(status, quantity, first)
            else:
                planned.values["status"] = demand_status(status, quantity, first, held["quantity_fulfilled"])

    def _over(self, kind: str, key: Key, ref: str | None, quantity: int, held: int) -> None:
        """An offer's history holds more than its quantity: the lines (in file order) from the
        one that goes beyond it are wrong, or the offer's own line, when it lowers the quantity
        below what is held already."""
        holders = sorted(self.history.holders.get((kind, key), []), key=lambda holder: holder[0].line)
        running = held - sum(units for _, units in holders)
        if holders and running <= quantity:
            for item, units in holders:
                running += units
                if running > quantity:
                    self.fail(item, "quantity", f"{kind} {ref!r} has {quantity} units; with this line "
                                                f"its history would hold {running}")  # fmt: skip
            return
        planned = self.planned.get(ref or "")
        if planned is not None:
            column = COUNTERS[kind][0].split("_")[1]
            self.fail(planned.item, "quantity", f"quantity {quantity} is below the {held} "
                                                f"already {column}")  # fmt: skip


def _either(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def plan_import(parsed: Parsed, existing: Existing) -> list[Planned]:
    """The rows to write, or ImportRejected listing every problem in the file."""
    return Checker(parsed, existing).plan()
