"""One pydantic model per line type: field names as in the graph (camelCase), nothing unknown.

The models check each line on its own; what needs other lines or the database (districts,
references, duplicates) is checked in `validate`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, field_validator
from pydantic.alias_generators import to_camel

from domain.enums import (
    AppealStatus,
    ApplicationStatus,
    ComplaintActionKind,
    ComplaintCategory,
    ComplaintOutcome,
    ComplaintStatus,
    DemandStatus,
    EngagementInitiator,
    EngagementStatus,
    EventKind,
    EventStatus,
    OrganizationKind,
    OrganizationStatus,
    QualificationLevel,
    ResourceCategory,
    ResourceStatus,
    TargetGroup,
    Urgency,
)
from domain.identifiers import is_valid_credit_code, is_valid_id_number

FORMAT = 1  # the version of this format an export's header names

# Beijing's bounding box with a margin: catches swapped or foreign coordinates.
LAT_RANGE = (39.3, 41.2)
LON_RANGE = (115.3, 117.7)


def _within(bounds: tuple[float, float], name: str) -> AfterValidator:
    def check(value: float) -> float:
        if not bounds[0] <= value <= bounds[1]:
            raise ValueError(f"{name} {value} is outside Beijing ({bounds[0]}–{bounds[1]})")
        return value

    return AfterValidator(check)


def _credit_code(value: str) -> str:
    if not is_valid_credit_code(value):
        raise ValueError("not a valid unified social credit code (18 characters, check last)")
    return value


def _id_number(value: str) -> str:
    if not is_valid_id_number(value):
        raise ValueError("not a valid 18-digit ID number (check character last)")
    return value.upper()


def _plain_json(value: Any) -> Any:
    """Numbers arrive as Decimal (to keep money exact); JSON columns need int or float."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {key: _plain_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain_json(item) for item in value]
    return value


Ref = Annotated[str, Field(min_length=1, max_length=100)]
Latitude = Annotated[float, _within(LAT_RANGE, "latitude")]
Longitude = Annotated[float, _within(LON_RANGE, "longitude")]
Tag = Annotated[str, Field(min_length=1, max_length=30)]
DistrictKey = Annotated[str, Field(min_length=1, max_length=20)]
Amount = Annotated[Decimal, Field(ge=0, le=Decimal(10**9), decimal_places=2)]
Slot = Literal["WEEKDAY_DAYTIME", "WEEKDAY_EVENING", "WEEKEND_DAYTIME", "WEEKEND_EVENING"]
CreditCode = Annotated[str, AfterValidator(_credit_code)]
IdNumber = Annotated[str, AfterValidator(_id_number)]


class Line(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        alias_generator=to_camel,
        str_strip_whitespace=True,
        use_enum_values=True,
        validate_default=True,
    )

    ref: Ref


class PlacedLine(Line):
    """A line of something with a place: a participant, an offer, an event."""

    # A district by code (110105) or by Chinese name (朝阳区), in either field.
    district: DistrictKey | None = None
    district_code: DistrictKey | None = None


class ParticipantLine(PlacedLine):
    name: str = Field(min_length=1, max_length=200)


class HomeLine(ParticipantLine):
    subdistrict: str = Field(min_length=1, max_length=60)
    community: str = Field(min_length=1, max_length=100)
    address: str = Field(min_length=1, max_length=300)
    lat: Latitude
    lon: Longitude


class OrganizationLine(ParticipantLine):
    kind: OrganizationKind
    status: OrganizationStatus = OrganizationStatus.PENDING
    credit_code: CreditCode
    description: str = Field("", max_length=4000)
    address: str = Field(min_length=1, max_length=300)
    lat: Latitude
    lon: Longitude
    contact_name: str | None = Field(None, max_length=60)
    contact_phone: str | None = Field(None, max_length=30)
    contact_email: str | None = Field(None, max_length=200)
    website: str | None = Field(None, max_length=300)


class SocialWorkerLine(ParticipantLine):
    agency_ref: Ref | None = None
    qualification_level: QualificationLevel
    specialties: list[Tag] = []
    years_of_experience: int = Field(0, ge=0, le=60)
    bio: str = Field("", max_length=2000)
    phone: str | None = Field(None, max_length=30)
    email: str | None = Field(None, max_length=200)


class VolunteerLine(ParticipantLine):
    skills: list[Tag] = []
    availability: list[Slot] = []
    phone: str | None = Field(None, max_length=30)
    email: str | None = Field(None, max_length=200)
    id_number: IdNumber | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None


class OfferLine(PlacedLine):
    """What resources and demands share."""

    title: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=4000)
    category: ResourceCategory
    lat: Latitude | None = None
    lon: Longitude | None = None
    quantity: int = Field(1, ge=1, le=1_000_000)
    unit: str = Field("次", min_length=1, max_length=20)
    amount: Amount | None = None  # CNY, stored in fen
    tags: list[Tag] = []


class ResourceLine(OfferLine):
    status: ResourceStatus = ResourceStatus.PUBLISHED
    provider_ref: Ref
    address: str | None = Field(None, max_length=300)
    service_radius_km: float | None = Field(None, ge=0, le=500)
    target_groups: list[TargetGroup] = []
    details: dict[str, Any] = {}
    available_from: AwareDatetime | None = None
    available_until: AwareDatetime | None = None
    service_districts: list[DistrictKey] = []

    _plain_details = field_validator("details")(_plain_json)


class DemandLine(OfferLine):
    status: DemandStatus = DemandStatus.OPEN
    requester_ref: Ref
    subdistrict: str | None = Field(None, max_length=60)
    urgency: Urgency = Urgency.MEDIUM
    target_group: TargetGroup = TargetGroup.GENERAL
    beneficiary_count: int = Field(0, ge=0, le=10_000_000)
    needed_by: AwareDatetime | None = None


class EventLine(PlacedLine):
    title: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=4000)
    kind: EventKind
    status: EventStatus = EventStatus.PUBLISHED
    organizer_ref: Ref
    address: str | None = Field(None, max_length=300)
    lat: Latitude | None = None
    lon: Longitude | None = None
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    registration_deadline: AwareDatetime | None = None
    capacity: int | None = None
    skills: list[str] = []
    # Who registered (refs of participants); `registeredCount` follows from them.
    registrations: list[Ref] = []


class EngagementLine(Line):
    demand_ref: Ref
    resource_ref: Ref
    status: EngagementStatus
    initiated_by: EngagementInitiator
    quantity: int = 1
    note: str = Field("", max_length=2000)
    proposed_at: AwareDatetime
    responded_at: AwareDatetime | None = None
    completed_at: AwareDatetime | None = None
    cancelled_at: AwareDatetime | None = None
    requester_accepted_at: AwareDatetime | None = None
    provider_accepted_at: AwareDatetime | None = None


class RatingLine(Line):
    engagement_ref: Ref
    rater_ref: Ref  # a party to the engagement; the other party is rated
    score: int
    timeliness: int | None = None
    quality: int | None = None
    communication: int | None = None
    comment: str = ""
    created_at: AwareDatetime
    hidden: bool = False
    hidden_reason: str | None = Field(None, max_length=2000)


class VolunteerApplicationLine(Line):
    volunteer_ref: Ref
    position_ref: Ref  # a VOLUNTEER_POSITION resource
    status: ApplicationStatus
    motivation: str = ""
    hours_served: Decimal | None = None  # a COMPLETED application's hours
    applied_at: AwareDatetime
    decided_at: AwareDatetime | None = None
    completed_at: AwareDatetime | None = None


class AppealReplyLine(BaseModel):
    """One of an appeal's replies, in the order given (who wrote it is an account: not carried)."""

    model_config = ConfigDict(extra="forbid", alias_generator=to_camel, str_strip_whitespace=True)

    body: str
    created_at: AwareDatetime


class AppealLine(Line):
    home_ref: Ref  # the home it is addressed to; its district is the home's
    # The code the resident follows it with: a proof (whoever holds it reads the appeal), so
    # exported only with personal data; an import without it draws a fresh one.
    tracking_code: str | None = Field(None, min_length=1, max_length=16)
    topic: str
    content: str
    status: AppealStatus = AppealStatus.SUBMITTED
    contact_name: str | None = None
    contact_phone: str | None = None
    created_at: AwareDatetime
    replies: list[AppealReplyLine] = []  # `firstRepliedAt` follows from them


class ComplaintActionLine(BaseModel):
    """What a supervisor did about a complaint, in the order given (who: an account, not carried)."""

    model_config = ConfigDict(extra="forbid", alias_generator=to_camel, str_strip_whitespace=True)

    action: ComplaintActionKind
    reason: str
    created_at: AwareDatetime


class ComplaintLine(Line):
    subject_ref: Ref  # the participant complained about
    tracking_code: str | None = Field(None, min_length=1, max_length=16)  # as an appeal's
    category: ComplaintCategory
    description: str
    contact_name: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None
    status: ComplaintStatus = ComplaintStatus.OPEN
    outcome: ComplaintOutcome | None = None  # only and always on CLOSED
    outcome_note: str | None = None
    created_at: AwareDatetime
    closed_at: AwareDatetime | None = None  # only and always on CLOSED
    actions: list[ComplaintActionLine] = []


MODELS: dict[str, type[Line]] = {
    "Organization": OrganizationLine,
    "Home": HomeLine,
    "SocialWorker": SocialWorkerLine,
    "Volunteer": VolunteerLine,
    "Resource": ResourceLine,
    "Demand": DemandLine,
    "Event": EventLine,
    "Engagement": EngagementLine,
    "Rating": RatingLine,
    "VolunteerApplication": VolunteerApplicationLine,
    "Appeal": AppealLine,
    "Complaint": ComplaintLine,
}
