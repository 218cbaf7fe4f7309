"""Reading one line: a JSON object, checked against its type's model."""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable
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
    """What one line gave: its type and ref when it names them (even if it is bad otherwise, so
    a reference to it is not reported again as dangling), the item when it passed its model."""

    type: str | None = None
    ref: str | None = None
    item: Item | None = None


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


# Decimals keep amounts exact; NaN and Infinity are not JSON numbers. One decoder for every line.
_JSON = json.JSONDecoder(parse_float=Decimal, parse_constant=_no_constants)


def decode(number: int, raw: bytes, errors: list[LineError]) -> str:
    """A line's text; decoded alone (a bad byte is that line's error), the first line's byte
    order mark dropped."""
    if number == 1:
        raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        errors.append(LineError(number, None, "not valid UTF-8"))
        return ""


def parse_line(number: int, text: str, errors: list[LineError]) -> Parsed:
    """The line `number`, its problems added to `errors`."""

    def fail(field: str | None, message: str) -> Parsed:
        errors.append(LineError(number, field, message))
        return Parsed()

    try:
        value = _JSON.decode(text)
    except ValueError as error:
        return fail(None, f"not valid JSON: {error}")
    if not isinstance(value, dict):
        return fail(None, "each line must be one JSON object")
    kind = value.pop("type", None)
    if kind == "Export":
        _header(value, fail)
        return Parsed()
    if not isinstance(kind, str) or kind not in MODELS:
        expected = ", ".join(MODELS)
        return fail("type", f"unknown type {kind!r}; expected one of {expected}")
    ref = value.get("ref")
    parsed = Parsed(kind, ref.strip() if isinstance(ref, str) and ref.strip() else None)
    try:
        parsed.item = Item(number, kind, MODELS[kind].model_validate(value))
    except ValidationError as error:
        for problem in error.errors():
            field = ".".join(str(part) for part in problem["loc"]) or None
            fail(field, problem["msg"].removeprefix("Value error, "))
    return parsed


def _header(value: dict[str, Any], fail: Callable[[str | None, str], object]) -> None:
    """An export's header line (datasources/exporter.py): the format, whether personal data is in."""
    if value.get("format") != FORMAT:
        fail("format", f"format {value.get('format')!r} is not one this import reads ({FORMAT})")
    if not isinstance(value.get("personal"), bool) or set(value) != {"format", "personal"}:
        fail(None, 'an export header is {"type": "Export", "format": 1, "personal": true | false}')
