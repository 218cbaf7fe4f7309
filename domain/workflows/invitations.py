"""Invitations: who may invite whom to which role, how long an invitation lasts, how its code reads."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from enum import StrEnum

from domain.enums import ROLE_PARTICIPANT_KINDS, STAFF_ROLES, ParticipantKind, ParticipantRef, Role
from domain.problems import Problem, Rejected, UserErrorCode

DEFAULT_VALID_DAYS = 7
MAX_VALID_DAYS = 30
CODE_ATTEMPTS = 5
CODE_LENGTH = 12  # from 31 letters: ~59 bits, out of reach of the attempt budget
# Participants that one person is: claimed by one account at most (homes and organizations
# have several).
PERSONS = frozenset({ParticipantKind.SOCIAL_WORKER, ParticipantKind.VOLUNTEER})


class InvitationStatus(StrEnum):
    OPEN = "OPEN"  # waiting to be accepted
    ACCEPTED = "ACCEPTED"
    REVOKED = "REVOKED"
    EXPIRED = "EXPIRED"  # OPEN past its expiry (never stored)


def shown_status(stored: str, expires_at: datetime, now: datetime) -> InvitationStatus:
    if stored == InvitationStatus.OPEN and expires_at <= now:
        return InvitationStatus.EXPIRED
    return InvitationStatus(stored)


def invited_participant(
    role: Role,
    viewer_roles: Collection[Role],
    own: ParticipantRef | None,
    named: ParticipantRef | None,
) -> ParticipantRef | None:
    """Whom the invited account will act for, if the viewer may invite to `role`:
    staff roles by an ADMIN (acting for nobody); a home's manager, or the person behind an
    imported social worker or volunteer (claiming), by staff naming it; a colleague by staff
    naming the organization, or by one of its members (naming it or not)."""
    kind = ROLE_PARTICIPANT_KINDS.get(role)
    is_staff = bool(set(viewer_roles) & STAFF_ROLES)
    if kind is None:  # ADMIN, SUPERVISOR
        if Role.ADMIN not in viewer_roles:
            raise _forbidden()
        if named is not None:
            raise _invalid_participant()
        return None
    if kind == ParticipantKind.ORGANIZATION and not is_staff and own is not None and own[0] == kind:
        if named is not None and named != own:
            raise _forbidden()
        return own
    if not is_staff:
        raise _forbidden()
    if named is None:
        raise Rejected(
            Problem(
                UserErrorCode.REQUIRED, "required", ("input", "participantId"), {"field": "participantId"}
            )
        )
    if named[0] != kind:
        raise _invalid_participant()
    return named


def split_code(text: str) -> tuple[str, str]:
    """(invitation id, secret) of an invitation code as shown ("<id>-<secret>"); ("", text) when
    it has no such shape, which matches no invitation."""
    head, dash, secret = text.strip().partition("-")
    return (head, secret) if dash and head.isdigit() else ("", text)


def shown_code(invitation_id: int, secret: str) -> str:
    return f"{invitation_id}-{secret}"


def _forbidden() -> Rejected:
    return Rejected(Problem(UserErrorCode.FORBIDDEN, "forbidden"))


def _invalid_participant() -> Rejected:
    return Rejected(
        Problem(
            UserErrorCode.INVALID,
            "role_misfit_participant",
            ("input", "participantId"),
            {"field": "participantId"},
        )
    )
