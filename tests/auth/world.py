"""A small world with known relationships, for walking every role against the policy.

home H1 (manager m1) ── engagement ACCEPTED ──▶ social worker S1's resource
home H2 (manager m2) ── engagement COMPLETED ─▶ organization O1's resource
volunteer V1 ── application ACCEPTED ──▶ O1's volunteer position
volunteer V2 ── application COMPLETED ─▶ O1's volunteer position
O2 is PENDING, O3 REJECTED; O1 has a draft resource and a draft event, H1 a draft demand;
H2's rating of O1 is hidden; resident appeal AP1 was addressed to H1; v1 filed complaint CP1
(OPEN) about O1;
o1 invited a colleague to O1 (INV1, OPEN).
Links into restricted records: S1's agency is the pending O2; H2's demand was declined by
the rejected O3 (E_declined); V2 registered for O1's draft event (Reg_draft).

The rows are made by the one builder (tests/builders.py); `World` names them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from datasources.tables import Home, SocialWorker
from domain.enums import Role
from tests.builders import KIND_OF_TYPE, Builder, Ref, gid, token_for

NOW = datetime.now(UTC)
PLACE = {"lat": 39.9, "lon": 116.4}


@dataclass
class World:
    ids: dict[str, int] = field(default_factory=dict)  # name -> primary key
    types: dict[str, str] = field(default_factory=dict)  # name -> GraphQL type
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> inserted values
    tokens: dict[str, str] = field(default_factory=dict)  # viewer name -> bearer token

    def gid(self, name: str) -> str:
        return gid(self.types[name], self.ids[name])

    def party(self, name: str) -> Ref:
        """The participant a name stands for, as (kind, id)."""
        return KIND_OF_TYPE[self.types[name]], self.ids[name]

    def headers(self, viewer: str) -> dict[str, str]:
        return {"authorization": f"Bearer {self.tokens[viewer]}"} if viewer in self.tokens else {}


async def build_world(engine: AsyncEngine) -> World:
    world, build = World(), Builder(engine)

    async def named(name: str, type_name: str, made: Ref | int) -> None:
        pk = made[1] if isinstance(made, tuple) else made
        world.ids[name], world.types[name], world.rows[name] = pk, type_name, build.inserted[type_name, pk]

    async with build.batch():
        for name in ("H1", "H2"):
            home = await build.home(name=f"Home {name}", subdistrict="东华门街道", community="c", address="a",
                                    **PLACE)  # fmt: skip
            await named(name, "Home", home)
        for name, status in (("O1", "ACTIVE"), ("O2", "PENDING"), ("O3", "REJECTED")):
            org = await build.organization(
                name=f"Org {name}",
                status=status,
                credit_code=f"91110000MA0{name}XXXX",
                address="a",
                contact_name=f"Contact {name}",
                contact_phone="13800000000",
                contact_email=f"{name}@org.example",
                **PLACE,
            )
            await named(name, "Organization", org)
        worker = await build.social_worker(
            name="S1",
            phone="13700000001",
            email="s1@x.org",
            certificate_number="S2026110001",
            verification_note="证书信息已于线下复核",
        )
        await named("S1", "SocialWorker", worker)
        for index, name in enumerate(("V1", "V2")):
            volunteer = await build.volunteer(
                name=name,
                phone=f"1360000000{index}",
                email=f"{name}@x.org",
                id_number=f"11010119900101000{index}",
                real_name=f"真名{name}",
                **PLACE,
            )
            await named(name, "Volunteer", volunteer)

        accounts = (
            ("admin", Role.ADMIN, None),
            ("supervisor", Role.SUPERVISOR, None),
            ("m1", Role.HOME_MANAGER, "H1"),
            ("m2", Role.HOME_MANAGER, "H2"),
            ("o1", Role.ORG_MEMBER, "O1"),
            ("o2", Role.ORG_MEMBER, "O2"),
            ("o3", Role.ORG_MEMBER, "O3"),
            ("s1", Role.SOCIAL_WORKER, "S1"),
            ("v1", Role.VOLUNTEER, "V1"),
            ("v2", Role.VOLUNTEER, "V2"),
        )
        for name, role, acts_for in accounts:
            participant = world.party(acts_for) if acts_for else None
            account = await build.account(
                [role],
                participant,
                username=f"user_{name}",
                display_name=f"Person {name}",
                phone=f"1390000{len(world.ids):04d}",
                email=f"{name}@example.org",
            )
            await named(name, "Account", account)
            world.tokens[name] = token_for(account, [role], participant)
        await build.change(Home, world.ids["H1"], manager_account_id=world.ids["m1"])
        await build.change(Home, world.ids["H2"], manager_account_id=world.ids["m2"])

        for name, owner, status, category in (
            ("R_S1", "S1", "PUBLISHED", "PROFESSIONAL_SERVICE"),
            ("R_O1", "O1", "PUBLISHED", "PROFESSIONAL_SERVICE"),
            ("RV_O1", "O1", "PUBLISHED", "VOLUNTEER_POSITION"),
            ("R_draft", "O1", "DRAFT", "PROFESSIONAL_SERVICE"),
            ("R_O3", "O3", "WITHDRAWN", "PROFESSIONAL_SERVICE"),
        ):
            resource = await build.resource(
                world.party(owner), title=f"Resource {name}", category=category, status=status
            )
            await named(name, "Resource", resource)
        for name, owner, status in (("D_H1", "H1", "MATCHED"), ("D_H2", "H2", "FULFILLED"),
                                    ("D_draft", "H1", "DRAFT")):  # fmt: skip
            demand = await build.demand(world.party(owner), title=f"Demand {name}", status=status)
            await named(name, "Demand", demand)
        for name, demand_name, resource_name, status in (
            ("E_active", "D_H1", "R_S1", "ACCEPTED"),
            ("E_done", "D_H2", "R_O1", "COMPLETED"),
            ("E_declined", "D_H2", "R_O3", "DECLINED"),
        ):
            engagement = await build.engagement(
                world.ids[demand_name],
                world.ids[resource_name],
                status,
                note=f"{name}: 请联系李女士 13800000000",
            )
            await named(name, "Engagement", engagement)
        for name, volunteer, status in (("A_active", "V1", "ACCEPTED"), ("A_done", "V2", "COMPLETED")):
            application = await build.application(
                world.party(volunteer), world.ids["RV_O1"], status, motivation=f"{name}: 我住附近 13900000000"
            )
            await named(name, "VolunteerApplication", application)
        rating = await build.rating(
            world.ids["E_done"], world.party("H2"), world.party("O1"), score=2, hidden=True,
            hidden_reason="moderated",
        )  # fmt: skip
        await named("Rating_hidden", "Rating", rating)
        # S1 rates H1 (E_active): public, its comment (free text) for the two sides alone.
        rating = await build.rating(
            world.ids["E_active"],
            world.party("S1"),
            world.party("H1"),
            score=5,
            comment="感谢张女士 13900000000",
        )
        await named("Rating_public", "Rating", rating)
        event = await build.event(
            world.party("O1"),
            title="Draft event",
            status="DRAFT",
            starts_at=NOW + timedelta(days=3),
            ends_at=NOW + timedelta(days=3, hours=2),
        )
        await named("Event_draft", "Event", event)
        registration = await build.registration(world.ids["Event_draft"], world.party("V2"))
        await named("Reg_draft", "EventRegistration", registration)
        await build.change(SocialWorker, world.ids["S1"], agency_id=world.ids["O2"])
        appeal = await build.appeal(
            world.party("H1"),
            tracking_code="TESTAPPEAL01",
            topic="就业",
            content="需要帮助",
            contact_name="王女士",
            contact_phone="13500000000",
        )
        await named("AP1", "Appeal", appeal)
        complaint = await build.complaint(
            world.party("O1"),
            tracking_code="TESTCOMPLAINT1",
            description="活动当天无人到场",
            contact_name="赵女士",
            contact_phone="13600000000",
            contact_email="zhao@example.org",
            complainant_account_id=world.ids["v1"],
        )
        await named("CP1", "Complaint", complaint)
        invitation = await build.invitation(world.ids["o1"], "ORG_MEMBER", world.party("O1"))
        await named("INV1", "Invitation", invitation)
    return world
