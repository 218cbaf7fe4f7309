"""Expected failures of a command, as data: a code, the input field, and a message key.

Rules in `domain/` raise `Rejected` with one or more `Problem`s; the GraphQL layer turns
them into `userErrors` in the viewer's language (see `domain/messages.py`). Unexpected faults
are ordinary exceptions and become (masked) GraphQL errors instead.

    Exception
     └── Rejected            one command refused; carries Problem(code, field, key, params)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class UserErrorCode(StrEnum):
    """Every code a `UserError` can carry, grouped by what went wrong."""

    # the input itself
    INVALID = "INVALID"
    REQUIRED = "REQUIRED"
    TOO_LONG = "TOO_LONG"
    OUT_OF_RANGE = "OUT_OF_RANGE"
    DUPLICATE = "DUPLICATE"
    # who is asking
    UNAUTHENTICATED = "UNAUTHENTICATED"
    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    FORBIDDEN = "FORBIDDEN"
    # the state of the world
    NOT_FOUND = "NOT_FOUND"
    INVALID_STATE = "INVALID_STATE"
    CONFLICT = "CONFLICT"
    LIMIT_REACHED = "LIMIT_REACHED"
    RATE_LIMITED = "RATE_LIMITED"


@dataclass(frozen=True)
class Problem:
    code: UserErrorCode
    key: str  # message key in domain/messages.py
    field: tuple[str, ...] | None = None  # path of the input field, e.g. ("input", "title")
    params: dict[str, Any] = dataclasses.field(default_factory=dict)


class Rejected(Exception):
    """A command was refused for expected reasons; nothing was changed."""

    def __init__(self, problems: Problem | Sequence[Problem]) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("; ".join(problem.key for problem in self.problems))
