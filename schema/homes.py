"""Home: a community women's home (妇女之家)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from auth.permissions import ActsForSource, guarded_field, personal_field
from domain.enums import ParticipantKind
from resolvers import appeals as appeal_lists
from resolvers.connections import PageArgs, child_list
from resolvers.context import Info
from schema.accounts import Account, account_object
from schema.common import GeoPoint, geo_point
from schema.insights import own_insights_field
from schema.node import Entity
from schema.objects import node_type
from schema.pagination import Connection, connection
from schema.participant_lists import demands_field, engagements_field, events_field, resources_field
from schema.participants import Participant

if TYPE_CHECKING:
    from schema.appeals import Appeal

Lazy = strawberry.lazy


async def _manager(root: strawberry.Parent[Home], info: Info) -> Account | None:
    if root.manager_account_id is None:
        return None
    return account_object(await info.context.loaders.account_by_id.load(root.manager_account_id))


async def _appeals(
    root: strawberry.Parent[Home],
    info: Info,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
) -> Connection[Annotated[Appeal, Lazy("schema.appeals")]] | None:
    args = PageArgs(first, after, last, before)
    return connection(await child_list(info, appeal_lists.APPEALS, appeal_lists.BY_HOME, root.pk, args, None))


@node_type("Home")
@strawberry.federation.type(
    keys=["id"],
    description="A community women's home (妇女之家): the federation's grassroots service point "
    "in a community or village.",
)
class Home(Participant, Entity):
    participant_kind = ParticipantKind.HOME
    subdistrict: str = strawberry.field(description="Sub-district or town (街道/乡镇).")
    community: str = strawberry.field(description="Community or village (社区/村).")
    address: str = strawberry.field(description="The home's own (public) address.")
    lat: strawberry.Private[float]
    lon: strawberry.Private[float]
    manager_account_id: strawberry.Private[int | None]

    @strawberry.field(description="Where the home is (WGS-84).")
    def location(self) -> GeoPoint | None:
        return geo_point(self.lat, self.lon)

    demands = demands_field()
    resources = resources_field()
    engagements = engagements_field()
    events = events_field()
    manager = personal_field("Home", "manager", _manager)
    insights = own_insights_field("the home")
    appeals = guarded_field(
        ActsForSource(),
        description="Appeals (诉求) residents addressed to this home, newest first.",
        resolver=_appeals,
    )
