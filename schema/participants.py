"""Participant (主体): anything that publishes, engages and is rated."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from resolvers import events as event_lists
from resolvers import ratings as rating_lists
from resolvers.context import Info
from schema.common import Reputation, reputation_of
from schema.connection_fields import child_list_field, participant_key
from schema.node import Node
from schema.objects import build_named
from schema.supervision import SupervisionRecord, supervision_record

if TYPE_CHECKING:
    from schema.districts import District
    from schema.events import EventRegistration
    from schema.ratings import Rating

Lazy = strawberry.lazy


@strawberry.interface(
    description="A participant (主体): a home, organization, social worker or volunteer. "
    "Anything that publishes, engages and is rated."
)
class Participant(Node):
    pk: strawberry.Private[int]
    participant_kind: strawberry.Private[str]
    name: str = strawberry.field(description="Display name.")
    created_at: datetime = strawberry.field(description="When it joined the platform.")
    version: int = strawberry.field(
        description="Bumped by every change to its profile: give it as `expectedVersion` to the update."
    )
    district_id: strawberry.Private[int]
    rating_count: strawberry.Private[int]
    rating_sum: strawberry.Private[int]
    engagements_completed: strawberry.Private[int]
    engagements_cancelled: strawberry.Private[int]

    @strawberry.field(description="The district it belongs to.")
    async def district(self, info: Info) -> Annotated[District, Lazy("schema.districts")]:
        return build_named("District", await info.context.loaders.district_by_id.load(self.district_id))

    @strawberry.field(description="How the others rate it (互评), as a Bayesian average.")
    def reputation(self) -> Reputation:
        return reputation_of(self)

    @strawberry.field(
        description="Its supervision record (监管记录): how many complaints (投诉) were filed about it, "
        "upheld or still open, and the warnings (警告) and suspensions it received. Public."
    )
    async def supervision_record(self, info: Info) -> SupervisionRecord:
        loader = info.context.loaders.supervision_counts_by_participant
        return supervision_record(await loader.load((self.participant_kind, self.pk)))

    ratings_given = child_list_field(
        rating_lists.RATINGS,
        rating_lists.BY_RATER,
        participant_key,
        node=Annotated["Rating", Lazy("schema.ratings")],
        description="Ratings it gave the other side of its engagements, newest first.",
    )

    event_registrations = child_list_field(
        event_lists.REGISTRATIONS,
        event_lists.OF_PARTICIPANT,
        participant_key,
        node=Annotated["EventRegistration", Lazy("schema.events")],
        description="Its registrations for events, newest first.",
    )

    ratings_received = child_list_field(
        rating_lists.RATINGS,
        rating_lists.BY_RATEE,
        participant_key,
        node=Annotated["Rating", Lazy("schema.ratings")],
        description="Ratings it received after engagements, newest first.",
    )
