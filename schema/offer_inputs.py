"""Input types publishing shares: a location, and each resource category's own fields.

Fields a category requires are nullable here and checked by the command (domain/workflows/
categories.py), so a missing one is a REQUIRED user error at its path, not a GraphQL error.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import Enum

import strawberry

from domain.workflows.categories import MAX_CAPACITY, MAX_DURATION_MONTHS, MAX_LIST, MAX_SESSION_MINUTES

REQUIRED = "Required."


@strawberry.input(description="A point on the map (WGS-84): latitude -90..90, longitude -180..180.")
class GeoPointInput:
    lat: float = strawberry.field(description="Latitude in degrees.")
    lon: float = strawberry.field(description="Longitude in degrees.")


@strawberry.enum(description="How a service is delivered.")
class DeliveryFormat(Enum):
    OFFLINE = strawberry.enum_value("OFFLINE", description="In person (线下).")
    ONLINE = strawberry.enum_value("ONLINE", description="Online (线上).")
    HYBRID = strawberry.enum_value("HYBRID", description="Both (线上线下结合).")


@strawberry.input(description="A FUNDING resource's own fields (资金).")
class FundingDetailsInput:
    amount: Decimal | None = strawberry.field(
        default=None, description=f"{REQUIRED} The amount of each grant, in CNY (to the fen)."
    )
    disbursement: str | None = strawberry.field(
        default=None, description="How it is paid out, e.g. 一次性拨付, 按项目进度拨付."
    )


@strawberry.input(description="A PLANNING resource's own fields (策划).")
class PlanningDetailsInput:
    format: DeliveryFormat | None = strawberry.field(default=None, description=REQUIRED)
    deliverables: list[str] | None = strawberry.field(
        default=None,
        description=f"{REQUIRED} What the planning delivers (交付成果), e.g. 活动方案, at most {MAX_LIST}.",
    )


@strawberry.input(description="A PROJECT resource's own fields (项目).")
class ProjectDetailsInput:
    duration_months: int | None = strawberry.field(
        default=None, description=f"{REQUIRED} How long the project runs, 1 to {MAX_DURATION_MONTHS} months."
    )
    goal: str | None = strawberry.field(default=None, description="What it sets out to achieve (项目目标).")


@strawberry.input(description="A VENUE resource's own fields (场地).")
class VenueDetailsInput:
    capacity: int | None = strawberry.field(
        default=None, description=f"{REQUIRED} People it holds, 1 to {MAX_CAPACITY}."
    )
    address: str | None = strawberry.field(default=None, description=f"{REQUIRED} Where it is (地址).")
    facilities: list[str] | None = strawberry.field(
        default=None, description="What it has, e.g. 投影仪, 无障碍通道."
    )


@strawberry.input(description="One kind of item a MATERIAL resource offers.")
class MaterialItemInput:
    name: str | None = strawberry.field(default=None, description=f"{REQUIRED} What it is, e.g. 儿童图书.")
    quantity: int | None = strawberry.field(default=None, description=f"{REQUIRED} How many, at least 1.")
    unit: str | None = strawberry.field(default=None, description=f"{REQUIRED} Of what, e.g. 册, 箱.")


@strawberry.input(description="A MATERIAL resource's own fields (物资).")
class MaterialDetailsInput:
    items: list[MaterialItemInput] | None = strawberry.field(
        default=None, description=f"{REQUIRED} The items on offer, 1 to {MAX_LIST}."
    )
    delivery: str | None = strawberry.field(default=None, description="How they arrive, e.g. 送货上门.")
    pickup_address: str | None = strawberry.field(default=None, description="Where to collect them.")


@strawberry.input(description="A PROFESSIONAL_SERVICE resource's own fields (专业服务).")
class ProfessionalServiceDetailsInput:
    format: DeliveryFormat | None = strawberry.field(default=None, description=REQUIRED)
    session_minutes: int | None = strawberry.field(
        default=None, description=f"Length of one session, 10 to {MAX_SESSION_MINUTES} minutes."
    )


@strawberry.input(description="One shift of a volunteer position (班次).")
class ShiftInput:
    starts_at: datetime | None = strawberry.field(default=None, description=f"{REQUIRED} In the future.")
    ends_at: datetime | None = strawberry.field(default=None, description=f"{REQUIRED} After the start.")


@strawberry.input(description="A VOLUNTEER_POSITION resource's own fields (志愿岗位).")
class VolunteerPositionDetailsInput:
    skills: list[str] | None = strawberry.field(
        default=None,
        description=f"{REQUIRED} Skills wanted, from the volunteers' skill vocabulary (e.g. 心理疏导, 摄影).",
    )
    shifts: list[ShiftInput] | None = strawberry.field(
        default=None,
        description=f"{REQUIRED} When volunteers serve, 1 to {MAX_LIST} shifts, within the availability "
        "window; the weekly slots they fall in are matched against volunteers' availability.",
    )
