"""Small matching worlds built row by row in an empty database, with good defaults.

Everything sits in 东城区 around (39.92, 116.41) unless a test moves it: a test changes
exactly the one thing it is about.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from auth.tokens import TokenIssuer
from datasources.seed.districts import ensure_districts
from datasources.tables import (
    Account,
    Demand,
    Engagement,
    Event,
    Home,
    Organization,
    Resource,
    ResourceServiceDistrict,
    Volunteer,
    VolunteerApplication,
)
from domain.global_ids import encode
from settings import Settings

NOW = datetime.now(UTC)
DAY = timedelta(days=1)
CENTRE = (39.92, 116.41)  # 东城区
TYPE_OF_KIND = {"HOME": "Home", "ORGANIZATION": "Organization", "VOLUNTEER": "Volunteer"}


def km_east(km: float, lat: float = CENTRE[0], lon: float = CENTRE[1]) -> tuple[float, float]:
    """A point `km` east of (lat, lon) (about 85 km per degree of longitude in Beijing)."""
    return lat, lon + km / 85.2


@dataclass
class World:
    engine: AsyncEngine
    districts: dict[str, int] = field(default_factory=dict)  # by code
    count: int = 0

    async def _add(self, model: Any) -> int:
        values = {k: v for k, v in model.model_dump().items() if v is not None or k == "id"}
        values.pop("id", None)
        async with self.engine.begin() as connection:
            result = await connection.execute(insert(type(model).__table__).values(**values))
            return result.inserted_primary_key[0]

    def _n(self) -> int:
        self.count += 1
        return self.count

    async def home(self, *, district: str = "110101", subdistrict: str = "东华门街道", at=CENTRE) -> tuple:
        n = self._n()
        pk = await self._add(
            Home(name=f"Home {n}", district_id=self.districts[district], subdistrict=subdistrict,
                 community=f"社区{n}", address=f"地址{n}", lat=at[0], lon=at[1])
        )  # fmt: skip
        return ("HOME", pk)

    async def organization(
        self, *, status: str = "ACTIVE", district: str = "110101", at=CENTRE, **track
    ) -> tuple:
        n = self._n()
        pk = await self._add(
            Organization(name=f"Org {n}", kind="SOCIAL_ORGANIZATION", status=status,
                         credit_code=f"91110000MA{n:08d}", address="a", district_id=self.districts[district],
                         lat=at[0], lon=at[1], **track)
        )  # fmt: skip
        return ("ORGANIZATION", pk)

    async def volunteer(self, *, district: str = "110101", at=CENTRE, skills=(), availability=()) -> int:
        n = self._n()
        return await self._add(
            Volunteer(name=f"Volunteer {n}", district_id=self.districts[district], lat=at[0], lon=at[1],
                      skills=list(skills), availability=list(availability))
        )  # fmt: skip

    async def resource(self, provider: tuple, **values: Any) -> int:
        kind, pk = provider
        defaults: dict[str, Any] = {
            "title": f"Resource {self._n()}",
            "category": "PROFESSIONAL_SERVICE",
            "status": "PUBLISHED",
            "district_id": self.districts["110101"],
            "lat": CENTRE[0],
            "lon": CENTRE[1],
            "service_radius_km": 5.0,
            "quantity": 5,
            "quantity_committed": 0,
            "tags": ["心理", "心理咨询"],
            "target_groups": ["WOMEN"],
            "available_from": NOW - 10 * DAY,
            "available_until": NOW + 60 * DAY,
        }
        district = values.pop("district", None)
        if district is not None:
            values["district_id"] = self.districts[district]
        if "at" in values:
            values["lat"], values["lon"] = values.pop("at")
        return await self._add(Resource(provider_kind=kind, provider_id=pk, **{**defaults, **values}))

    async def demand(self, requester: tuple, **values: Any) -> int:
        kind, pk = requester
        defaults: dict[str, Any] = {
            "title": f"Demand {self._n()}",
            "category": "PROFESSIONAL_SERVICE",
            "status": "OPEN",
            "district_id": self.districts["110101"],
            "subdistrict": "东华门街道",
            "lat": CENTRE[0],
            "lon": CENTRE[1],
            "urgency": "MEDIUM",
            "target_group": "WOMEN",
            "quantity": 2,
            "quantity_matched": 0,
            "tags": ["心理", "心理咨询"],
            "needed_by": NOW + 30 * DAY,
            "created_at": NOW - 5 * DAY,
        }
        district = values.pop("district", None)
        if district is not None:
            values["district_id"] = self.districts[district]
        if "at" in values:
            values["lat"], values["lon"] = values.pop("at")
        return await self._add(Demand(requester_kind=kind, requester_id=pk, **{**defaults, **values}))

    async def engagement(self, demand: int, resource: int, status: str) -> int:
        return await self._add(
            Engagement(demand_id=demand, resource_id=resource, status=status, initiated_by="REQUESTER")
        )

    async def serves(self, resource: int, district: str) -> None:
        async with self.engine.begin() as connection:
            await connection.execute(
                insert(ResourceServiceDistrict.__table__).values(
                    resource_id=resource, district_id=self.districts[district]
                )
            )

    async def event(self, organizer: tuple, **values: Any) -> int:
        kind, pk = organizer
        defaults: dict[str, Any] = {
            "title": f"Event {self._n()}",
            "kind": "ACTIVITY",
            "status": "PUBLISHED",
            "district_id": self.districts["110101"],
            "lat": CENTRE[0],
            "lon": CENTRE[1],
            "starts_at": NOW + 5 * DAY,
            "ends_at": NOW + 5 * DAY + timedelta(hours=3),
            "registration_deadline": NOW + 3 * DAY,
            "capacity": 30,
            "skills": [],
        }
        district = values.pop("district", None)
        if district is not None:
            values["district_id"] = self.districts[district]
        if "at" in values:
            values["lat"], values["lon"] = values.pop("at")
        return await self._add(Event(organizer_kind=kind, organizer_id=pk, **{**defaults, **values}))

    async def application(self, volunteer: int, resource: int, status: str = "APPLIED") -> int:
        return await self._add(
            VolunteerApplication(volunteer_id=volunteer, resource_id=resource, status=status)
        )

    async def account(self, roles: list[str], participant: tuple | None = None) -> str:
        """A bearer token for a new account with these roles, acting for `participant`."""
        n = self._n()
        kind, pk = participant if participant else (None, None)
        account_id = await self._add(
            Account(username=f"user{n}", display_name=f"User {n}", roles=roles, participant_kind=kind,
                    participant_id=pk)
        )  # fmt: skip
        settings = Settings(env="test")
        token, _ = TokenIssuer(settings.jwt_secret, 3600).mint(account_id, roles, participant)
        return token


def gid(type_name: str, pk: int) -> str:
    return encode(type_name, pk)


async def new_world(engine: AsyncEngine) -> World:
    world = World(engine)
    async with engine.begin() as connection:
        world.districts = await ensure_districts(connection)
    return world
