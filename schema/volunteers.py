"""Volunteer (志愿者)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.permission import PermissionExtension

from auth.permissions import ActsForSource, personal_field
from domain.enums import ParticipantKind
from resolvers import applications as application_lists
from resolvers import matching
from resolvers.context import Info
from schema.common import GeoPoint, geo_point
from schema.connection_fields import child_list_field, own_key
from schema.matching import suggestions
from schema.node import Entity
from schema.objects import node_type
from schema.participants import Participant

if TYPE_CHECKING:
    from schema.applications import ApplicationFilter, VolunteerApplication
    from schema.matching import MatchSuggestion

Lazy = strawberry.lazy


@node_type("Volunteer")
@strawberry.federation.type(
    keys=["id"],
    description="A volunteer (志愿者). Her contact details, identity number and exact location are "
    "personal data: see each field for who may read it.",
)
class Volunteer(Participant, Entity):
    participant_kind = ParticipantKind.VOLUNTEER
    skills: list[str] = strawberry.field(description="Skills she offers, e.g. 心理疏导, 儿童陪伴.")
    availability: list[str] = strawberry.field(
        description="When she is usually free: WEEKDAY_DAYTIME, WEEKDAY_EVENING, "
        "WEEKEND_DAYTIME, WEEKEND_EVENING."
    )
    service_minutes: strawberry.Private[int]
    lat: strawberry.Private[float | None]
    lon: strawberry.Private[float | None]
    phone: str | None = personal_field("Volunteer", "phone")
    email: str | None = personal_field("Volunteer", "email")
    id_number: str | None = personal_field("Volunteer", "idNumber")
    real_name: str | None = personal_field("Volunteer", "realName")

    def _location(self) -> GeoPoint | None:
        return geo_point(self.lat, self.lon)

    location: GeoPoint | None = personal_field("Volunteer", "location", _location)

    @strawberry.field(description="Hours of service recorded on the platform.")
    def service_hours(self) -> float:
        return round(self.service_minutes / 60, 2)

    applications = child_list_field(
        application_lists.APPLICATIONS,
        application_lists.BY_VOLUNTEER,
        own_key,
        node=Annotated["VolunteerApplication", Lazy("schema.applications")],
        filter_type=Annotated["ApplicationFilter", Lazy("schema.applications")],
        description="Her applications to volunteer positions, newest first.",
    )

    @strawberry.field(
        description="Volunteer positions and events that suit her (推荐志愿机会), best first: by her skills, "
        "distance from her home, free time, the organizer's reputation and how soon they start. "
        f"{ActsForSource.rule} (distances from her home would reveal where she lives.)",
        extensions=[PermissionExtension([ActsForSource()], use_directives=False)],
    )
    async def suggested_opportunities(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description=matching.FIRST_DESCRIPTION)] = (
            matching.DEFAULT_SUGGESTIONS
        ),
    ) -> list[Annotated[MatchSuggestion, Lazy("schema.matching")]]:
        return suggestions(info, await matching.suggested_opportunities(info, self.pk, first))
