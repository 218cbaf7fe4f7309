"""Event (服务发布): competitions, campaigns, activities and trainings."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from resolvers import events as event_lists
from resolvers.context import Info
from schema.common import GeoPoint, geo_point
from schema.connection_fields import child_list_field, own_key
from schema.enums import EventKind, EventStatus
from schema.node import Entity, Node
from schema.objects import build_named, build_visible, node_type, participant
from schema.pagination import OrderDirection

if TYPE_CHECKING:
    from schema.districts import District
    from schema.participants import Participant

Lazy = strawberry.lazy


@strawberry.input(description="Which events to list.")
class EventFilter:
    kinds: list[EventKind] | None = strawberry.field(default=None, description="Any of these kinds.")
    statuses: list[EventStatus] | None = strawberry.field(default=None, description="Any of these statuses.")
    districts: list[strawberry.ID] | None = strawberry.field(
        default=None, description="In any of these districts."
    )
    search: str | None = strawberry.field(default=None, description="Text in the title or description.")
    starts_after: datetime | None = strawberry.field(default=None, description="Starting at or after.")
    starts_before: datetime | None = strawberry.field(default=None, description="Starting before.")


@strawberry.enum(description="What events can be ordered by.")
class EventOrderField(Enum):
    STARTS_AT = "starts_at"
    CREATED_AT = "created_at"


@strawberry.input(description="Ordering of events.")
class EventOrder:
    field: EventOrderField = strawberry.field(description="What to order by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Ascending (default) or descending."
    )


@node_type("EventRegistration")
@strawberry.type(description="A participant registered for an event.")
class EventRegistration(Node):
    pk: strawberry.Private[int]
    created_at: datetime = strawberry.field(description="When the registration was made.")
    participant_kind: strawberry.Private[str]
    participant_id: strawberry.Private[int]
    event_id: strawberry.Private[int]

    @strawberry.field(description="Who registered.")
    async def participant(self, info: Info) -> Annotated[Participant, Lazy("schema.participants")]:
        row = await info.context.loaders.participant.load((self.participant_kind, self.participant_id))
        return participant(self.participant_kind, row)

    @strawberry.field(description="The event.")
    async def event(self, info: Info) -> Event:
        row = await info.context.loaders.event_by_id.load(self.event_id)
        return build_visible(info, "Event", row)  # pyright: ignore[reportReturnType]  # a draft she may not see: null for a non-null field is the error


@node_type("Event")
@strawberry.federation.type(
    keys=["id"],
    description="A published event (服务发布): a project competition (项目大赛), a themed campaign, "
    "an activity or a training.",
)
class Event(Node, Entity):
    pk: strawberry.Private[int]
    title: str = strawberry.field(description="Title.")
    description: str = strawberry.field(description="What it is about.")
    kind: EventKind = strawberry.field(description="What kind of event.")
    status: EventStatus = strawberry.field(description="Lifecycle status.")
    address: str | None = strawberry.field(description="Where it takes place.")
    starts_at: datetime = strawberry.field(description="Start.")
    ends_at: datetime = strawberry.field(description="End.")
    registration_deadline: datetime | None = strawberry.field(description="Last moment to register.")
    capacity: int | None = strawberry.field(description="Places in all; null: unlimited.")
    registered_count: int = strawberry.field(description="Places taken.")
    skills: list[str] = strawberry.field(description="Skills wanted from volunteers, if any.")
    organizer_kind: strawberry.Private[str]
    organizer_id: strawberry.Private[int]
    district_id: strawberry.Private[int]
    lat: strawberry.Private[float | None]
    lon: strawberry.Private[float | None]

    @strawberry.field(description="Places still free; null when unlimited.")
    def spots_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.registered_count, 0)

    @strawberry.field(description="Where it takes place (WGS-84).")
    def location(self) -> GeoPoint | None:
        return geo_point(self.lat, self.lon)

    @strawberry.field(description="Who organizes it.")
    async def organizer(self, info: Info) -> Annotated[Participant, Lazy("schema.participants")]:
        row = await info.context.loaders.participant.load((self.organizer_kind, self.organizer_id))
        return participant(self.organizer_kind, row)

    @strawberry.field(description="The district it takes place in.")
    async def district(self, info: Info) -> Annotated[District, Lazy("schema.districts")]:
        return build_named("District", await info.context.loaders.district_by_id.load(self.district_id))

    registrations = child_list_field(
        event_lists.REGISTRATIONS,
        event_lists.OF_EVENT,
        own_key,
        node=EventRegistration,
        description="Who registered, newest first.",
    )
