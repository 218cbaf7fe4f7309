"""The checks of offer lines: a resource's party, window, details and districts served (the
rules publishing holds it to), a demand's requester. Whether the history of the file fits each
offer's quantity is holdings.py's."""

from __future__ import annotations

from datasources.importer.checker import HISTORY, Checker
from datasources.importer.models import ResourceLine
from datasources.importer.plan import PARTICIPANTS, Planned
from domain.workflows.categories import Window, check_stored_details


def resource(checker: Checker, planned: Planned) -> None:
    data = planned.item.data
    assert isinstance(data, ResourceLine)
    checker.party(planned, "provider", "providerRef", tuple(PARTICIPANTS))
    if _window(checker, planned) and {"details", "category"} & planned.values.keys():
        merged = {**(planned.existing or {}), **planned.values}
        window = Window(merged.get("available_from"), merged.get("available_until"), HISTORY)
        checker.hold(
            planned.item,
            lambda checks: check_stored_details(checks, merged["category"], merged["details"], window),
        )
    if "service_districts" in data.model_fields_set or planned.existing is None:
        ids = [
            checker.district_id(planned.item, f"serviceDistricts.{n}", key)
            for n, key in enumerate(data.service_districts)
        ]
        planned.service_districts = sorted({i for i in ids if i is not None})
    _settles(checker, planned)


def demand(checker: Checker, planned: Planned) -> None:
    checker.party(planned, "requester", "requesterRef", ("Home", "Organization"))
    _settles(checker, planned)


def _settles(checker: Checker, planned: Planned) -> None:
    """Its status follows from its quantity and what the history holds of it (derive.py), as
    the workflows would have left it: a line may say EXHAUSTED, or PUBLISHED of a full one."""
    planned.touches.append((planned.item.type, checker.key(planned.item.type, planned.item.data.ref)))


def _window(checker: Checker, planned: Planned) -> bool:
    """Whether the availability window is in order."""
    merged = {**(planned.existing or {}), **planned.values}
    start, end = merged.get("available_from"), merged.get("available_until")
    if start is not None and end is not None and start > end:
        checker.fail(planned.item, "availableUntil", "availableUntil is before availableFrom")
        return False
    return True
