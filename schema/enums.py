"""The domain's enums, exposed to GraphQL with descriptions."""

from __future__ import annotations

from enum import Enum

import strawberry

from domain import enums


def described(cls: type[Enum], description: str, values: dict[str, str]) -> type[Enum]:
    """A GraphQL enum with a description for each of its values."""
    if set(values) != set(cls.__members__):
        raise ValueError(f"{cls.__name__}: describe exactly its values {sorted(cls.__members__)}")
    wrapped = strawberry.enum(cls, description=description)
    for value in wrapped.__strawberry_definition__.values:  # type: ignore[attr-defined]
        value.description = values[value.name]
    return wrapped


ResourceCategory = strawberry.enum(
    enums.ResourceCategory,
    description="The seven kinds of resource (七大类资源): 资金 funding, 策划 planning, 项目 projects, "
    "场地 venues, 物资 materials, 专业服务 professional services, 志愿岗位 volunteer positions.",
)
OrganizationKind = strawberry.enum(enums.OrganizationKind, description="What kind of organization.")
OrganizationStatus = strawberry.enum(
    enums.OrganizationStatus,
    description="Admission status (准入和退出): PENDING review, ACTIVE, SUSPENDED by a supervisor, "
    "EXITED the platform, or REJECTED at review.",
)
ResourceStatus = strawberry.enum(enums.ResourceStatus, description="Lifecycle of a resource.")
DemandStatus = strawberry.enum(enums.DemandStatus, description="Lifecycle of a demand.")
EngagementStatus = strawberry.enum(enums.EngagementStatus, description="Lifecycle of an engagement (对接).")
EngagementInitiator = strawberry.enum(
    enums.EngagementInitiator,
    description="Who proposed an engagement: REQUESTER or PROVIDER (the other side answers), or "
    "FEDERATION (staff applying an allocation plan: both sides answer, and both must accept).",
)
EngagementFlag = strawberry.enum(
    enums.EngagementFlag,
    description="A warning on an engagement under way (PROPOSED or ACCEPTED): PARTY_SUSPENDED, an "
    "organization on either side has been suspended by a supervisor (暂停), so nothing new can be "
    "committed until it is reinstated; the parties and the federation decide what becomes of it.",
)
ApplicationStatus = strawberry.enum(
    enums.ApplicationStatus, description="Lifecycle of a volunteer's application."
)
Role = strawberry.enum(enums.Role, description="What an account may do.")
Urgency = strawberry.enum(enums.Urgency, description="How urgent a demand is.")
TargetGroup = strawberry.enum(enums.TargetGroup, description="Who a demand or resource serves.")
QualificationLevel = strawberry.enum(
    enums.QualificationLevel,
    description="Social-work qualification: ASSISTANT 助理社会工作师, INTERMEDIATE 社会工作师, "
    "SENIOR 高级社会工作师.",
)
EventKind = strawberry.enum(
    enums.EventKind, description="COMPETITION 项目大赛, CAMPAIGN 主题活动, ACTIVITY, TRAINING."
)
EventStatus = strawberry.enum(enums.EventStatus, description="Lifecycle of an event.")
AppealStatus = strawberry.enum(enums.AppealStatus, description="Where an appeal (诉求) stands.")
ComplaintStatus = described(
    enums.ComplaintStatus,
    "Where a complaint (投诉) stands.",
    {
        "OPEN": "Filed; no supervisor has acted on it yet (待处理).",
        "IN_REVIEW": "A supervisor has acted on it: warned, suspended or noted (处理中).",
        "CLOSED": "Closed with an outcome (已办结).",
    },
)
ComplaintCategory = described(
    enums.ComplaintCategory,
    "What a complaint is about.",
    {
        "SERVICE_QUALITY": "The quality of a service (服务质量).",
        "MISCONDUCT": "Improper conduct (不当行为).",
        "FRAUD": "Fraud or false claims (欺诈).",
        "SAFETY": "A danger to people (安全).",
        "PRIVACY": "Misuse of personal data (隐私).",
        "OTHER": "Anything else (其他).",
    },
)
ComplaintOutcome = described(
    enums.ComplaintOutcome,
    "How a complaint ended (处理结果).",
    {
        "UPHELD": "Well founded (属实); counts into the participant's supervision record.",
        "DISMISSED": "Not well founded (不属实).",
        "RESOLVED": "Settled between the parties (已调解).",
    },
)
ComplaintActionKind = described(
    enums.ComplaintActionKind,
    "What a supervisor does about a complaint (监管措施).",
    {
        "WARN": "A warning (警告) on the participant's supervision record.",
        "SUSPEND": "Suspend the organization complained about (暂停); organizations only, and only while "
        "ACTIVE.",
        "NOTE": "A note of what was done (备注), with no effect on the participant.",
    },
)
