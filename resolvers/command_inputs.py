"""Turning a mutation's input into a command's arguments: global ids become keys, or user errors."""

from __future__ import annotations

from domain.problems import UserErrorCode
from domain.workflows.checks import Checks
from resolvers.errors import BadInput
from resolvers.global_ids import decode_as


def primary_key(checks: Checks, field: str, global_id: str, type_name: str) -> int:
    """The primary key a global id of `type_name` names; a malformed id, or one of another type,
    is an INVALID problem at `field` in `checks` (then 0 is returned, and `checks.done()` refuses)."""
    try:
        return decode_as(global_id, type_name, argument=field)
    except BadInput:
        checks.add(UserErrorCode.INVALID, "invalid", field)
        return 0
