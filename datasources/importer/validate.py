"""Checks that need other lines or the database, and the plan of rows they lead to.

Every line is checked and every problem collected; the plan is only returned when there
are none, so the writer never starts on a file that cannot be imported whole.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from datasources.importer.existing import Existing, Row
from datasources.importer.models import (
    DemandLine,
    OfferLine,
    OrganizationLine,
    ResourceLine,
    SocialWorkerLine,
    VolunteerLine,
)
from datasources.importer.parse import Item, Parsed
from datasources.importer.report import ImportRejected, LineError
from domain.matching.vocabulary import SKILLS
from domain.messages import message
from domain.problems import Rejected
from domain.workflows.accounting import demand_status, resource_status
from domain.workflows.categories import Window, check_stored_details, check_words
from domain.workflows.checks import Checks

PARTICIPANTS = {
    "Home": "HOME",
    "Organization": "ORGANIZATION",
    "SocialWorker": "SOCIAL_WORKER",
    "Volunteer": "VOLUNTEER",
}
# Graph fields that are not stored under their own (snake_case) name.
SPECIAL_FIELDS = {
    "ref", "district", "district_code", "amount", "provider_ref", "requester_ref",
    "agency_ref", "service_districts",
}  # fmt: skip
NOT_ADMITTED = ("PENDING", "REJECTED")
# A history is imported: what the workflows require to lie in the future may lie in the past.
HISTORY = datetime.min.replace(tzinfo=UTC)
OUT = ("SUSPENDED", "EXITED")


@dataclass(frozen=True)
class Link:
    """A reference to a row by its type and ref, turned into the row's id when written."""

    type: str
    ref: str


@dataclass
class Planned:
    item: Item
    existing: Row | None  # the row with this ref already in the database
    values: dict[str, Any]  # column → value; on update only the columns the line gives
    service_districts: list[int] | None = None  # None: leave as they are


class Checker:
    def __init__(self, parsed: Parsed, existing: Existing) -> None:
        self.parsed = parsed
        self.existing = existing
        self.errors: list[LineError] = []
        self.items = {i.data.ref: i for i in parsed.items if parsed.declared[i.data.ref][1] == i.line}
        self.credit_codes: dict[str, int] = {}  # line that first used each credit code

    def fail(self, item: Item, field: str | None, message: str) -> None:
        self.errors.append(LineError(item.line, field, message))

    def hold(self, item: Item, rules: Callable[[Checks], object]) -> None:
        """Hold a line to the workflows' own rules (domain/workflows): each problem they find
        becomes a line error at its field, in English."""
        checks = Checks()
        try:
            rules(checks)
        except Rejected as rejected:
            checks.problems += rejected.problems
        for problem in checks.problems:
            self.fail(item, problem.params.get("field"), message(problem.key, "en", problem.params))

    def plan(self) -> list[Planned]:
        plans = [self._plan(item) for item in self.items.values()]
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
        planned = Planned(item, row, values)
        self._district(planned)
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
        return planned

    # Districts ------------------------------------------------------------------------

    def _district(self, planned: Planned) -> None:
        data, item = planned.item.data, planned.item
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
        key = item and (item.data.district or item.data.district_code)
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
        self._party(planned, "provider", "providerRef", tuple(PARTICIPANTS))
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
        self._settle(planned, "quantity_committed", "quantityCommitted")

    def _check_demand(self, planned: Planned) -> None:
        self._party(planned, "requester", "requesterRef", ("Home", "Organization"))
        self._settle(planned, "quantity_matched", "quantityMatched")

    def _party(self, planned: Planned, role: str, field: str, allowed: tuple[str, ...]) -> None:
        """Resolve the provider or requester, default the district to theirs, check admission."""
        item, values = planned.item, planned.values
        ref = getattr(item.data, f"{role}_ref")
        kind = self.resolve(item, field, ref, allowed)
        if kind is None:
            return
        values[f"{role}_kind"] = PARTICIPANTS[kind]
        values[f"{role}_id"] = Link(kind, ref)
        if "district_id" not in values and planned.existing is None:
            values["district_id"] = self.district_of(ref)
        if kind == "Organization":
            self._admitted(planned, field, ref)

    def _admitted(self, planned: Planned, field: str, ref: str) -> None:
        """Only admitted organizations publish; suspended or exited ones publish nothing new."""
        status = self.organization_status(ref)
        offer = planned.values.get("status") or (planned.existing or {}).get("status")
        what = "resources" if planned.item.type == "Resource" else "demands"
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

    def _settle(self, planned: Planned, held_column: str, held_field: str) -> None:
        """Keep the quantity above what engagements hold, and the status derived from both."""
        row = planned.existing or {}
        values = planned.values
        quantity = values.get("quantity", row.get("quantity", 1))
        held = row.get(held_column, 0)
        if quantity < held:
            self.fail(planned.item, "quantity", f"quantity {quantity} is below the {held} "
                                                f"already committed ({held_field})")  # fmt: skip
            return
        status = str(values.get("status", row.get("status")))
        if planned.item.type == "Resource":
            values["status"] = resource_status(status, quantity, held)
        else:
            values["status"] = demand_status(status, quantity, held, row.get("quantity_fulfilled", 0))


def _either(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def plan_import(parsed: Parsed, existing: Existing) -> list[Planned]:
    """The rows to write, or ImportRejected listing every problem in the file."""
    return Checker(parsed, existing).plan()
