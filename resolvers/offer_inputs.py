"""Turning the publishing inputs into checked column values (resources and demands alike)."""

from __future__ import annotations

import dataclasses
from typing import Any

from domain.enums import ParticipantRef
from domain.global_ids import PARTICIPANT_TYPES
from domain.workflows.checks import Checks
from domain.workflows.offers import MAX_RADIUS_KM, check_point, check_tags, check_texts
from resolvers.command_inputs import primary_key
from resolvers.commands import input_pk
from resolvers.global_ids import decode


def named_party(global_id: str | None, field: str, types: tuple[str, ...]) -> ParticipantRef | None:
    """The participant an input names, if any (INVALID at `field` if malformed or of another type)."""
    if global_id is None:
        return None
    pk = input_pk(global_id, types, field)
    return PARTICIPANT_TYPES[decode(global_id)[0]], pk


def district_ids(checks: Checks, field: str, ids: list[str] | None) -> list[int] | None:
    if ids is None:
        return None
    return [primary_key(checks, f"{field}.{index}", gid, "District") for index, gid in enumerate(ids)]


def common_values(checks: Checks, input: Any, *, creating: bool) -> dict[str, Any]:
    """Checked columns resources and demands share; on update only those given."""
    check_texts(checks, input.title, input.description, input.unit, creating=creating)
    check_tags(checks, input.tags)
    location = getattr(input, "location", None)
    if location is not None:
        check_point(checks, "location", location.lat, location.lon)
    values = {
        "title": _stripped(input.title),
        "description": _stripped(input.description),
        "unit": _stripped(input.unit),
        "tags": None if input.tags is None else [tag.strip() for tag in input.tags],
        "quantity": input.quantity,
    }
    return {key: value for key, value in values.items() if value is not None}


def radius(checks: Checks, value: float | None) -> dict[str, Any]:
    if value is None:
        return {}
    checks.number("serviceRadiusKm", value, low=0.1, high=MAX_RADIUS_KM)
    return {"service_radius_km": value}


def location_of(input: Any) -> tuple[float, float] | None:
    location = getattr(input, "location", None)
    return None if location is None else (location.lat, location.lon)


def _stripped(text: str | None) -> str | None:
    return None if text is None else text.strip()


def plain(value: Any) -> Any:
    """An input object as a plain dict (nested inputs too), for the pure checks."""
    if value is None:
        return None
    if dataclasses.is_dataclass(value):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value
