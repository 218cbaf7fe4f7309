"""What an appeal's and a complaint's lines share: the tracking code the filer follows it with
(kept when given, unique per type in the file and the database; drawn at random, as filing
does, when a new row has none), and steps (replies, actions) after the filing and each other."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from datasources.importer.checker import Checker
from datasources.importer.plan import Planned
from domain.workflows.appeals import new_tracking_code


def tracking_code(checker: Checker, planned: Planned, code: str | None) -> None:
    if code is None:
        if planned.existing is None:
            planned.values["tracking_code"] = new_tracking_code()
        else:  # kept as it is
            planned.values.pop("tracking_code", None)
        return
    kind, ref = planned.item.type, planned.item.data.ref
    owner = checker.existing.tracking_codes.get((kind, code), ref)
    if owner != ref:
        checker.fail(
            planned.item, "trackingCode", f"tracking code {code} already belongs to {kind} {owner!r}"
        )


def in_sequence(checker: Checker, planned: Planned, field: str, times: Sequence[datetime]) -> None:
    """Each step of `field` (replies, actions) after the row's createdAt and the steps before."""
    previous = planned.values.get("created_at") or (planned.existing or {}).get("created_at")
    for number, at in enumerate(times):
        if previous is not None and at < previous:
            checker.fail(planned.item, f"{field}.{number}.createdAt",
                         f"a step of {field} comes after the filing and the steps before it")  # fmt: skip
        previous = at
