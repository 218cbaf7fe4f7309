"""The first pass: every line read once and checked alone; kept of it only what other lines are
checked against (its type, line number, place in the file and a few fields: a `Sketch`), so the
memory an import takes grows with the number of refs, not with what the lines hold.

The second pass (`second_pass`) reads the lines again, one type after the other in dependency order,
by their place in the file.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from datasources.importer.models import MODELS, EventLine, OrganizationLine
from datasources.importer.parse import Item, decode, parse_line
from datasources.importer.report import TYPES, LineError

# What other lines read of a line of each type: a participant's district, an organization's
# status, an offer's party, category, quantity and window, an engagement's sides and steps, an
# application's position (for the units the history holds of each offer).
PLACE = ("district", "district_code")
SKETCHED: dict[str, tuple[str, ...]] = {
    "Organization": (*PLACE, "status"),
    "Home": PLACE,
    "SocialWorker": PLACE,
    "Volunteer": PLACE,
    "Resource": ("provider_ref", "status", "category", "quantity", "available_from", "available_until"),
    "Demand": ("requester_ref", "status", "category", "quantity"),
    "Event": (),
    "Engagement": ("demand_ref", "resource_ref", "status", "quantity", "completed_at"),
    "Rating": (),
    "VolunteerApplication": ("volunteer_ref", "position_ref", "status"),
    "Appeal": (),
    "Complaint": (),
}
# Fields naming other rows by ref: what the database is asked for besides the declared refs.
REFERENCES = (
    "provider_ref", "requester_ref", "agency_ref", "organizer_ref", "demand_ref", "resource_ref",
    "engagement_ref", "rater_ref", "volunteer_ref", "position_ref", "home_ref",
    "subject_ref",
)  # fmt: skip
# Per type, the reference fields its model has (getattr of a field it lacks is slow).
REFERRING = {
    kind: [name for name in REFERENCES if name in model.model_fields] for kind, model in MODELS.items()
}
TRACKED = ("Appeal", "Complaint")  # the types with a tracking code, unique per type
BATCH = 2_000  # lines checked and written at a time


@dataclass(slots=True)
class Sketch:
    type: str
    line: int
    values: tuple[Any, ...] | None  # SKETCHED[type]'s values; None when the line failed its model
    given: frozenset[str]  # those of them the line gives (the others are defaults)
    row_id: int | None = None  # the row's id once the import created it

    def get(self, name: str) -> Any:
        names = SKETCHED[self.type]
        return self.values[names.index(name)] if self.values is not None and name in names else None

    def fields(self, *, update: bool) -> dict[str, Any]:
        """The sketched fields a row takes from the line: on an update only those it gives."""
        if self.values is None:
            return {}
        pairs = zip(SKETCHED[self.type], self.values, strict=True)
        return {name: value for name, value in pairs if not update or name in self.given}


@dataclass
class Index:
    declared: dict[str, Sketch] = field(default_factory=dict)  # by ref, in file order
    # Per type, the byte offset and number of each line to check and write (its ref's first).
    offsets: dict[str, array[int]] = field(default_factory=lambda: {k: array("q") for k in TYPES})
    numbers: dict[str, array[int]] = field(default_factory=lambda: {k: array("l") for k in TYPES})
    referred: set[str] = field(default_factory=set)  # refs lines refer to
    credit_codes: dict[str, int] = field(default_factory=dict)  # the line that first used each
    tracking_codes: dict[tuple[str, str], int] = field(default_factory=dict)  # (type, code), likewise
    errors: list[LineError] = field(default_factory=list)
    count: int = 0  # lines read

    def sketch(self, ref: str | None, kind: str | None = None) -> Sketch | None:
        """The sketch of the line that passed its model and declares `ref` (as a `kind`)."""
        found = self.declared.get(ref) if ref else None
        if found is None or found.values is None or (kind is not None and found.type != kind):
            return None
        return found

    def refs(self) -> set[str]:
        return set(self.declared) | self.referred


_given: dict[frozenset[str], frozenset[str]] = {}  # one copy of each set of given names


def first_pass(path: Path) -> Index:
    index = Index()
    offset = 0
    with path.open("rb") as file:
        for number, raw in enumerate(file, start=1):
            index.count = number
            text = decode(number, raw, index.errors)
            if text.strip():
                _add(index, number, offset, text)
            offset += len(raw)
    return index


def _add(index: Index, number: int, offset: int, text: str) -> None:
    parsed = parse_line(number, text, index.errors)
    if parsed.type is None or parsed.ref is None:
        return
    first = index.declared.get(parsed.ref)
    if first is not None:
        index.errors.append(
            LineError(number, "ref", f"duplicate ref {parsed.ref!r}: already used on line {first.line}")
        )
        return
    item = parsed.item
    index.declared[parsed.ref] = _sketch(parsed.type, number, item)
    if item is None:
        return
    index.offsets[item.type].append(offset)
    index.numbers[item.type].append(number)
    data = item.data
    index.referred.update(ref for name in REFERRING[item.type] if (ref := getattr(data, name)))
    if isinstance(data, EventLine):
        index.referred.update(data.registrations)
    if isinstance(data, OrganizationLine):
        line = index.credit_codes.setdefault(data.credit_code, number)
        if line != number:
            index.errors.append(
                LineError(number, "creditCode", f"credit code {data.credit_code} already used on line {line}")
            )
    code = getattr(data, "tracking_code", None) if item.type in TRACKED else None
    if code is not None:
        line = index.tracking_codes.setdefault((item.type, code), number)
        if line != number:
            index.errors.append(
                LineError(number, "trackingCode", f"tracking code {code} already used on line {line}")
            )


def _sketch(kind: str, number: int, item: Item | None) -> Sketch:
    if item is None:
        return Sketch(kind, number, None, frozenset())
    names = SKETCHED[kind]
    given = frozenset(item.data.model_fields_set & set(names))
    return Sketch(
        kind, number, tuple(getattr(item.data, name) for name in names), _given.setdefault(given, given)
    )


def second_pass(path: Path, index: Index) -> Iterator[tuple[str, list[Item]]]:
    """The second pass: the lines to check and write, type by type, in batches."""
    errors: list[LineError] = []  # reported by the first pass already
    with path.open("rb") as file:
        for kind in TYPES:
            batch: list[Item] = []
            for offset, number in zip(index.offsets[kind], index.numbers[kind], strict=True):
                item = _read(file, offset, number, errors)
                if item is not None:
                    batch.append(item)
                if len(batch) == BATCH:
                    yield kind, batch
                    batch = []
            if batch:
                yield kind, batch


def _read(file: BinaryIO, offset: int, number: int, errors: list[LineError]) -> Item | None:
    file.seek(offset)
    return parse_line(number, decode(number, file.readline(), errors), errors).item
