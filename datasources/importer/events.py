"""The checks of an event line: the rules publishing an event holds it to, its organizer, and
who registered (each once, no more than its places)."""

from __future__ import annotations

from datasources.importer.checker import Checker
from datasources.importer.models import EventLine
from datasources.importer.plan import PARTICIPANTS, Key, Planned
from domain.workflows.events import ORGANIZER_KINDS, EventInput, check_event

ORGANIZERS = tuple(kind for kind, stored in PARTICIPANTS.items() if stored in ORGANIZER_KINDS)


def event(checker: Checker, planned: Planned) -> None:
    item, data = planned.item, planned.item.data
    assert isinstance(data, EventLine)
    row = {**(planned.existing or {}), **planned.values}
    checker.party(planned, "organizer", "organizerRef", ORGANIZERS)
    published = EventInput(
        row["title"], row["description"], row["starts_at"], row["ends_at"],
        row.get("registration_deadline"), row.get("capacity"), row.get("address"), row["skills"],
    )  # fmt: skip
    checker.hold(item, lambda _: check_event(published, checker.now))
    if "registrations" not in data.model_fields_set and planned.existing:
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
