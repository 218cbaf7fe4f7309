"""Social workers (专业社工) and volunteers (志愿者), with their accounts."""

from __future__ import annotations

from datasources.seed import vocabulary as words
from datasources.seed.context import Context, Row
from datasources.seed.participants import add_account, random_district

LEVELS = {"ASSISTANT": 45, "INTERMEDIATE": 45, "SENIOR": 10}
LEVEL_NAMES = {"ASSISTANT": "助理社会工作师", "INTERMEDIATE": "社会工作师", "SENIOR": "高级社会工作师"}


def build_social_workers(ctx: Context) -> None:
    agencies = [
        org
        for org in ctx.rows["organizations"]
        if org["kind"] == "SOCIAL_WORK_AGENCY" and org["status"] == "ACTIVE"
    ]
    districts = {d["id"]: d for d in ctx.rows["districts"]}
    for level in ctx.covering(LEVELS, ctx.scale.social_workers):
        _add_social_worker(ctx, level, agencies, districts)


def _add_social_worker(ctx: Context, level: str, agencies: list[Row], districts: dict[int, Row]) -> None:
    rng = ctx.rng
    agency = rng.choice(agencies) if agencies and rng.random() < 0.75 else None
    district = districts[agency["district_id"]] if agency else random_district(ctx)
    person = ctx.person()
    specialties = sorted(rng.sample(words.SPECIALTIES, rng.randint(1, 3)), key=words.SPECIALTIES.index)
    years = rng.randint(8, 25) if level == "SENIOR" else rng.randint(1, 12)
    worker = ctx.add_participant(
        "SOCIAL_WORKER",
        "social_workers",
        ref=None,
        name=person.name,
        district_id=district["id"],
        created_at=ctx.days_ago(700, 300),
        agency_id=agency["id"] if agency else None,
        qualification_level=level,
        specialties=specialties,
        years_of_experience=years,
        bio=f"{LEVEL_NAMES[level]}，从事社会工作{years}年，擅长{'、'.join(specialties)}领域服务。",
        phone=person.phone,
        email=person.email,
        verification_status="VERIFIED",  # seeded as imported ones are: verified by the federation
        certificate_number=None,
    )
    add_account(ctx, "sw", "SOCIAL_WORKER", "SOCIAL_WORKER", worker, person)


def build_volunteers(ctx: Context) -> None:
    rng = ctx.rng
    for _ in range(ctx.scale.volunteers):
        district = random_district(ctx)
        person = ctx.person()
        lat, lon = ctx.near(district["lat"], district["lon"], 8.0)
        skills = rng.sample(words.SKILLS, rng.randint(1, 4))
        slots = rng.sample(words.AVAILABILITY, rng.randint(1, 3))
        volunteer = ctx.add_participant(
            "VOLUNTEER",
            "volunteers",
            ref=None,
            name=person.name,
            district_id=district["id"],
            created_at=ctx.days_ago(600, 20),
            skills=sorted(skills, key=words.SKILLS.index),
            availability=sorted(slots, key=words.AVAILABILITY.index),
            service_minutes=0,  # summed from completed applications later
            phone=person.phone,
            email=person.email,
            id_number=ctx.id_number(person, district["code"]),
            lat=lat,
            lon=lon,
        )
        add_account(ctx, "vol", "VOLUNTEER", "VOLUNTEER", volunteer, person)
