"""What the workflows decide by the moment they run (a timestamp per step) becomes a check that
a history line's dates fit its status and follow each other."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import cache
from typing import Any

from datasources.importer.checker import Checker
from datasources.importer.parse import Item
from domain.enums import ApplicationStatus, EngagementStatus

E, A = EngagementStatus, ApplicationStatus
Rules = dict[str, tuple[tuple[str, ...], tuple[str, ...]]]
# The dates each status needs, and those it cannot have (a step it never took).
ENGAGEMENT_DATES: Rules = {
    E.PROPOSED: ((), ("respondedAt", "completedAt", "cancelledAt")),
    E.ACCEPTED: (("respondedAt",), ("completedAt", "cancelledAt")),
    E.DECLINED: (("respondedAt",), ("completedAt", "cancelledAt")),
    E.COMPLETED: (("respondedAt", "completedAt"), ("cancelledAt",)),
    E.CANCELLED: (("cancelledAt",), ("completedAt",)),
}
APPLICATION_DATES: Rules = {
    A.APPLIED: ((), ("decidedAt", "completedAt", "hoursServed")),
    A.ACCEPTED: (("decidedAt",), ("completedAt", "hoursServed")),
    A.DECLINED: (("decidedAt",), ("completedAt", "hoursServed")),
    A.COMPLETED: (("decidedAt", "completedAt", "hoursServed"), ()),
    A.WITHDRAWN: ((), ("completedAt", "hoursServed")),
}


@cache
def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def snake(name: str) -> str:
    return "".join(f"_{char.lower()}" if char.isupper() else char for char in name)


def given(row: dict[str, Any]) -> set[str]:
    """The fields (camelCase) a row has a value for."""
    return {camel(name) for name, value in row.items() if value is not None}


def required(checker: Checker, item: Item, status: str, present: set[str], rules: Rules) -> None:
    """The fields the status needs are `present`, those it cannot have are not."""
    needed, refused = rules[status]
    for name in needed:
        if name not in present:
            checker.fail(item, name, f"a {status} {item.type} needs {name}")
    for name in refused:
        if name in present:
            checker.fail(item, name, f"a {status} {item.type} has no {name}")


def in_order(checker: Checker, item: Item, row: dict[str, Any], order: Iterable[str]) -> None:
    """The given dates of `order` follow each other."""
    previous: tuple[str, datetime] | None = None
    for name in order:
        value = row.get(snake(name))
        if value is None:
            continue
        if previous is not None and value < previous[1]:
            checker.fail(item, name, f"{name} is before {previous[0]}")
        previous = (name, value)
