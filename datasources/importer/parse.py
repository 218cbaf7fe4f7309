"""Reading the file: one JSON object per line, each checked against its type's model."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from datasources.importer.models import FORMAT, MODELS, Line
from datasources.importer.report import LineError


@dataclass(frozen=True)
class Item:
    """A line that passed its model."""

    line: int
    type: str
    data: Line


@dataclass
class Parsed:
    items: list[Item]
    # Every ref a line declares, even on a line with other errors, so a reference to it
    # is not reported again as dangling: ref → (type, line).
    declared: dict[str, tuple[str, int]]
    errors: list[LineError]


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def parse_lines(lines: Iterable[str]) -> Parsed:
    parsed = Parsed([], {}, [])
    for number, text in enumerate(lines, start=1):
        if text.strip():
            _parse_line(parsed, number, text)
    return parsed


def _parse_line(parsed: Parsed, number: int, text: str) -> None:
    def fail(field: str | None, message: str) -> None:
        parsed.errors.append(LineError(number, field, message))

    try:
        # Decimals keep amounts exact; NaN and Infinity are not JSON numbers.
        value = json.loads(text, parse_float=Decimal, parse_constant=_no_constants)
    except ValueError as error:
        return fail(None, f"not valid JSON: {error}")
    if not isinstance(value, dict):
        return fail(None, "each line must be one JSON object")
    kind = value.pop("type", None)
    if kind == "Export":
        return _header(value, fail)
    if not isinstance(kind, str) or kind not in MODELS:
        expected = ", ".join(MODELS)
        return fail("type", f"unknown type {kind!r}; expected one of {expected}")
    _declare(parsed, number, kind, value.get("ref"))
    try:
        parsed.items.append(Item(number, kind, MODELS[kind].model_validate(value)))
    except ValidationError as error:
        for problem in error.errors():
            field = ".".join(str(part) for part in problem["loc"]) or None
            fail(field, problem["msg"].removeprefix("Value error, "))
    return None


def _header(value: dict[str, Any], fail: Callable[[str | None, str], None]) -> None:
    """An export's header line (datasources/exporter.py): the format, whether personal data is in."""
    if value.get("format") != FORMAT:
        fail("format", f"format {value.get('format')!r} is not one this import reads ({FORMAT})")
    if not isinstance(value.get("personal"), bool) or set(value) != {"format", "personal"}:
        fail(None, 'an export header is {"type": "Export", "format": 1, "personal": true | false}')


def _declare(parsed: Parsed, number: int, kind: str, ref: object) -> None:
    if not isinstance(ref, str) or not ref.strip():
        return
    ref = ref.strip()
    if ref in parsed.declared:
        first = parsed.declared[ref][1]
        parsed.errors.append(LineError(number, "ref", f"duplicate ref {ref!r}: already used on line {first}"))
    else:
        parsed.declared[ref] = (kind, number)
