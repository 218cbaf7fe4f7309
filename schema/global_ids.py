"""Opaque Relay global ids: base64("TypeName:pk"), the same encoding as strawberry's GlobalID."""

from __future__ import annotations

import base64
import binascii

from schema.errors import BadInput

MAX_ID_LENGTH = 100


def encode(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def decode(global_id: str, *, argument: str = "id") -> tuple[str, int]:
    """(type name, primary key) of a global id, or a BadInput naming `argument`."""
    if not isinstance(global_id, str) or not global_id or len(global_id) > MAX_ID_LENGTH:
        raise BadInput(argument, f"'{str(global_id)[:MAX_ID_LENGTH]}' is not a valid global id")
    try:
        type_name, _, pk = base64.b64decode(global_id, validate=True).decode().partition(":")
        number = int(pk)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise BadInput(argument, f"'{global_id}' is not a valid global id") from None
    if not type_name or number <= 0:
        raise BadInput(argument, f"'{global_id}' is not a valid global id")
    return type_name, number


def decode_as(global_id: str, expected: str | tuple[str, ...], *, argument: str) -> int:
    """The primary key of a global id that must name one of the `expected` types."""
    type_name, pk = decode(global_id, argument=argument)
    allowed = (expected,) if isinstance(expected, str) else expected
    if type_name not in allowed:
        raise BadInput(argument, f"expected the id of a {' or '.join(allowed)}, got a {type_name}")
    return pk
