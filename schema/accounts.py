"""Account (a signed-in user); signing in (`login`) is schema/login_mutation.py."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.scalars import JSON

from auth.permissions import personal_field
from domain.enums import ParticipantKind
from domain.global_ids import PARTICIPANT_TYPE_NAMES
from resolvers.context import Info
from resolvers.nodes import visible
from resolvers.personal_data import personal_data as personal_data_of
from schema.enums import Role
from schema.node import Node
from schema.objects import build, build_visible, node_type

if TYPE_CHECKING:
    from schema.participants import Participant

Lazy = strawberry.lazy


@node_type("Account")
@strawberry.type(
    description="A signed-in user (账号): federation staff, or a person acting for one participant "
    "(a home manager for her home, a member for her organization, a social worker, a volunteer). "
    "`node(id:)` finds an account for itself and for federation staff only."
)
class Account(Node):
    pk: strawberry.Private[int]
    display_name: str = strawberry.field(description="The name shown for the account holder.")
    roles: list[Role] = strawberry.field(description="What the account may do.")
    is_active: bool = strawberry.field(
        description="Whether it may sign in (staff disable and enable accounts)."
    )
    version: int = strawberry.field(
        description="Changes with every change to the account (`expectedVersion` of `setAccountRoles`)."
    )
    participant_kind: strawberry.Private[str | None]
    participant_id: strawberry.Private[int | None]
    username: str | None = personal_field("Account", "username")
    phone: str | None = personal_field("Account", "phone")
    email: str | None = personal_field("Account", "email")

    async def _personal_data(self, info: Info) -> JSON:
        return JSON(await personal_data_of(info, self.pk))

    personal_data: JSON | None = personal_field("Account", "personalData", _personal_data)

    @strawberry.field(description="The participant the account acts for; null for federation staff.")
    async def participant(self, info: Info) -> Annotated[Participant, Lazy("schema.participants")] | None:
        if self.participant_kind is None or self.participant_id is None:
            return None
        row = await info.context.loaders.participant.load((self.participant_kind, self.participant_id))
        return build_visible(info, PARTICIPANT_TYPE_NAMES[ParticipantKind(self.participant_kind)], row)


async def visible_account(info: Any, account_id: int | None) -> Account | None:
    """The account, if the viewer may see it (staff, or the account itself); else None."""
    if account_id is None:
        return None
    row = await info.context.loaders.account_by_id.load(account_id)
    return account_object(visible(info, "Account", row))


def account_object(row: Any) -> Account | None:
    if row is None:
        return None
    account = build(Account, row)
    account.__dict__.pop("password_hash", None)  # never kept on a graph object
    return account
