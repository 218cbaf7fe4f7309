"""Who a publishing command acts for: the caller's own participant; staff name one."""

from __future__ import annotations

from collections.abc import Collection

from domain.enums import ParticipantRef
from domain.problems import Problem, Rejected, UserErrorCode


def acting_party(
    own: ParticipantRef | None,
    is_staff: bool,
    named: ParticipantRef | None,
    kinds: Collection[str],
    field: str,
) -> ParticipantRef:
    """The participant a new record belongs to: the caller's own (of one of `kinds`; naming
    another is FORBIDDEN); federation staff act for none, so they must name it at `field`."""
    if is_staff:
        if named is None:
            raise Rejected(Problem(UserErrorCode.REQUIRED, "required", ("input", field), {"field": field}))
        if named[0] not in kinds:
            raise Rejected(Problem(UserErrorCode.INVALID, "invalid", ("input", field), {"field": field}))
        return named
    if own is None or own[0] not in kinds or (named is not None and named != own):
        raise Rejected(Problem(UserErrorCode.FORBIDDEN, "forbidden"))
    return own
