"""Small input checks that collect problems instead of stopping at the first."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from domain.problems import Problem, Rejected, UserErrorCode

# Contact details people type: a phone number (digits, spaces, dashes, a leading +), an e-mail.
PHONE = re.compile(r"\+?[0-9][0-9 -]{4,28}[0-9]")
MAX_PHONE = 30
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
MAX_EMAIL = 200


def optional_text(text: str | None) -> str | None:
    """An optional text as stored: trimmed, and None when blank."""
    return text.strip() or None if text is not None else None


class Checks:
    """Collects the problems of one input; `done()` raises them all at once. `prefix`: where the
    fields are inside the input, e.g. ("proposals", "3") for the fourth item of a list."""

    def __init__(self, prefix: tuple[str, ...] = ()) -> None:
        self.problems: list[Problem] = []
        self.prefix = prefix

    def add(self, code: UserErrorCode, key: str, field: str | None, **params: Any) -> None:
        """A problem at `field`; a dotted field ("venue.capacity") names a nested input field."""
        path = ("input", *self.prefix, *field.split(".")) if field else None
        named = ".".join((*self.prefix, field)) if field else None
        self.problems.append(Problem(code, key, path, {"field": named, **params}))

    def text(
        self,
        field: str,
        value: str | None,
        *,
        required: bool = True,
        min_length: int = 1,
        max_length: int = 200,
    ) -> None:
        if value is None or not value.strip():
            if required:
                self.add(UserErrorCode.REQUIRED, "required", field)
            return
        if len(value.strip()) < min_length:
            self.add(UserErrorCode.INVALID, "too_short", field, min=min_length)
        if len(value) > max_length:
            self.add(UserErrorCode.TOO_LONG, "too_long", field, max=max_length)

    def matches(self, field: str, value: str | None, pattern: re.Pattern, *, max_length: int) -> None:
        """An optional value (blank: none) that, trimmed, must match `pattern`."""
        if value is None or not value.strip():
            return
        if len(value) > max_length:
            self.add(UserErrorCode.TOO_LONG, "too_long", field, max=max_length)
        elif not pattern.fullmatch(value.strip()):
            self.add(UserErrorCode.INVALID, "invalid", field)

    def number(
        self, field: str, value: float | None, *, low: float, high: float, required: bool = True
    ) -> None:
        if value is None:
            if required:
                self.add(UserErrorCode.REQUIRED, "required", field)
            return
        if not low <= value <= high:
            self.add(UserErrorCode.OUT_OF_RANGE, "out_of_range", field, min=low, max=high)

    def window(self, field: str, start: datetime | None, end: datetime | None) -> None:
        if start is not None and end is not None and start >= end:
            self.add(UserErrorCode.INVALID, "window_order", field)

    def items(self, field: str, values: Iterable[Any] | None, *, max_items: int) -> None:
        if values is not None and len(list(values)) > max_items:
            self.add(UserErrorCode.OUT_OF_RANGE, "too_many", field, max=max_items)

    def done(self) -> None:
        if self.problems:
            raise Rejected(self.problems)
