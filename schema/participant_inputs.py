"""Filters and orderings of the participant lists."""

from __future__ import annotations

from enum import Enum

import strawberry

from schema.enums import OrganizationKind, OrganizationStatus, QualificationLevel
from schema.pagination import OrderDirection

SEARCH = "Text in the name (and description); substring, so 阳光 finds 阳光家庭服务中心."


@strawberry.enum(description="What participant lists can be ordered by.")
class ParticipantOrderField(Enum):
    CREATED_AT = "created_at"
    NAME = "name"
    RATING_COUNT = "rating_count"


@strawberry.input(description="Ordering of a participant list.")
class ParticipantOrder:
    field: ParticipantOrderField = strawberry.field(description="What to order by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Ascending (default) or descending."
    )


@strawberry.input(description="Which homes to list.")
class HomeFilter:
    districts: list[strawberry.ID] | None = strawberry.field(
        default=None, description="In any of these districts."
    )
    subdistrict: str | None = strawberry.field(
        default=None, description="In this sub-district (街道/乡镇), exact name."
    )
    search: str | None = strawberry.field(default=None, description=SEARCH)


@strawberry.input(description="Which organizations to list.")
class OrganizationFilter:
    districts: list[strawberry.ID] | None = strawberry.field(
        default=None, description="In any of these districts."
    )
    kinds: list[OrganizationKind] | None = strawberry.field(default=None, description="Any of these kinds.")
    statuses: list[OrganizationStatus] | None = strawberry.field(
        default=None, description="Any of these statuses."
    )
    search: str | None = strawberry.field(default=None, description=SEARCH)


@strawberry.input(description="Which social workers to list.")
class SocialWorkerFilter:
    districts: list[strawberry.ID] | None = strawberry.field(
        default=None, description="In any of these districts."
    )
    agencies: list[strawberry.ID] | None = strawberry.field(
        default=None, description="With any of these agencies."
    )
    qualification_levels: list[QualificationLevel] | None = strawberry.field(
        default=None, description="Any of these qualification levels."
    )
    search: str | None = strawberry.field(default=None, description=SEARCH)


@strawberry.input(description="Which volunteers to list.")
class VolunteerFilter:
    districts: list[strawberry.ID] | None = strawberry.field(
        default=None, description="In any of these districts."
    )
    search: str | None = strawberry.field(default=None, description=SEARCH)
