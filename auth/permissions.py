"""Permission classes, declared on the fields and mutations they guard.

On a field, a refused permission gives null and an error at that path (extensions.code
FORBIDDEN, or UNAUTHENTICATED when signing in would help); the rest of the response
still arrives. On a mutation, wrap the permissions in `MutationGuard`: a refusal is a
user error in the payload (code FORBIDDEN / UNAUTHENTICATED), as the graph contract wants.

    @strawberry.mutation(
        description="... Allowed for: federation staff.",
        extensions=[MutationGuard(IsStaff(), payload=ReviewOrganizationPayload)],
    )

Each class has `rule`, the sentence to put in the guarded field's description, so a reader
of the schema sees who may do what.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, cast

import strawberry
from graphql import GraphQLError
from strawberry.extensions import FieldExtension
from strawberry.permission import BasePermission, PermissionExtension
from strawberry.types import Info

from auth.privacy import POLICY, may_read_field
from auth.viewer import STAFF_ROLES, Viewer
from domain.enums import Role
from domain.problems import Problem, UserErrorCode

REFUSAL_CODES = frozenset({UserErrorCode.FORBIDDEN.value, UserErrorCode.UNAUTHENTICATED.value})


def is_refusal(error: GraphQLError) -> bool:
    """Whether a GraphQL error is a permission refusal (expected; not worth a log line)."""
    return (error.extensions or {}).get("code") in REFUSAL_CODES


T = TypeVar("T")


async def _await_maybe(value: Awaitable[T] | T) -> T:
    """The value, awaited if it is awaitable (`has_permission` may be either)."""
    if inspect.isawaitable(value):
        return await value
    return cast(T, value)


def _viewer(info: Info) -> Viewer:
    return info.context.viewer


class Permission(BasePermission):
    """A permission with a stable error code and a sentence for the schema."""

    code: UserErrorCode = UserErrorCode.FORBIDDEN
    rule: str = ""

    @property
    def error_extensions(self) -> dict[str, Any]:  # type: ignore[override]
        return {"code": self.code.value}

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


class MutationGuard(FieldExtension):
    """Checks permissions before a mutation runs; a refusal is a user error in its payload.

    `payload` is the mutation's payload type: it is built with `user_errors=[...]` alone,
    so its other fields must default to None.
    """

    def __init__(self, *permissions: Permission, payload: type) -> None:
        self.permissions = permissions
        self.payload = payload

    async def resolve_async(self, next_: Callable[..., Any], source: Any, info: Info, **kwargs: Any) -> Any:
        from schema.user_errors import user_errors  # schema imports this module

        for permission in self.permissions:
            if not await _await_maybe(permission.has_permission(source, info, **kwargs)):
                return self.payload(user_errors=user_errors([permission.problem], info.context.locale))
        return await next_(source, info, **kwargs)
