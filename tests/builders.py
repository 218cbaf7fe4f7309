"""The one way tests put rows in a database without going through the API: `Builder`.

One method per kind of row. Each takes the columns a test is about as keywords and fills in
the rest: a numbered name, the district 东城区 (110101), the required columns, and the model's
own defaults for everything else (no location, no window, no tags unless given). Two
conveniences on every placed row: `district="110105"` (a district by its code) and
`at=(lat, lon)` (for a test to give, not for defaults). Participants come back as (kind, id)
references, every other row as its id.

    build = Builder(engine)
    home = await build.home()
    demand = await build.demand(home, quantity=3)
    token = await build.signed_in(["HOME_MANAGER"], home)

A world whose rows share other defaults passes them once (`Builder(engine, defaults=...)`, as
tests/matching/world.py does); the named world of tests/auth/world.py and the rows a workflow
test adds to it (tests/workflows/market.py) are built with it too.
"""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlmodel import SQLModel

from auth.tokens import TokenIssuer
from datasources.seed.districts import ensure_districts
from datasources.tables import (
    Account,
    Appeal,
    Complaint,
    Demand,
    Engagement,
    Event,
    EventRegistration,
    Home,
    Invitation,
    Organization,
    Rating,
    Resource,
    ResourceServiceDistrict,
    SocialWorker,
    Volunteer,
    VolunteerApplication,
)
from domain.global_ids import encode
from settings import Settings

Ref = tuple[str, int]  # a participant: (kind, id)
TYPE_OF_KIND = {
    "HOME": "Home",
    "ORGANIZATION": "Organization",
    "SOCIAL_WORKER": "SocialWorker",
    "VOLUNTEER": "Volunteer",
}
KIND_OF_TYPE = {type_name: kind for kind, type_name in TYPE_OF_KIND.items()}
CENTRE = (39.92, 116.41)  # 东城区
DISTRICT = "110101"  # 东城区


def gid(type_name: str, pk: int) -> str:
    """The global id of a row (`Node.id`)."""
    return encode(type_name, pk)


def participant_gid(participant: Ref) -> str:
    kind, pk = participant
    return encode(TYPE_OF_KIND[kind], pk)


def token_for(
    account_id: int, roles: Sequence[str], participant: Ref | None = None, *, token_version: int = 0
) -> str:
    """A bearer token the test app accepts, for an account acting for `participant`."""
    issuer = TokenIssuer(Settings(env="test").jwt_secret, 3600)
    return issuer.mint(account_id, list(roles), participant, token_version=token_version)[0]


class Builder:
    """Inserts rows straight into `engine` (no rules checked, no books kept: a test that needs
    consistent quantities says so). `inserted` holds each row's values by (model name, id)."""

    def __init__(self, engine: AsyncEngine, defaults: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        self.engine = engine
        self.defaults = defaults or {}  # by method name: columns every row of that kind gets
        self.inserted: dict[tuple[str, int], dict[str, Any]] = {}
        self._districts: dict[str, int] | None = None
        self._connection: AsyncConnection | None = None
        self._count = 0

    @asynccontextmanager
    async def batch(self) -> AsyncIterator[Builder]:
        """Every row made inside on one connection, in one transaction."""
        async with self.engine.begin() as connection:
            self._connection = connection
            try:
                yield self
            finally:
                self._connection = None

    @asynccontextmanager
    async def _connect(self) -> AsyncIterator[AsyncConnection]:
        if self._connection is not None:
            yield self._connection
        else:
            async with self.engine.begin() as connection:
                yield connection

    async def district(self, code: str = DISTRICT) -> int:
        """The id of a district by code (Beijing's 16 districts are inserted on first use)."""
        if self._districts is None:
            async with self._connect() as connection:
                self._districts = await ensure_districts(connection)
        return self._districts[code]

    def _n(self) -> int:
        self._count += 1
        return self._count

    async def _values(self, of: str, given: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
        """`own` defaults, then the builder's for rows `of` a kind (a method name), then what the
        test gave; `district` and `at` resolved."""
        values = {**own, **copy.deepcopy(dict(self.defaults.get(of, {}))), **given}
        code = values.pop("district", None)
        if code is not None or "district_id" not in values:
            values["district_id"] = await self.district(code or DISTRICT)
        if "at" in values:
            values["lat"], values["lon"] = values.pop("at")
        return values

    async def _placed(
        self, model: type[SQLModel], of: str, given: dict[str, Any], own: dict[str, Any]
    ) -> int:
        return await self.insert(model(**await self._values(of, given, own)))

    async def insert(self, model: SQLModel) -> int:
        """The INSERT every method but `serves` ends in; returns the new row's id."""
        table = type(model).__table__
        values = model.model_dump(exclude={"id"})
        async with self._connect() as connection:
            pk = (await connection.execute(insert(table).returning(table.c.id), values)).scalar_one()
        self.inserted[type(model).__name__, pk] = values
        return pk

    async def change(self, model: type[SQLModel], pk: int, **values: Any) -> None:
        """Set columns of an existing row (a state the API would take many steps to reach)."""
        table = model.__table__
        async with self._connect() as connection:
            await connection.execute(update(table).where(table.c.id == pk).values(**values))
        if (model.__name__, pk) in self.inserted:
            self.inserted[model.__name__, pk].update(values)

    # participants

    async def home(self, **values: Any) -> Ref:
        n = self._n()
        own = {"name": f"Home {n}", "subdistrict": "东华门街道", "community": f"社区{n}",
               "address": f"地址{n}", "lat": CENTRE[0], "lon": CENTRE[1]}  # fmt: skip
        return "HOME", await self._placed(Home, "home", values, own)

    async def organization(self, **values: Any) -> Ref:
        n = self._n()
        own = {"name": f"Org {n}", "kind": "SOCIAL_ORGANIZATION", "status": "ACTIVE", "address": "a",
               "credit_code": f"91110000MA{n:08d}", "lat": CENTRE[0], "lon": CENTRE[1]}  # fmt: skip
        return "ORGANIZATION", await self._placed(Organization, "organization", values, own)

    async def social_worker(self, **values: Any) -> Ref:
        own = {"name": f"Social worker {self._n()}", "qualification_level": "INTERMEDIATE"}
        return "SOCIAL_WORKER", await self._placed(SocialWorker, "social_worker", values, own)

    async def volunteer(self, **values: Any) -> Ref:
        own = {"name": f"Volunteer {self._n()}"}
        return "VOLUNTEER", await self._placed(Volunteer, "volunteer", values, own)

    async def account(self, roles: Sequence[str] = (), participant: Ref | None = None, **values: Any) -> int:
        """An account with `roles`, acting for `participant` (None: for nobody, as staff do)."""
        n = self._n()
        kind, pk = participant if participant else (None, None)
        own = {"username": f"user{n}", "display_name": f"User {n}"}
        given = {**own, **self.defaults.get("account", {}), **values}
        row = Account(roles=list(roles), participant_kind=kind, participant_id=pk, **given)
        return await self.insert(row)

    async def signed_in(self, roles: Sequence[str], participant: Ref | None = None, **values: Any) -> str:
        """The bearer token of a new account (see `account`)."""
        return token_for(await self.account(roles, participant, **values), roles, participant)

    # what participants publish

    async def resource(self, provider: Ref, **values: Any) -> int:
        """A PUBLISHED PROFESSIONAL_SERVICE resource of `provider` unless told."""
        kind, pk = provider
        own = {"title": f"Resource {self._n()}", "category": "PROFESSIONAL_SERVICE", "status": "PUBLISHED"}
        return await self._placed(
            Resource, "resource", {"provider_kind": kind, "provider_id": pk, **values}, own
        )

    async def serves(self, resource: int, district: str) -> None:
        """The resource also serves a district (by code) beyond its own."""
        row = {"resource_id": resource, "district_id": await self.district(district)}
        async with self._connect() as connection:
            await connection.execute(insert(ResourceServiceDistrict.__table__).values(**row))

    async def demand(self, requester: Ref, **values: Any) -> int:
        """An OPEN PROFESSIONAL_SERVICE demand of `requester` unless told."""
        kind, pk = requester
        own = {"title": f"Demand {self._n()}", "category": "PROFESSIONAL_SERVICE", "status": "OPEN",
               "urgency": "MEDIUM", "target_group": "WOMEN"}  # fmt: skip
        return await self._placed(
            Demand, "demand", {"requester_kind": kind, "requester_id": pk, **values}, own
        )

    async def event(self, organizer: Ref, **values: Any) -> int:
        """A PUBLISHED ACTIVITY of `organizer` unless told; `starts_at` and `ends_at` are required."""
        kind, pk = organizer
        own = {"title": f"Event {self._n()}", "kind": "ACTIVITY", "status": "PUBLISHED"}
        return await self._placed(Event, "event", {"organizer_kind": kind, "organizer_id": pk, **values}, own)

    # what happens between them

    async def engagement(self, demand: int, resource: int, status: str, **values: Any) -> int:
        """An engagement put straight in `status` (requester-initiated unless told)."""
        given = {"initiated_by": "REQUESTER", **values}
        return await self.insert(Engagement(demand_id=demand, resource_id=resource, status=status, **given))

    async def application(self, volunteer: Ref, resource: int, status: str = "APPLIED", **values: Any) -> int:
        """A volunteer's application to a position, put straight in `status`."""
        row = VolunteerApplication(volunteer_id=volunteer[1], resource_id=resource, status=status, **values)
        return await self.insert(row)

    async def registration(self, event: int, participant: Ref) -> int:
        kind, pk = participant
        return await self.insert(EventRegistration(event_id=event, participant_kind=kind, participant_id=pk))

    async def rating(self, engagement: int, rater: Ref, ratee: Ref, **values: Any) -> int:
        (rater_kind, rater_id), (ratee_kind, ratee_id) = rater, ratee
        row = Rating(engagement_id=engagement, rater_kind=rater_kind, rater_id=rater_id,
                     ratee_kind=ratee_kind, ratee_id=ratee_id, **{"score": 4, **values})  # fmt: skip
        return await self.insert(row)

    async def appeal(self, home: Ref, **values: Any) -> int:
        """A SUBMITTED appeal addressed to `home`."""
        own = {"tracking_code": f"YWTEST{self._n():06d}", "topic": "就业", "content": "需要帮助",
               "status": "SUBMITTED"}  # fmt: skip
        return await self._placed(Appeal, "appeal", {"home_id": home[1], **values}, own)

    async def complaint(self, subject: Ref, **values: Any) -> int:
        """An OPEN complaint about `subject`."""
        kind, pk = subject
        own = {"tracking_code": f"YWTESTC{self._n():06d}", "category": "SERVICE_QUALITY",
               "description": "服务未按约定提供", "status": "OPEN"}  # fmt: skip
        return await self.insert(Complaint(subject_kind=kind, subject_id=pk, **{**own, **values}))

    async def invitation(self, inviter: int, role: str, participant: Ref | None = None, **values: Any) -> int:
        """An OPEN invitation to `role` sent by account `inviter`, valid for a week (no code issued)."""
        kind, pk = participant if participant else (None, None)
        own = {"display_name": f"Invitee {self._n()}", "status": "OPEN",
               "expires_at": datetime.now(UTC) + timedelta(days=7)}  # fmt: skip
        return await self.insert(
            Invitation(role=role, participant_kind=kind, participant_id=pk, inviter_account_id=inviter,
                       **{**own, **values})
        )  # fmt: skip
