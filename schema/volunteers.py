"""Volunteer (志愿者)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from domain.enums import ParticipantKind
from resolvers import applications as application_lists
from resolvers.connections import PageArgs, child_list
from schema.node import Entity
from schema.objects import node_type
from schema.pagination import Connection
from schema.participants import Participant

Lazy = strawberry.lazy


@node_type("Volunteer", table="volunteers", loader="volunteer_by_id")
@strawberry.federation.type(
    keys=["id"],
    description="A volunteer (志愿者). Contact details and exact location are personal and not shown here.",
)
class Volunteer(Participant, Entity):
    participant_kind = ParticipantKind.VOLUNTEER
    skills: list[str] = strawberry.field(description="Skills she offers, e.g. 心理疏导, 儿童陪伴.")
    availability: list[str] = strawberry.field(
        description="When she is usually free: WEEKDAY_DAYTIME, WEEKDAY_EVENING, "
        "WEEKEND_DAYTIME, WEEKEND_EVENING."
    )
    service_minutes: strawberry.Private[int]

    @strawberry.field(description="Hours of service recorded on the platform.")
    def service_hours(self) -> float:
        return round(self.service_minutes / 60, 2)

    @strawberry.field(description="Her applications to volunteer positions, newest first.")
    async def applications(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: Annotated[ApplicationFilter, Lazy("schema.applications")] | None = None,
    ) -> Connection[Annotated[VolunteerApplication, Lazy("schema.applications")]]:
        return await child_list(
            info,
            application_lists.APPLICATIONS,
            application_lists.BY_VOLUNTEER,
            self.pk,
            PageArgs(first, after, last, before),
            filter,
        )
