"""Global ids in arguments: decoded with domain's codec, errors naming the argument."""

from __future__ import annotations

from domain.global_ids import MalformedGlobalId
from domain.global_ids import decode as decode_id
from resolvers.errors import BadInput


def decode(global_id: str, *, argument: str = "id") -> tuple[str, int]:
    """(type name, primary key) of a global id, or a BadInput naming `argument`."""
    try:
        return decode_id(global_id)
    except MalformedGlobalId as malformed:
        raise BadInput(argument, str(malformed)) from None


def decode_as(global_id: str, expected: str | tuple[str, ...], *, argument: str) -> int:
    """The primary key of a global id that must name one of the `expected` types."""
    type_name, pk = decode(global_id, argument=argument)
    allowed = (expected,) if isinstance(expected, str) else expected
    if type_name not in allowed:
        raise BadInput(argument, f"expected the id of a {' or '.join(allowed)}, got a {type_name}")
    return pk
