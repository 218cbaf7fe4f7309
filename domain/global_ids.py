"""Opaque Relay global ids: base64("TypeName:pk"), the same encoding as strawberry's GlobalID.

The one codec of the project: the graph decodes ids of its arguments with it (naming the
argument in its errors, `resolvers/global_ids.py`), and tokens name their participant with it.
"""

from __future__ import annotations

import base64
import binascii

from domain.enums import ParticipantKind, ParticipantRef

MAX_ID_LENGTH = 100

# The GraphQL type of each kind of participant, and back.
PARTICIPANT_TYPES: dict[str, ParticipantKind] = {
    "Home": ParticipantKind.HOME,
    "Organization": ParticipantKind.ORGANIZATION,
    "SocialWorker": ParticipantKind.SOCIAL_WORKER,
    "Volunteer": ParticipantKind.VOLUNTEER,
}
PARTICIPANT_TYPE_NAMES: dict[ParticipantKind, str] = {kind: name for name, kind in PARTICIPANT_TYPES.items()}


class MalformedGlobalId(ValueError):
    """Not a global id at all (the message quotes at most MAX_ID_LENGTH characters of it)."""


def encode(type_name: str, pk: int) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def decode(global_id: str) -> tuple[str, int]:
    """(type name, primary key) of a global id, or MalformedGlobalId."""
    invalid = MalformedGlobalId(f"'{str(global_id)[:MAX_ID_LENGTH]}' is not a valid global id")
    if not isinstance(global_id, str) or not global_id or len(global_id) > MAX_ID_LENGTH:
        raise invalid
    try:
        type_name, _, pk = base64.b64decode(global_id, validate=True).decode().partition(":")
        number = int(pk)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise invalid from None
    if not type_name or number <= 0:
        raise invalid
    return type_name, number


def participant_global_id(ref: ParticipantRef) -> str:
    kind, pk = ref
    return encode(PARTICIPANT_TYPE_NAMES[ParticipantKind(kind)], pk)


def participant_ref(global_id: str) -> ParticipantRef | None:
    """The (kind, id) a participant's global id names, or None if it names no participant."""
    try:
        type_name, pk = decode(global_id)
    except MalformedGlobalId:
        return None
    kind = PARTICIPANT_TYPES.get(type_name)
    return (str(kind), pk) if kind is not None else None
