"""The second pass's checks of one line against other lines and the database, and the row it
plans. What every check shares lives here (references, parties, districts, the workflows' own
rules turned into line errors); each type's own checks live in their module (CHECKS).

Other lines are known by their sketch (scan.py) or by the row the database already has; every
problem is collected, and nothing is written once there is one (the import rolls back).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from datasources.importer.existing import Existing, Row
from datasources.importer.models import OfferLine, PlacedLine
from datasources.importer.parse import Item
from datasources.importer.plan import PARTICIPANTS, Key, Link, Planned
from datasources.importer.report import LineError
from datasources.importer.scan import Index
from domain.messages import message
from domain.problems import Rejected
from domain.workflows.checks import Checks

# Graph fields that are not stored under their own (snake_case) name.
SPECIAL_FIELDS = {
    "ref", "district", "district_code", "amount", "provider_ref", "requester_ref",
    "agency_ref", "service_districts", "organizer_ref", "registrations", "demand_ref",
    "resource_ref", "engagement_ref", "rater_ref", "volunteer_ref", "position_ref", "hours_served",
    "home_ref", "replies", "subject_ref", "actions",
}  # fmt: skip
# A history is imported: what the workflows require to lie in the future may lie in the past.
HISTORY = datetime.min.replace(tzinfo=UTC)
# The role of each party a sketched row names by ref, and the columns it is stored in.
ROLES = ("provider", "requester")
Party = tuple[str, Key]  # a participant: (kind, key)
Check = Callable[["Checker", Planned], None]


class Checker:
    def __init__(self, index: Index, existing: Existing, checks: dict[str, Check]) -> None:
        self.index = index
        self.existing = existing
        self.checks = checks
        self.errors: list[LineError] = []
        self.now = HISTORY
        self.rated: dict[tuple[Key, Party], int] = {}  # (engagement, rater) → line
        self.applied: dict[tuple[Key, Key], int] = {}  # (volunteer, position) → line

    def fail(self, item: Item | int, field: str | None, text: str) -> None:
        self.errors.append(LineError(item if isinstance(item, int) else item.line, field, text))

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

    def check(self, item: Item) -> Planned | None:
        """The row the line plans (its problems added to `errors`), None if it may not be
        imported at all: a participant erased at her request (deleteMyAccount) is never brought
        back by a later import."""
        data = item.data
        if data.ref in self.existing.erased:
            self.fail(item, "ref", f"ref {data.ref!r} was erased at its holder's request: "
                                   "it cannot be imported again")  # fmt: skip
            return None
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
        if isinstance(data, PlacedLine):
            self._district(planned, data)
        self.checks[item.type](self, planned)
        return planned

    # Districts ------------------------------------------------------------------------

    def _district(self, planned: Planned, data: PlacedLine) -> None:
        item = planned.item
        if data.district is not None and data.district_code is not None:
            self.fail(item, "district", "give district or districtCode, not both")
        elif data.district is not None:
            planned.values["district_id"] = self.district_id(item, "district", data.district)
        elif data.district_code is not None:
            planned.values["district_id"] = self.district_id(item, "districtCode", data.district_code)
        elif planned.existing is None and item.type in PARTICIPANTS:
            self.fail(item, "district", "district is required (a code such as 110105 or 朝阳区)")

    def district_id(self, item: Item, field: str, key: str) -> int | None:
        found = self.existing.districts.get(key)
        if found is None:
            self.fail(item, field, f"unknown district {key!r}: use a code such as 110105 "
                                   "or a Chinese name such as 朝阳区")  # fmt: skip
        return found

    def district_of(self, ref: str) -> int | None:
        """The district of the participant `ref` (in the file or the database), if known."""
        sketch = self.index.sketch(ref)
        key = sketch and (sketch.get("district") or sketch.get("district_code"))
        if key:
            return self.existing.districts.get(key)
        found = self.existing.find(ref)
        return found[1]["district_id"] if found else None

    # References -----------------------------------------------------------------------

    def kind_of(self, ref: str) -> str | None:
        """The type of the row `ref`, in this file or the database."""
        declared = self.index.declared.get(ref)
        found = None if declared else self.existing.find(ref)
        return declared.type if declared else (found[0] if found else None)

    def resolve(self, item: Item, field: str, ref: str, allowed: tuple[str, ...]) -> str | None:
        """The type of the row `ref`, if it exists and is one of `allowed`."""
        kind = self.kind_of(ref)
        if kind is None:
            self.fail(item, field, f"no {either(allowed)} with ref {ref!r} "
                                   "in this file or the database")  # fmt: skip
            return None
        if kind not in allowed:
            self.fail(item, field, f"ref {ref!r} is a {kind}; expected {either(allowed)}")
            return None
        return kind

    def key(self, kind: str, ref: str) -> Key:
        """How the row `ref` of type `kind` is referred to: its id if the database has it."""
        row = self.existing.by_ref.get(kind, {}).get(ref)
        return int(row["id"]) if row is not None else Link(kind, ref)

    def row_after(self, kind: str, ref: str) -> Row | None:
        """The row `ref` of type `kind` as this import leaves it (the sketched fields of the
        file's line over the database's columns), if either has it; parties by kind and key."""
        row = self.existing.by_ref.get(kind, {}).get(ref)
        sketch = self.index.sketch(ref, kind)
        if sketch is None:
            return row
        values = sketch.fields(update=row is not None)
        for role in ROLES:
            party = values.pop(f"{role}_ref", None)
            kind_of_party = self.kind_of(party) if party else None
            if party and kind_of_party in PARTICIPANTS:
                values[f"{role}_kind"] = PARTICIPANTS[kind_of_party]
                values[f"{role}_id"] = self.key(kind_of_party, party)
        return {**(row or {}), **values}

    def row_of(self, item: Item, field: str, ref: str, kind: str) -> Row | None:
        """The row a line refers to at `field`, or None (and a line error) if there is none."""
        return self.row_after(kind, ref) if self.resolve(item, field, ref, (kind,)) else None

    def party_of(self, row: dict[str, Any], role: str) -> Party:
        kind, key = row[f"{role}_kind"], row[f"{role}_id"]
        return kind, self.key(key.type, key.ref) if isinstance(key, Link) else key

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

    # Organizations --------------------------------------------------------------------

    def organization_status(self, ref: str) -> str | None:
        """An organization's status once this import is written, if known."""
        sketch = self.index.sketch(ref, "Organization")
        row = self.existing.by_ref["Organization"].get(ref)
        if sketch is None or (row is not None and "status" not in sketch.given):
            return row["status"] if row else None
        return sketch.get("status")

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


NOT_ADMITTED = ("PENDING", "REJECTED")
# An exit withdraws what an organization offered; a suspension leaves it (its engagements are
# flagged instead), so a suspended organization's resources may be PUBLISHED.
OUT = ("EXITED",)


def either(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
