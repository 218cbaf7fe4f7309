"""Who is asking: an account with roles, acting for at most one participant."""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.enums import ROLE_PARTICIPANT_KINDS, STAFF_ROLES, ParticipantRef, Role

__all__ = ["ANONYMOUS", "ROLE_PARTICIPANT_KINDS", "STAFF_ROLES", "Viewer"]


@dataclass(frozen=True)
class Viewer:
    account_id: int | None = None
    roles: frozenset[Role] = field(default_factory=frozenset)
    participant_kind: str | None = None  # the participant the account acts for, if any
    participant_id: int | None = None

    @property
    def is_authenticated(self) -> bool:
        return self.account_id is not None

    @property
    def is_staff(self) -> bool:
        """Federation staff (admins and supervisors) see everything."""
        return bool(self.roles & STAFF_ROLES)

    @property
    def participant(self) -> ParticipantRef | None:
        if self.participant_kind is None or self.participant_id is None:
            return None
        return (self.participant_kind, self.participant_id)

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    def acts_for(self, kind: str, participant_id: int) -> bool:
        """Whether the account acts for this participant (a home manager for her home...)."""
        return self.participant_kind == kind and self.participant_id == participant_id


ANONYMOUS = Viewer()
