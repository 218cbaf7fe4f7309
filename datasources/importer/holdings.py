"""Whether the history of the file fits each offer's quantity: the units the engagement and
application lines hold of each resource and demand (as the workflows count them,
workflows/accounting.py), over what the database holds already, never beyond the quantity.

Checked from the sketches of the first pass, before any line is written: the lines (in file
order) from the one that goes beyond a quantity are wrong, or the offer's own line, when it
lowers the quantity below what is held already. The counters and statuses themselves are
recomputed from the rows once written (derive.py).
"""

from __future__ import annotations

from datasources.importer.checker import Checker
from datasources.importer.existing import Row
from datasources.importer.plan import Key, Link
from datasources.importer.scan import Sketch
from domain.enums import ApplicationStatus, EngagementStatus

# Per offer type: the counters history lines hold, the first the one the quantity bounds.
COUNTERS = {
    "Resource": ("quantity_committed",),
    "Demand": ("quantity_matched", "quantity_fulfilled"),
}
E, A = EngagementStatus, ApplicationStatus
HOLDING = frozenset({E.ACCEPTED, E.COMPLETED})  # units an engagement holds of both its offers
PLACE_TAKEN = frozenset({A.ACCEPTED, A.COMPLETED})  # a place an application holds of its position
Offer = tuple[str, Key]


class Holdings:
    def __init__(self, checker: Checker) -> None:
        self.checker = checker
        self.held: dict[Offer, dict[str, int]] = {}  # offer → counter → units the file changes
        self.holders: dict[Offer, list[tuple[int, int]]] = {}  # offer → (line, first counter's units)

    def check(self) -> None:
        checker = self.checker
        for ref, sketch in checker.index.declared.items():
            if sketch.values is None:
                continue
            if sketch.type in COUNTERS:
                self.held.setdefault((sketch.type, checker.key(sketch.type, ref)), {})
            elif sketch.type == "Engagement":
                self._engagement(ref, sketch)
            elif sketch.type == "VolunteerApplication":
                self._application(ref, sketch)
        for (kind, key), change in self.held.items():
            ref = key.ref if isinstance(key, Link) else checker.existing.ref_of(kind, key)
            row = checker.row_after(kind, ref) if ref else None
            if row is None:
                continue  # a missing reference, reported on its line
            quantity = row.get("quantity", 1)
            held = row.get(COUNTERS[kind][0], 0) + change.get(COUNTERS[kind][0], 0)
            if quantity < held:
                self._over(kind, key, ref, quantity, held)

    def _merged(self, kind: str, ref: str, sketch: Sketch) -> tuple[Row, Row | None]:
        before = self.checker.existing.by_ref[kind].get(ref)
        return {**(before or {}), **sketch.fields(update=before is not None)}, before

    def _engagement(self, ref: str, sketch: Sketch) -> None:
        checker = self.checker
        demand_ref, resource_ref = sketch.get("demand_ref"), sketch.get("resource_ref")
        if checker.kind_of(demand_ref) != "Demand" or checker.kind_of(resource_ref) != "Resource":
            return  # reported on the line
        if (
            checker.row_after("Demand", demand_ref) is None
            or checker.row_after("Resource", resource_ref) is None
        ):
            return
        row, before = self._merged("Engagement", ref, sketch)
        units, done = _units(row)
        resource, demand = (
            ("Resource", checker.key("Resource", resource_ref)),
            ("Demand", checker.key("Demand", demand_ref)),
        )
        self._hold(sketch.line, resource, quantity_committed=units)
        self._hold(sketch.line, demand, quantity_matched=units, quantity_fulfilled=done)
        if before is not None:  # the row it replaces gives back what it held
            units, done = _units(before)
            self._hold(None, ("Resource", before["resource_id"]), quantity_committed=-units)
            self._hold(
                None, ("Demand", before["demand_id"]), quantity_matched=-units, quantity_fulfilled=-done
            )

    def _application(self, ref: str, sketch: Sketch) -> None:
        checker = self.checker
        position_ref = sketch.get("position_ref")
        if (
            checker.kind_of(sketch.get("volunteer_ref")) != "Volunteer"
            or checker.kind_of(position_ref) != "Resource"
        ):
            return
        position = checker.row_after("Resource", position_ref)
        if position is None or position.get("category") != "VOLUNTEER_POSITION":
            return
        row, before = self._merged("VolunteerApplication", ref, sketch)
        taken = int(row["status"] in PLACE_TAKEN)
        self._hold(sketch.line, ("Resource", checker.key("Resource", position_ref)), quantity_committed=taken)
        if before is not None:
            given_back = -int(before["status"] in PLACE_TAKEN)
            self._hold(None, ("Resource", before["resource_id"]), quantity_committed=given_back)

    def _hold(self, line: int | None, offer: Offer, **units: int) -> None:
        held = self.held.setdefault(offer, {})
        for column, count in units.items():
            held[column] = held.get(column, 0) + count
        first = next(iter(units.values()))
        if line is not None and first:
            self.holders.setdefault(offer, []).append((line, first))

    def _over(self, kind: str, key: Key, ref: str | None, quantity: int, held: int) -> None:
        holders = sorted(self.holders.get((kind, key), []))
        running = held - sum(units for _, units in holders)
        if holders and running <= quantity:
            for line, units in holders:
                running += units
                if running > quantity:
                    self.checker.fail(line, "quantity", f"{kind} {ref!r} has {quantity} units; with this "
                                                        f"line its history would hold {running}")  # fmt: skip
            return
        sketch = self.checker.index.sketch(ref, kind)
        if sketch is not None:
            column = COUNTERS[kind][0].split("_")[1]
            self.checker.fail(sketch.line, "quantity", f"quantity {quantity} is below the {held} "
                                                       f"already {column}")  # fmt: skip


def _units(row: Row) -> tuple[int, int]:
    """The units an engagement holds of its offers, and those it fulfilled."""
    quantity = int(row["quantity"])
    return (quantity if row["status"] in HOLDING else 0), (quantity if row["status"] == E.COMPLETED else 0)


def check_holdings(checker: Checker) -> None:
    Holdings(checker).check()
