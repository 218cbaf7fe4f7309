"""VolunteerApplication: a volunteer applying to a volunteer position."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from auth.permissions import personal_field
from resolvers.context import Info
from schema.enums import ApplicationStatus
from schema.node import Entity, Node
from schema.objects import build_named, build_visible, node_type

if TYPE_CHECKING:
    from schema.resources import Resource
    from schema.volunteers import Volunteer

Lazy = strawberry.lazy


@strawberry.input(description="Which applications to list.")
class ApplicationFilter:
    statuses: list[ApplicationStatus] | None = strawberry.field(
        default=None, description="Any of these statuses."
    )


@node_type("VolunteerApplication")
@strawberry.federation.type(
    keys=["id"], description="A volunteer's application to a volunteer position (志愿岗位)."
)
class VolunteerApplication(Node, Entity):
    pk: strawberry.Private[int]
    status: ApplicationStatus = strawberry.field(description="Lifecycle status.")
    applied_at: datetime = strawberry.field(description="When she applied.")
    decided_at: datetime | None = strawberry.field(description="When the provider accepted or declined.")
    completed_at: datetime | None = strawberry.field(description="When the service was completed.")
    version: int = strawberry.field(
        description="Increases with every change; pass it as `expectedVersion` (optimistic locking)."
    )
    motivation: str | None = personal_field("VolunteerApplication", "motivation")
    volunteer_id: strawberry.Private[int]
    resource_id: strawberry.Private[int]
    service_minutes: strawberry.Private[int]

    @strawberry.field(description="Hours served in this position.")
    def hours_served(self) -> float:
        return round(self.service_minutes / 60, 2)

    @strawberry.field(description="The volunteer.")
    async def volunteer(self, info: Info) -> Annotated[Volunteer, Lazy("schema.volunteers")]:
        return build_named("Volunteer", await info.context.loaders.volunteer_by_id.load(self.volunteer_id))

    @strawberry.field(description="The volunteer position (a resource of category VOLUNTEER_POSITION).")
    async def resource(self, info: Info) -> Annotated[Resource, Lazy("schema.resources")]:
        row = await info.context.loaders.resource_by_id.load(self.resource_id)
        return build_visible(info, "Resource", row)  # pyright: ignore[reportReturnType]  # a draft she may not see: null for a non-null field is the error
