"""Who is asking. Sign-in arrives with the identity issue; until then every request is anonymous."""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.enums import Role


@dataclass(frozen=True)
class Viewer:
    account_id: int | None = None
    roles: frozenset[Role] = field(default_factory=frozenset)

    @property
    def is_staff(self) -> bool:
        """Federation staff (admins and supervisors) see everything."""
        return bool(self.roles & {Role.ADMIN, Role.SUPERVISOR})


ANONYMOUS = Viewer()
