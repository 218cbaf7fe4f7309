"""Home: a community women's home (妇女之家)."""

from __future__ import annotations

import strawberry

from domain.enums import ParticipantKind
from schema.common import GeoPoint, geo_point
from schema.node import Entity
from schema.objects import node_type
from schema.participant_lists import demands_field, engagements_field, events_field, resources_field
from schema.participants import Participant


@node_type("Home", table="homes", loader="home_by_id")
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
