"""What a rule refused: the problems it raised, as the codes and input paths a client sees."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pytest

from domain.problems import Problem, Rejected
from domain.workflows.checks import Checks


def refused(rule: Callable[..., Any], *args: Any, **kwargs: Any) -> list[Problem]:
    """The problems `rule(*args, **kwargs)` is refused with (the test fails if it is not)."""
    with pytest.raises(Rejected) as raised:
        rule(*args, **kwargs)
    return raised.value.problems


def problems_of(rule: Callable[..., Any], *args: Any, **kwargs: Any) -> list[Problem]:
    """The problems `rule(*args, **kwargs)` is refused with; empty when it lets the input through."""
    try:
        rule(*args, **kwargs)
    except Rejected as rejected:
        return rejected.problems
    return []


def where(problems: Iterable[Problem]) -> list[tuple[str, tuple[str, ...] | None]]:
    """(code, field path) of each problem, in order."""
    return [(problem.code, problem.field) for problem in problems]


def keys(problems: Iterable[Problem]) -> list[str]:
    return [problem.key for problem in problems]


def collected(check: Callable[[Checks], Any]) -> list[Problem]:
    """The problems `check` adds to a fresh Checks (empty: it was fine)."""
    checks = Checks()
    check(checks)
    return checks.problems
