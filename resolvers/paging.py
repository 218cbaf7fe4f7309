"""Paging arguments: their checks, and opaque keyset cursors."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from typing import Any

from datasources.pagination import Keyset, PageQuery
from resolvers.errors import BadInput

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_CURSOR_LENGTH = 200


def pack_cursor(values: list[Any]) -> str:
    """An opaque cursor holding `values` (JSON)."""
    return base64.b64encode(json.dumps(values, ensure_ascii=False).encode()).decode()


def unpack_cursor(cursor: str, argument: str, length: int) -> list[Any]:
    """The `length` values a cursor of ours holds, or a BadInput naming `argument`."""
    if len(cursor) <= MAX_CURSOR_LENGTH:
        try:
            values = json.loads(base64.b64decode(cursor, validate=True))
        except (binascii.Error, ValueError):
            values = None
        if isinstance(values, list) and len(values) == length:
            return values
    raise BadInput(argument, f"'{cursor[:MAX_CURSOR_LENGTH]}' is not a valid cursor")


def encode_cursor(sort: str, value: Any, pk: int) -> str:
    if isinstance(value, datetime):
        value = value.isoformat()
    return pack_cursor([sort, value, pk])


def decode_cursor(cursor: str, *, argument: str, sort: str, datetime_sort: bool) -> Keyset:
    cursor_sort, value, pk = unpack_cursor(cursor, argument, 3)
    invalid = BadInput(argument, f"'{cursor[:MAX_CURSOR_LENGTH]}' is not a valid cursor")
    try:
        if datetime_sort:
            value = datetime.fromisoformat(value)
    except (ValueError, TypeError):
        raise invalid from None
    if not isinstance(pk, int) or isinstance(pk, bool):
        raise invalid
    if cursor_sort != sort:
        raise BadInput(argument, "the cursor was made for another ordering; keep `orderBy` unchanged")
    return Keyset(value=value, id=pk)


def page_query(
    *,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    sort: str,
    descending: bool,
    datetime_sort: bool = False,
) -> PageQuery:
    """Check the paging arguments and turn them into a PageQuery (or a BadInput)."""
    if first is not None and last is not None:
        raise BadInput("last", "pass `first` or `last`, not both")
    for name, size in (("first", first), ("last", last)):
        if size is not None and not 0 <= size <= MAX_PAGE_SIZE:
            raise BadInput(name, f"must be between 0 and {MAX_PAGE_SIZE}, got {size}")
    if first is None and last is None:
        first = DEFAULT_PAGE_SIZE
    keysets = {
        name: decode_cursor(value, argument=name, sort=sort, datetime_sort=datetime_sort)
        for name, value in (("after", after), ("before", before))
        if value is not None
    }
    return PageQuery(
        sort=sort,
        descending=descending,
        first=first,
        last=last,
        after=keysets.get("after"),
        before=keysets.get("before"),
    )
