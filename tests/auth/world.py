"""A small world with known relationships, for walking every role against the policy.

home H1 (manager m1) ── engagement ACCEPTED ──▶ social worker S1's resource
home H2 (manager m2) ── engagement COMPLETED ─▶ organization O1's resource
volunteer V1 ── application ACCEPTED ──▶ O1's volunteer position
volunteer V2 ── application COMPLETED ─▶ O1's volunteer position
O2 is PENDING, O3 REJECTED; O1 has a draft resource and a draft event, H1 a draft demand;
H2's rating of O1 is hidden; resident appeal AP1 was addressed to H1; v1 filed complaint CP1
(OPEN) about O1.
Links into restricted records: S1's agency is the pending O2; H2's demand was declined by
the rejected O3 (E_declined); V2 registered for O1's draft event (Reg_draft).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

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
    Organization,
    Rating,
    Resource,
    SocialWorker,
    Volunteer,
    VolunteerApplication,
)
from domain.enums import Role
from domain.global_ids import encode
from settings import Settings

KIND_OF_TYPE = {
    "Home": "HOME",
    "Organization": "ORGANIZATION",
    "SocialWorker": "SOCIAL_WORKER",
    "Volunteer": "VOLUNTEER",
}
NOW = datetime.now(UTC)


@dataclass
class World:
    ids: dict[str, int] = field(default_factory=dict)  # name -> primary key
    types: dict[str, str] = field(default_factory=dict)  # name -> GraphQL type
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> inserted values
    tokens: dict[str, str] = field(default_factory=dict)  # viewer name -> bearer token

    def gid(self, name: str) -> str:
        return encode(self.types[name], self.ids[name])

    def headers(self, viewer: str) -> dict[str, str]:
        return {"authorization": f"Bearer {self.tokens[viewer]}"} if viewer in self.tokens else {}


async def _add(connection: AsyncConnection, world: World, name: str, type_name: str, model: Any) -> int:
    values = model.model_dump(exclude={"id"})
    table = type(model).__table__
    pk = (await connection.execute(insert(table).returning(table.c.id), values)).scalar_one()
    world.ids[name], world.types[name], world.rows[name] = pk, type_name, values
    return pk


def _participant(world: World, name: str) -> tuple[str, int]:
    return (KIND_OF_TYPE[world.types[name]], world.ids[name])


async def build_world(engine: AsyncEngine) -> World:
    world = World()
    async with engine.begin() as c:
        district = (await ensure_districts(c))["110101"]
        place = {"district_id": district, "lat": 39.9, "lon": 116.4}

        async def account(name: str, role: Role, acts_for: str | None, phone: str | None = None) -> None:
            kind, pk = _participant(world, acts_for) if acts_for else (None, None)
            model = Account(
                username=f"user_{name}",
                display_name=f"Person {name}",
                roles=[role],
                participant_kind=kind,
                participant_id=pk,
                phone=phone or f"1390000{len(world.ids):04d}",
                email=f"{name}@example.org",
            )
            await _add(c, world, name, "Account", model)

        for name in ("H1", "H2"):
            home = Home(name=f"Home {name}", subdistrict="东华门街道", community="c", address="a", **place)
            await _add(c, world, name, "Home", home)
        for name, status in (("O1", "ACTIVE"), ("O2", "PENDING"), ("O3", "REJECTED")):
            org = Organization(
                name=f"Org {name}",
                kind="SOCIAL_ORGANIZATION",
                status=status,
                credit_code=f"91110000MA0{name}XXXX",
                address="a",
                contact_name=f"Contact {name}",
                contact_phone="13800000000",
                contact_email=f"{name}@org.example",
                **place,
            )
            await _add(c, world, name, "Organization", org)
        worker = SocialWorker(
            name="S1",
            district_id=district,
            qualification_level="INTERMEDIATE",
            phone="13700000001",
            email="s1@x.org",
        )
        await _add(c, world, "S1", "SocialWorker", worker)
        for index, name in enumerate(("V1", "V2")):
            volunteer = Volunteer(
                name=name,
                phone=f"1360000000{index}",
                email=f"{name}@x.org",
                id_number=f"11010119900101000{index}",
                **place,
            )
            await _add(c, world, name, "Volunteer", volunteer)

        await account("admin", Role.ADMIN, None)
        await account("supervisor", Role.SUPERVISOR, None)
        await account("m1", Role.HOME_MANAGER, "H1")
        await account("m2", Role.HOME_MANAGER, "H2")
        await account("o1", Role.ORG_MEMBER, "O1")
        await account("o2", Role.ORG_MEMBER, "O2")
        await account("o3", Role.ORG_MEMBER, "O3")
        await account("s1", Role.SOCIAL_WORKER, "S1")
        await account("v1", Role.VOLUNTEER, "V1")
        await account("v2", Role.VOLUNTEER, "V2")
        await c.execute(
            Home.__table__.update()
            .where(Home.__table__.c.id == world.ids["H1"])
            .values(manager_account_id=world.ids["m1"])
        )
        await c.execute(
            Home.__table__.update()
            .where(Home.__table__.c.id == world.ids["H2"])
            .values(manager_account_id=world.ids["m2"])
        )
        world.rows["H1"]["manager_account_id"] = world.ids["m1"]

        async def resource(
            name: str, owner: str, status: str, category: str = "PROFESSIONAL_SERVICE"
        ) -> None:
            kind, pk = _participant(world, owner)
            model = Resource(
                title=f"Resource {name}",
                category=category,
                status=status,
                provider_kind=kind,
                provider_id=pk,
                district_id=district,
            )
            await _add(c, world, name, "Resource", model)

        async def demand(name: str, owner: str, status: str) -> None:
            kind, pk = _participant(world, owner)
            model = Demand(
                title=f"Demand {name}",
                category="PROFESSIONAL_SERVICE",
                status=status,
                requester_kind=kind,
                requester_id=pk,
                district_id=district,
                urgency="MEDIUM",
                target_group="WOMEN",
            )
            await _add(c, world, name, "Demand", model)

        await resource("R_S1", "S1", "PUBLISHED")
        await resource("R_O1", "O1", "PUBLISHED")
        await resource("RV_O1", "O1", "PUBLISHED", "VOLUNTEER_POSITION")
        await resource("R_draft", "O1", "DRAFT")
        await resource("R_O3", "O3", "WITHDRAWN")
        await demand("D_H1", "H1", "MATCHED")
        await demand("D_H2", "H2", "FULFILLED")
        await demand("D_draft", "H1", "DRAFT")
        for name, demand_name, resource_name, status in (
            ("E_active", "D_H1", "R_S1", "ACCEPTED"),
            ("E_done", "D_H2", "R_O1", "COMPLETED"),
            ("E_declined", "D_H2", "R_O3", "DECLINED"),
        ):
            model = Engagement(
                demand_id=world.ids[demand_name],
                resource_id=world.ids[resource_name],
                status=status,
                initiated_by="REQUESTER",
            )
            await _add(c, world, name, "Engagement", model)
        for name, volunteer, status in (("A_active", "V1", "ACCEPTED"), ("A_done", "V2", "COMPLETED")):
            model = VolunteerApplication(
                volunteer_id=world.ids[volunteer], resource_id=world.ids["RV_O1"], status=status
            )
            await _add(c, world, name, "VolunteerApplication", model)
        rating = Rating(
            engagement_id=world.ids["E_done"],
            rater_kind="HOME",
            rater_id=world.ids["H2"],
            ratee_kind="ORGANIZATION",
            ratee_id=world.ids["O1"],
            score=2,
            hidden=True,
            hidden_reason="moderated",
        )
        await _add(c, world, "Rating_hidden", "Rating", rating)
        event = Event(
            title="Draft event",
            kind="ACTIVITY",
            status="DRAFT",
            organizer_kind="ORGANIZATION",
            organizer_id=world.ids["O1"],
            district_id=district,
            starts_at=NOW + timedelta(days=3),
            ends_at=NOW + timedelta(days=3, hours=2),
        )
        await _add(c, world, "Event_draft", "Event", event)
        registration = EventRegistration(
            event_id=world.ids["Event_draft"], participant_kind="VOLUNTEER", participant_id=world.ids["V2"]
        )
        await _add(c, world, "Reg_draft", "EventRegistration", registration)
        workers = SocialWorker.__table__
        await c.execute(
            workers.update().where(workers.c.id == world.ids["S1"]).values(agency_id=world.ids["O2"])
        )
        appeal = Appeal(
            tracking_code="TESTAPPEAL01",
            home_id=world.ids["H1"],
            district_id=district,
            topic="就业",
            content="需要帮助",
            status="SUBMITTED",
            contact_name="王女士",
            contact_phone="13500000000",
        )
        await _add(c, world, "AP1", "Appeal", appeal)
        complaint = Complaint(
            tracking_code="TESTCOMPLAINT1",
            subject_kind="ORGANIZATION",
            subject_id=world.ids["O1"],
            category="SERVICE_QUALITY",
            description="活动当天无人到场",
            contact_name="赵女士",
            contact_phone="13600000000",
            contact_email="zhao@example.org",
            complainant_account_id=world.ids["v1"],
            status="OPEN",
        )
        await _add(c, world, "CP1", "Complaint", complaint)

    issuer = TokenIssuer(Settings(env="test").jwt_secret, 3600)
    for name in ("admin", "supervisor", "m1", "m2", "o1", "o2", "o3", "s1", "v1", "v2"):
        row = world.rows[name]
        acts_for = (row["participant_kind"], row["participant_id"]) if row["participant_kind"] else None
        world.tokens[name], _ = issuer.mint(world.ids[name], row["roles"], acts_for)
    return world
