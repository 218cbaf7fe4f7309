"""Appeal (诉求): a need voiced by a resident through the 24-hour online women's home."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from auth.permissions import personal_field
from resolvers.context import Info
from schema.enums import AppealStatus
from schema.node import Node
from schema.objects import build_named, build_visible, node_type

if TYPE_CHECKING:
    from schema.demands import Demand
    from schema.homes import Home

Lazy = strawberry.lazy


@strawberry.type(description="A home's answer to an appeal.")
class AppealReply:
    body: str = strawberry.field(description="The answer.")
    created_at: datetime = strawberry.field(description="When it was given.")


@node_type("Appeal")
@strawberry.type(
    description="A need voiced by a resident through the 24-hour online women's home (网上妇女之家), "
    "followed by its tracking code. Listed (`Home.appeals`, `node`) for the home's manager and "
    "federation staff only; anyone holding the tracking code reads it through `appeal(trackingCode:)`, "
    "but the resident's contact details go to the home's manager and staff alone."
)
class Appeal(Node):
    pk: strawberry.Private[int]
    tracking_code: str = strawberry.field(description="The code the resident follows it with.")
    topic: str = strawberry.field(description="What it is about, e.g. 家庭教育, 就业, 法律.")
    content: str = strawberry.field(description="The resident's words.")
    status: AppealStatus = strawberry.field(description="Where it stands.")
    created_at: datetime = strawberry.field(description="When it was submitted.")
    updated_at: datetime = strawberry.field(description="When it last changed.")
    home_id: strawberry.Private[int]
    contact_name: str | None = personal_field("Appeal", "contactName")
    contact_phone: str | None = personal_field("Appeal", "contactPhone")

    @strawberry.field(description="The home that answers it.")
    async def home(self, info: Info) -> Annotated[Home, Lazy("schema.homes")]:
        return build_named("Home", await info.context.loaders.home_by_id.load(self.home_id))

    @strawberry.field(description="Answers, oldest first.")
    async def replies(self, info: Info) -> list[AppealReply]:
        rows = await info.context.loaders.replies_by_appeal.load(self.pk)
        return [AppealReply(body=row.body, created_at=row.created_at) for row in rows]

    @strawberry.field(description="The demand it became, once converted.")
    async def demand(self, info: Info) -> Annotated[Demand, Lazy("schema.demands")] | None:
        rows = await info.context.loaders.demands_by_appeal.load(self.pk)
        row = rows[0] if rows else None
        return build_visible(info, "Demand", row)
