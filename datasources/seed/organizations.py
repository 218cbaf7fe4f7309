"""Organizations, their admission history (准入和退出) and their members' accounts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial

from datasources.seed import codes
from datasources.seed import vocabulary as words
from datasources.seed.context import Context, Row
from datasources.seed.participants import add_account, random_district

# Beijing: 1,000+ social organizations, dozens of enterprises and public institutions.
KIND_WEIGHTS = {
    "SOCIAL_ORGANIZATION": 80,
    "ENTERPRISE": 5,
    "PUBLIC_INSTITUTION": 4,
    "SOCIAL_WORK_AGENCY": 7,
    "OTHER": 4,
}
STATUS_WEIGHTS = {"ACTIVE": 82, "PENDING": 6, "SUSPENDED": 4, "EXITED": 4, "REJECTED": 4}
KIND_NAMES = {
    "SOCIAL_ORGANIZATION": "社会组织",
    "ENTERPRISE": "企业",
    "PUBLIC_INSTITUTION": "事业单位",
    "SOCIAL_WORK_AGENCY": "社工机构",
    "OTHER": "服务机构",
}
# Each status history step, with the reasons recorded for it.
REASONS = {
    (None, "PENDING"): ("提交入驻申请",),
    ("PENDING", "ACTIVE"): ("资质审核通过，准予入驻", "登记证书与服务资质齐全，准予入驻"),
    ("PENDING", "REJECTED"): (
        "登记证书已过期",
        "服务范围与平台定位不符",
        "申请材料不全，逾期未补正",
    ),
    ("ACTIVE", "SUSPENDED"): (
        "多次未按约定履行对接",
        "年度检查不合格，暂停整改",
        "收到多起服务投诉，暂停整改",
    ),
    ("SUSPENDED", "ACTIVE"): ("整改完成，恢复服务",),
    ("ACTIVE", "EXITED"): ("机构主动申请退出平台", "机构已注销登记"),
    ("SUSPENDED", "EXITED"): ("整改期满仍未达标，予以清退",),
}


def build_organizations(ctx: Context) -> None:
    count = ctx.scale.organizations
    kinds = ctx.covering(KIND_WEIGHTS, count)
    statuses = ctx.covering(STATUS_WEIGHTS, count)
    names: set[str] = set()
    credit_codes: set[str] = set()
    for kind, status in zip(kinds, statuses, strict=True):
        district = random_district(ctx)
        name = _unique(names, partial(_name, ctx, kind, district))
        code = _unique(credit_codes, partial(codes.make_credit_code, ctx.rng, kind, district["code"]))
        _add_organization(ctx, kind, status, district, name, code)


def _unique(taken: set[str], make: Callable[[], str]) -> str:
    """A fresh value of `make`; once the words run out (beijing10 has more organizations than
    some kinds have names), the last try numbered: 北京XX科技有限公司（2）."""
    value = make()
    for _ in range(TRIES):
        if value not in taken:
            break
        value = make()
    number = 1
    while value in taken:
        number += 1
        value = f"{value.split('（')[0]}（{number}）"
    taken.add(value)
    return value


TRIES = 1000  # far more than the smaller scales ever need: their datasets stay as they were


def _name(ctx: Context, kind: str, district: Row) -> str:
    rng = ctx.rng
    stem = rng.choice(words.ORG_STEMS)
    place = district["name"]
    if kind == "SOCIAL_ORGANIZATION":
        return f"北京市{place}{stem}{rng.choice(words.SOCIAL_ORG_FORMS)}"
    if kind == "SOCIAL_WORK_AGENCY":
        return f"北京市{place}{stem}{rng.choice(words.AGENCY_FORMS)}"
    if kind == "ENTERPRISE":
        return f"北京{stem}{rng.choice(words.ENTERPRISE_FIELDS)}有限公司"
    if kind == "PUBLIC_INSTITUTION" and rng.random() < 0.5:
        return f"北京市{place}{rng.choice(words.DISTRICT_INSTITUTIONS)}"
    if kind == "PUBLIC_INSTITUTION":
        subdistrict = rng.choice(ctx.subdistricts[district["id"]]).name
        return f"北京市{place}{subdistrict}{rng.choice(words.SUBDISTRICT_INSTITUTIONS)}"
    return f"北京{stem}{rng.choice(words.OTHER_FORMS)}"


def _add_organization(
    ctx: Context, kind: str, status: str, district: Row, name: str, credit_code: str
) -> None:
    rng = ctx.rng
    contact = ctx.person()
    lat, lon = ctx.near(district["lat"], district["lon"], 6.0)
    subdistrict = rng.choice(ctx.subdistricts[district["id"]]).name
    created = ctx.days_ago(40, 1) if status == "PENDING" else ctx.days_ago(760, 380)
    org = ctx.add_participant(
        "ORGANIZATION",
        "organizations",
        ref=None,
        name=name,
        district_id=district["id"],
        created_at=created,
        kind=kind,
        status=status,
        credit_code=credit_code,
        description=f"{name}是在{district['name']}登记的{KIND_NAMES[kind]}，"
        f"{created.year - rng.randint(1, 12)}年成立，长期服务社区妇女儿童和家庭。",
        address=f"北京市{district['name']}{subdistrict}{rng.choice(words.ORG_STEMS)}"
        f"{rng.choice(words.STREETS)}{rng.randint(1, 200)}号",
        lat=lat,
        lon=lon,
        contact_name=contact.name,
        contact_phone=contact.phone,
        contact_email=contact.email,
        website=f"https://org{rng.randrange(10000, 99999)}.example.org" if rng.random() < 0.4 else None,
    )
    member = add_account(ctx, "org", "ORG_MEMBER", "ORGANIZATION", org, contact)
    _add_history(ctx, org, member["id"])


def _path(ctx: Context, status: str) -> list[str]:
    """The statuses an organization went through to reach `status`."""
    rng = ctx.rng
    if status in ("PENDING", "REJECTED"):
        return ["PENDING"] if status == "PENDING" else ["PENDING", "REJECTED"]
    path = ["PENDING", "ACTIVE"]
    if status == "ACTIVE" and rng.random() < 0.1:
        path += ["SUSPENDED", "ACTIVE"]  # suspended once, then reinstated
    if status == "SUSPENDED" or (status == "EXITED" and rng.random() < 0.3):
        path.append("SUSPENDED")
    if status == "EXITED":
        path.append("EXITED")
    return path


def _add_history(ctx: Context, org: Row, member_account_id: int) -> None:
    previous: str | None = None
    at: datetime = org["created_at"]
    for step, status in enumerate(_path(ctx, org["status"])):
        if step:
            at = ctx.after(at, 20 if step == 1 else 200)
        ctx.add(
            "organization_status_changes",
            organization_id=org["id"],
            from_status=previous,
            to_status=status,
            reason=ctx.rng.choice(REASONS[(previous, status)]),
            # The organization applies itself; the district supervisor reviews.
            actor_account_id=member_account_id if step == 0 else ctx.supervisors[org["district_id"]],
            created_at=at,
        )
        previous = status
