"""Small input checks that collect problems instead of stopping at the first."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from domain.enums import ParticipantRef
from domain.global_ids import PARTICIPANT_TYPES, MalformedGlobalId, decode
from domain.problems import Problem, Rejected, UserErrorCode

# Contact details people type: a phone number (digits, spaces, dashes, a leading +), an e-mail.
PHONE = re.compile(r"\+?[0-9][0-9 -]{4,28}[0-9]")
MAX_PHONE = 30
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
MAX_EMAIL = 200


def optional_text(text: str | None) -> str | None:
    """An optional text as stored: trimmed, and None when blank."""
    return text.strip() or None if text is not None else None


def key_of(global_id: str, expected: str | tuple[str, ...], field: str) -> int:
    """The primary key a global id in an input names; INVALID at `field` if it is malformed or
    names another type than `expected`."""
    try:
        type_name, pk = decode(global_id)
    except MalformedGlobalId:
        type_name, pk = "", 0
    if type_name not in ((expected,) if isinstance(expected, str) else expected):
        raise Rejected(Problem(UserErrorCode.INVALID, "invalid", ("input", field), {"field": field}))
    return pk


def party_of(global_id: str | None, field: str, types: tuple[str, ...]) -> ParticipantRef | None:
    """The participant an input names (one of the GraphQL `types`), if any; INVALID at `field`
    if malformed or of another type."""
    if global_id is None:
        return None
    pk = key_of(global_id, types, field)
    return PARTICIPANT_TYPES[decode(global_id)[0]], pk


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

    def key(self, field: str, global_id: str, expected: str | tuple[str, ...]) -> int:
        """The primary key a global id names (of the `expected` type, or one of them); a malformed
        id, or one of another type, is an INVALID problem at `field` (then 0 is returned, and
        `done()` refuses)."""
        try:
            return key_of(global_id, expected, field)
        except Rejected:
            self.add(UserErrorCode.INVALID, "invalid", field)
            return 0

    def done(self) -> None:
        if self.problems:
            raise Rejected(self.problems)
