"""What the inputs and payloads of publishing resources and demands share: the fields that read
alike (their texts said once), a location, and each resource category's own fields.

Fields a category requires are nullable here and checked by the command (domain/workflows/
categories.py), so a missing one is a REQUIRED user error at its path, not a GraphQL error.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Protocol

import strawberry
from strawberry import UNSET

from domain.workflows.categories import MAX_CAPACITY, MAX_DURATION_MONTHS, MAX_LIST, MAX_SESSION_MINUTES
from domain.workflows.offers import MAX_DESCRIPTION, MAX_REASON, MAX_TAGS, MAX_TITLE
from schema.user_errors import UserError, user_errors_field
from services.offers import End, OfferFields

REQUIRED = "Required."
FIELD_ERRORS = (
    "REQUIRED, TOO_LONG, OUT_OF_RANGE, INVALID (at the input field's path, e.g. "
    '["input", "venue", "capacity"]: a category\'s own fields, a malformed id, a time without '
    "offset, a window ending in the past or before it starts, a location off Earth, unknown skills)."
)
VERSIONED = "Takes the version last seen: a stale one is CONFLICT, and so is losing a race."


def owners(owner: str) -> str:
    """Who may change or take off a resource (`owner`: provider) or a demand (requester)."""
    return (
        f"Allowed for accounts acting for the {owner}, and federation staff; others get FORBIDDEN "
        "(NOT_FOUND for a draft they may not see)."
    )


def offer_errors(owner: str, not_found: str) -> list[UserError]:
    """The `userErrors` of a resource's or a demand's payload."""
    return user_errors_field(
        f"UNAUTHENTICATED; FORBIDDEN (not acting for the {owner}); NOT_FOUND ({not_found}); INVALID_STATE "
        "(not possible in its status, the organization not ACTIVE, accepted engagements under way); "
        "CONFLICT (changed since `expectedVersion`); " + FIELD_ERRORS
    )


# The fields of a new one.
def title_field() -> str:
    return strawberry.field(description=f"Title (标题), at most {MAX_TITLE} characters.")


def description_field(what: str) -> str:
    return strawberry.field(default="", description=f"{what}; at most {MAX_DESCRIPTION} characters.")


def owner_field(who: str) -> strawberry.ID | None:
    return strawberry.field(
        default=None,
        description=f"{who}. Staff must name one; others may only name the participant they act for "
        "(the default).",
    )


def unit_field(examples: str) -> str:
    return strawberry.field(default="次", description=f"Unit of quantity (单位), e.g. {examples}.")


def tags_field() -> list[str] | None:
    return strawberry.field(default=None, description=f"Free keywords, at most {MAX_TAGS}.")


def draft_field(owner: str, later: str) -> bool:
    """`later`: how a draft goes on offer, e.g. "publish it later with `updateResource(...)`"."""
    return strawberry.field(
        default=False,
        description=f"true: save it as a DRAFT (seen only by its {owner} and staff, announced to nobody); "
        f"{later}.",
    )


# The fields of changes to one.
def expected_version_field() -> int:
    return strawberry.field(
        description="The `version` you last saw; if it has changed since, nothing happens (CONFLICT)."
    )


def change_field(description: str) -> Any:
    """A field an update may leave out (it stays as it is) or give as null (an optional one is
    cleared; one that cannot be empty is REQUIRED): UNSET tells the two apart."""
    return strawberry.field(default=UNSET, description=description)


def cleared_fields(input: object) -> frozenset[str]:
    """The graph names of the fields an update input gives as null (to be cleared); then the
    fields left out (UNSET) read as None, "not given", as the commands take them."""
    cleared = set()
    for field in dataclasses.fields(input):  # pyright: ignore[reportArgumentType]  # strawberry inputs are dataclasses
        value = getattr(input, field.name)
        if field.default is not UNSET:  # not a change_field
            continue
        if value is None:
            head, *rest = field.name.split("_")
            cleared.add(head + "".join(part.title() for part in rest))
        elif value is UNSET:
            setattr(input, field.name, None)
    return frozenset(cleared)


KEPT = "Left out: it stays; it cannot be cleared (null: REQUIRED)."
CLEARS = "Left out: it stays; null: cleared."
TITLE_CHANGE = f"At most {MAX_TITLE} characters. {KEPT}"
DESCRIPTION_CHANGE = f"At most {MAX_DESCRIPTION} characters. {CLEARS}"
UNIT_CHANGE = f"Unit of quantity. {KEPT}"
TAGS_CHANGE = f"Replaces its keywords. {CLEARS}"


@strawberry.input(description="Taking a resource or a demand off (its own input names it).")
class EndInput:
    """The input of withdrawResource and cancelDemand: they differ only in their descriptions
    (a subclass describes `id` again; the field keeps its place)."""

    id: strawberry.ID
    reason: str | None = strawberry.field(
        default=None,
        description=f"Why, at most {MAX_REASON} characters: kept in the audit log and added to the note "
        "of each proposed engagement it cancels.",
    )
    expected_version: int | None = strawberry.field(
        default=None,
        description="The `version` you last saw (CONFLICT if it changed); null: whatever is current.",
    )

    def command(self) -> End:
        return End(self.id, self.reason, self.expected_version)


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


class OfferInput(Protocol):
    """What every resource and demand input says (None: not given)."""

    @property
    def title(self) -> str | None: ...
    @property
    def description(self) -> str | None: ...
    @property
    def unit(self) -> str | None: ...
    @property
    def quantity(self) -> int | None: ...
    @property
    def tags(self) -> list[str] | None: ...
    @property
    def district_id(self) -> strawberry.ID | None: ...
    @property
    def location(self) -> GeoPointInput | None: ...


def offer_fields(input: OfferInput) -> OfferFields:
    """The fields every resource and demand command carries."""
    location = None if input.location is None else (input.location.lat, input.location.lon)
    return OfferFields(
        input.title, input.description, input.unit, input.quantity, input.tags, input.district_id, location
    )


def plain(value: object) -> Any:
    """An input object as the domain's plain mapping (nested inputs and enums too)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value.value if isinstance(value, Enum) else value
