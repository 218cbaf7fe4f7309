"""The checks that turn GraphQL arguments into query filters (errors name the argument)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import Enum
from typing import Protocol

from datasources.queries.common import Near
from domain.geo import valid_point
from resolvers.errors import BadInput
from resolvers.global_ids import decode_as

MAX_SEARCH_LENGTH = 100
MAX_IDS_IN_FILTER = 100
MAX_RADIUS_KM = 200.0


class Circle(Protocol):
    """A `NearInput`: centre and radius."""

    lat: float
    lon: float
    radius_km: float


def search_text(value: str | None, argument: str) -> str | None:
    if value is None:
        return None
    text = value.strip()
    if not text:
        raise BadInput(argument, "the search text is empty")
    if len(text) > MAX_SEARCH_LENGTH:
        raise BadInput(argument, f"the search text is longer than {MAX_SEARCH_LENGTH} characters")
    return text


def ids_of(values: Iterable[str] | None, type_name: str, argument: str) -> tuple[int, ...]:
    if values is None:
        return ()
    values = list(values)
    if len(values) > MAX_IDS_IN_FILTER:
        raise BadInput(argument, f"at most {MAX_IDS_IN_FILTER} ids")
    return tuple(decode_as(value, type_name, argument=argument) for value in values)


def names(values: Iterable[Enum] | None) -> tuple[str, ...]:
    return tuple(sorted({value.value for value in values})) if values else ()


def time_range(after: datetime | None, before: datetime | None, argument: str) -> None:
    if after is not None and before is not None and after >= before:
        raise BadInput(argument, "the start of the range must come before its end")
    for value in (after, before):
        if value is not None and value.tzinfo is None:
            raise BadInput(
                argument, "give times with a UTC offset (ISO 8601), e.g. 2026-01-01T00:00:00+08:00"
            )


def near_of(value: Circle | None, argument: str) -> Near | None:
    if value is None:
        return None
    if not valid_point(value.lat, value.lon):
        raise BadInput(argument, "latitude must be within -90..90 and longitude within -180..180")
    if not 0 < value.radius_km <= MAX_RADIUS_KM:
        raise BadInput(argument, f"radiusKm must be above 0 and at most {MAX_RADIUS_KM:g}")
    return Near(lat=value.lat, lon=value.lon, radius_km=value.radius_km)


def descending(direction: Enum) -> bool:
    """Whether an `OrderDirection` is DESC."""
    return direction.value == "DESC"
