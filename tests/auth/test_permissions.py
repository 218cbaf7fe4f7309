"""Permission classes: null and an error on fields, a user error in the payload on mutations."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import strawberry
from strawberry.types import Info

from auth.permissions import HasRole, IsAuthenticated, IsStaff, guarded_field
from auth.viewer import ANONYMOUS, Viewer
from domain.enums import Role
from schema.mutation_fields import MutationGuard
from schema.user_errors import UserError


@dataclass
class Context:
    viewer: Viewer
    locale: str = "en"


def _secret() -> str:
    return "the figures"


def _mine(info: Info) -> int:
    return info.context.viewer.account_id


@strawberry.type
class Query:
    figures: str | None = guarded_field(IsStaff(), description="Dashboard figures.", resolver=_secret)
    mine: int | None = guarded_field(IsAuthenticated(), description="My account id.", resolver=_mine)


@strawberry.type
class DonePayload:
    done: bool | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class Mutation:
    @strawberry.mutation(
        extensions=[MutationGuard(IsAuthenticated(), HasRole(Role.ADMIN), payload=DonePayload)]
    )
    def purge(self) -> DonePayload:
        return DonePayload(done=True)


SCHEMA = strawberry.Schema(query=Query, mutation=Mutation)
ADMIN = Viewer(account_id=1, roles=frozenset({Role.ADMIN}))
SUPERVISOR = Viewer(account_id=2, roles=frozenset({Role.SUPERVISOR}))
VOLUNTEER = Viewer(
    account_id=3, roles=frozenset({Role.VOLUNTEER}), participant_kind="VOLUNTEER", participant_id=7
)


async def run(query: str, viewer: Viewer, locale: str = "en") -> tuple[dict, list[dict]]:
    result = await SCHEMA.execute(query, context_value=Context(viewer, locale))
    return result.data or {}, [error.formatted for error in result.errors or []]


@pytest.mark.parametrize(("viewer", "allowed"), [(ANONYMOUS, False), (VOLUNTEER, False), (SUPERVISOR, True)])
async def test_a_refused_field_is_null_with_an_error_and_the_rest_arrives(
    viewer: Viewer, allowed: bool
) -> None:
    data, errors = await run("{ figures mine }", viewer)
    assert data["figures"] == ("the figures" if allowed else None)
    assert data["mine"] == viewer.account_id
    refused = {tuple(error["path"]): error for error in errors}
    expected = ({} if allowed else {("figures",): "FORBIDDEN"}) | (
        {("mine",): "UNAUTHENTICATED"} if viewer is ANONYMOUS else {}
    )
    assert {path: error["extensions"]["code"] for path, error in refused.items()} == expected
    if not allowed:
        assert "ADMIN, SUPERVISOR" in refused[("figures",)]["message"]


async def test_anonymous_is_told_to_sign_in() -> None:
    data, errors = await run("{ mine }", ANONYMOUS)
    assert data["mine"] is None
    assert errors[0]["extensions"] == {"code": "UNAUTHENTICATED"}


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        (
            ANONYMOUS,
            {
                "done": None,
                "userErrors": [{"field": None, "code": "UNAUTHENTICATED", "message": "Please sign in first"}],
            },
        ),
        (
            VOLUNTEER,
            {
                "done": None,
                "userErrors": [
                    {"field": None, "code": "FORBIDDEN", "message": "You are not allowed to do this"}
                ],
            },
        ),
        (ADMIN, {"done": True, "userErrors": []}),
    ],
)
async def test_a_refused_mutation_is_a_user_error(viewer: Viewer, expected: dict) -> None:
    data, errors = await run("mutation { purge { done userErrors { field code message } } }", viewer)
    assert errors == []
    assert data["purge"] == expected


async def test_refusals_speak_the_viewers_language() -> None:
    data, _ = await run("mutation { purge { userErrors { message } } }", VOLUNTEER, locale="zh-CN")
    assert data["purge"]["userErrors"] == [{"message": "您没有权限执行此操作"}]


def test_the_schema_says_who_may_read_a_guarded_field() -> None:
    described = SCHEMA._schema.query_type.fields["figures"].description
    assert described == "Dashboard figures. Allowed for roles: ADMIN, SUPERVISOR."
