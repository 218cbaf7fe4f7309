"""Districts, federation staff and homes, and the accounts of people acting for participants."""

from __future__ import annotations

from datetime import datetime

from datasources.seed import vocabulary as words
from datasources.seed.context import Context, Person, Row, Subdistrict
from datasources.seed.districts import district_rows


def build_districts(ctx: Context) -> None:
    for row in district_rows():
        ctx.add("districts", **{k: v for k, v in row.items() if k != "id"})
    for district in ctx.rows["districts"]:
        ctx.subdistricts[district["id"]] = _subdistricts(ctx, district)


def _subdistricts(ctx: Context, district: Row) -> list[Subdistrict]:
    # Central districts are compact; outer ones spread over mountains and plains.
    spread = 4.0 if district["code"] in words.CENTRAL_DISTRICTS else 12.0
    result = []
    for stem in words.SUBDISTRICTS[district["code"]].split():
        name = stem if stem.endswith(("镇", "乡")) else stem + "街道"
        result.append(Subdistrict(name, *ctx.near(district["lat"], district["lon"], spread)))
    return result


def random_district(ctx: Context) -> Row:
    """A district, weighted by how many sub-districts (and so people) it has."""
    districts = ctx.rows["districts"]
    return ctx.rng.choices(districts, [d["subdistrict_count"] for d in districts])[0]


def build_staff(ctx: Context) -> None:
    """One federation administrator and one supervisor per district."""
    created = ctx.days_ago(900, 800)
    ctx.add("accounts", **_account("admin", ctx.person().name, ["ADMIN"], None, None, created))
    for district in ctx.rows["districts"]:
        person = ctx.person(female=True)
        username = f"supervisor_{district['code']}"
        account = _account(username, person.name, ["SUPERVISOR"], None, None, created)
        ctx.supervisors[district["id"]] = ctx.add("accounts", **account)["id"]


def _account(
    username: str,
    display_name: str,
    roles: list[str],
    kind: str | None,
    participant_id: int | None,
    created_at: datetime,
    phone: str | None = None,
    email: str | None = None,
) -> Row:
    return {
        "username": username,
        "password_hash": None,  # sign-in comes later
        "display_name": display_name,
        "roles": roles,
        "participant_kind": kind,
        "participant_id": participant_id,
        "phone": phone,
        "email": email,
        "is_active": True,
        "created_at": created_at,
        "consent_version": None,  # set for those who signed up (seed/joining.py)
        "consented_at": None,
    }


def add_account(ctx: Context, prefix: str, role: str, kind: str, row: Row, person: Person) -> Row:
    """The account of `person`, acting for participant `row`."""
    return ctx.add(
        "accounts",
        **_account(
            f"{prefix}_{row['id']}", person.name, [role], kind, row["id"], row["created_at"],
            person.phone, person.email,
        ),
    )  # fmt: skip


def build_homes(ctx: Context) -> None:
    districts = {d["id"]: d for d in ctx.rows["districts"]}
    weights = {str(d["id"]): d["subdistrict_count"] for d in districts.values()}
    taken: set[tuple[str, str]] = set()
    for district_id in ctx.covering(weights, ctx.scale.homes):
        district = districts[int(district_id)]
        subdistrict = ctx.rng.choice(ctx.subdistricts[district["id"]])
        community = _community(ctx, subdistrict, taken)
        _add_home(ctx, district, subdistrict, community)


def _community(ctx: Context, subdistrict: Subdistrict, taken: set[tuple[str, str]]) -> str:
    """A community or village not yet taken in the sub-district; once the words run out (at
    beijing10 a sub-district has more homes than names), the last try numbered: 前营二村."""
    rng = ctx.rng

    def make() -> str:
        if subdistrict.rural and rng.random() < 0.8:
            return rng.choice(words.VILLAGE_STEMS) + rng.choice(words.VILLAGE_SUFFIXES) + "村"
        return rng.choice(words.COMMUNITY_STEMS) + rng.choice(words.COMMUNITY_SUFFIXES) + "社区"

    name = make()
    for _ in range(COMMUNITY_TRIES):
        if (subdistrict.name, name) not in taken:
            break
        name = make()
    number = 1
    while (subdistrict.name, name) in taken:
        number += 1
        kind = "村" if name.endswith("村") else "社区"
        name = f"{name.removesuffix(kind).rstrip('0123456789')}{number}{kind}"
    taken.add((subdistrict.name, name))
    return name


COMMUNITY_TRIES = 1000  # far more than the smaller scales ever need: their datasets stay as they were


def _add_home(ctx: Context, district: Row, subdistrict: Subdistrict, community: str) -> None:
    rng = ctx.rng
    lat, lon = ctx.near(subdistrict.lat, subdistrict.lon, 1.5)
    street = community.removesuffix("社区").removesuffix("村") + rng.choice(words.STREETS)
    home = ctx.add_participant(
        "HOME",
        "homes",
        ref=None,
        name=f"{district['name']}{subdistrict.name}{community}妇女之家",
        district_id=district["id"],
        created_at=ctx.days_ago(720, 330),
        subdistrict=subdistrict.name,
        community=community,
        address=f"北京市{district['name']}{subdistrict.name}{street}{rng.randint(1, 120)}号",
        lat=lat,
        lon=lon,
        manager_account_id=None,
    )
    manager = ctx.person(female=True)
    account = add_account(ctx, "home", "HOME_MANAGER", "HOME", home, manager)
    home["manager_account_id"] = account["id"]
