"""Rating: one participant's evaluation of the other after an engagement (互评)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from auth.permissions import personal_field
from resolvers.context import Info
from schema.node import Entity, Node
from schema.objects import build_named, node_type, participant

if TYPE_CHECKING:
    from schema.engagements import Engagement
    from schema.participants import Participant

Lazy = strawberry.lazy


@node_type("Rating")
@strawberry.federation.type(
    keys=["id"],
    description="One participant's evaluation of the other side after a completed engagement (互评).",
)
class Rating(Node, Entity):
    pk: strawberry.Private[int]
    score: int = strawberry.field(description="Overall score, 1 (poor) to 5 (excellent).")
    timeliness: int | None = strawberry.field(description="Timeliness, 1–5, if given.")
    quality: int | None = strawberry.field(description="Quality, 1–5, if given.")
    communication: int | None = strawberry.field(description="Communication, 1–5, if given.")
    comment: str | None = personal_field("Rating", "comment")
    created_at: datetime = strawberry.field(description="When it was given.")
    hidden: bool = strawberry.field(
        description="Hidden by moderation: then only its author and federation staff see it, and it "
        "no longer counts in the ratee's reputation."
    )
    hidden_reason: str | None = strawberry.field(description="Why it was hidden, if it was.")
    engagement_id: strawberry.Private[int]
    rater_kind: strawberry.Private[str]
    rater_id: strawberry.Private[int]
    ratee_kind: strawberry.Private[str]
    ratee_id: strawberry.Private[int]

    @strawberry.field(description="The engagement it evaluates.")
    async def engagement(self, info: Info) -> Annotated[Engagement, Lazy("schema.engagements")]:
        return build_named("Engagement", await info.context.loaders.engagement_by_id.load(self.engagement_id))

    @strawberry.field(description="Who gave it.")
    async def rater(self, info: Info) -> Annotated[Participant, Lazy("schema.participants")]:
        return participant(
            self.rater_kind,
            await info.context.loaders.participant.load((self.rater_kind, self.rater_id)),
        )

    @strawberry.field(description="Who received it.")
    async def ratee(self, info: Info) -> Annotated[Participant, Lazy("schema.participants")]:
        return participant(
            self.ratee_kind,
            await info.context.loaders.participant.load((self.ratee_kind, self.ratee_id)),
        )
