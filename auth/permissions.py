"""Permission classes, declared on the fields and mutations they guard.

On a field, a refused permission gives null and an error at that path (extensions.code
FORBIDDEN, or UNAUTHENTICATED when signing in would help); the rest of the response
still arrives. On a mutation, wrap the permissions in `MutationGuard`: a refusal is a
user error in the payload (code FORBIDDEN / UNAUTHENTICATED), as the graph contract wants
(`schema/mutation_fields.py`).

Each class has `rule`, the sentence to put in the guarded field's description, so a reader
of the schema sees who may do what.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry
from graphql import GraphQLErrorExtensions
from strawberry.permission import BasePermission, PermissionExtension
from strawberry.types import Info

from auth.privacy import POLICY, may_read_field
from auth.viewer import STAFF_ROLES, Viewer
from domain.enums import Role
from domain.problems import Problem, UserErrorCode


def _viewer(info: Info) -> Viewer:
    return info.context.viewer


class Permission(BasePermission):
    """A permission with a stable error code and a sentence for the schema."""

    code: UserErrorCode = UserErrorCode.FORBIDDEN
    rule: str = ""
    # What strawberry puts in a refused field's error, following `code` (see __init_subclass__).
    error_extensions: GraphQLErrorExtensions | None = {"code": code.value}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.error_extensions = {"code": cls.code.value}

    @property
    def problem(self) -> Problem:
        return Problem(self.code, self.code.value.lower())


class IsAuthenticated(Permission):
    code = UserErrorCode.UNAUTHENTICATED
    message = "Sign in first: send 'Authorization: Bearer <token>'."
    rule = "Signed-in accounts only."

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return _viewer(info).is_authenticated


class HasRole(Permission):
    """The viewer holds at least one of `roles`."""

    def __init__(self, *roles: Role) -> None:
        self.roles = frozenset(roles)
        names = ", ".join(sorted(self.roles))
        self.message = f"Only accounts with one of these roles may do this: {names}."
        self.rule = f"Allowed for roles: {names}."

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return bool(_viewer(info).roles & self.roles)


class IsStaff(HasRole):
    """Federation admins and supervisors."""

    def __init__(self) -> None:
        super().__init__(*STAFF_ROLES)


class ActsForSource(Permission):
    """The viewer acts for the participant being resolved (its own record), or is staff."""

    message = "Only the participant itself and federation staff may see this."
    rule = "Visible only to the participant itself (accounts acting for it) and federation staff."

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        viewer = _viewer(info)
        return viewer.is_staff or viewer.acts_for(source.participant_kind, source.pk)


class PersonalData(Permission):
    """A personal field: readable as auth/privacy.py's policy table says."""

    def __init__(self, type_name: str, field: str) -> None:
        self.policy = POLICY[(type_name, field)]
        self.message = f"{self.policy.path} is personal data. {self.policy.rule_text()}"
        self.rule = self.policy.rule_text()

    async def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return await may_read_field(self.policy, _viewer(info), source, info.context.loaders)


def personal_field(type_name: str, field: str, resolver: Callable[..., Any] | None = None) -> Any:
    """A strawberry field for a personal datum: description and check from the policy table."""
    permission = PersonalData(type_name, field)
    options: dict[str, Any] = {
        "description": permission.policy.description(),
        "extensions": [PermissionExtension([permission], use_directives=False)],
    }
    return strawberry.field(**options) if resolver is None else strawberry.field(resolver=resolver, **options)


def guarded_field(*permissions: Permission, description: str, resolver: Callable[..., Any]) -> Any:
    """A field only some viewers may read; its description ends with who."""
    rules = " ".join(permission.rule for permission in permissions)
    return strawberry.field(
        resolver=resolver,
        description=f"{description} {rules}",
        extensions=[PermissionExtension(list(permissions), use_directives=False)],
    )
