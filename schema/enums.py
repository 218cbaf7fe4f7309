"""The domain's enums, exposed to GraphQL with descriptions.

strawberry.enum registers a class in place and returns it, so the schema uses the domain's own
enum classes (this module re-exports them): values pass between the layers unchanged.
"""

from __future__ import annotations

from enum import Enum

import strawberry

from domain.enums import (
    AppealStatus,
    ApplicationStatus,
    ComplaintActionKind,
    ComplaintCategory,
    ComplaintOutcome,
    ComplaintStatus,
    DemandStatus,
    EngagementFlag,
    EngagementInitiator,
    EngagementStatus,
    EventKind,
    EventStatus,
    OrganizationKind,
    OrganizationStatus,
    QualificationLevel,
    ResourceCategory,
    ResourceStatus,
    Role,
    TargetGroup,
    Urgency,
)
from domain.workflows.admission import ReviewDecision
from domain.workflows.joining import VerificationDecision, VerificationStatus
from domain.workflows.states import Decision


def described(cls: type[Enum], description: str, values: dict[str, str]) -> None:
    """A GraphQL enum with a description for each of its values."""
    if set(values) != set(cls.__members__):
        raise ValueError(f"{cls.__name__}: describe exactly its values {sorted(cls.__members__)}")
    wrapped = strawberry.enum(cls, description=description)
    definition = wrapped.__strawberry_definition__  # pyright: ignore[reportAttributeAccessIssue]  # set by strawberry.enum
    for value in definition.values:
        value.description = values[value.name]


strawberry.enum(
    ResourceCategory,
    description="The seven kinds of resource (七大类资源): 资金 funding, 策划 planning, 项目 projects, "
    "场地 venues, 物资 materials, 专业服务 professional services, 志愿岗位 volunteer positions.",
)
strawberry.enum(OrganizationKind, description="What kind of organization.")
strawberry.enum(
    OrganizationStatus,
    description="Admission status (准入和退出): PENDING review, ACTIVE, SUSPENDED by a supervisor, "
    "EXITED the platform, or REJECTED at review.",
)
strawberry.enum(ResourceStatus, description="Lifecycle of a resource.")
described(
    VerificationStatus,
    "Whether staff have checked a social worker's qualification (资格认证).",
    {
        "PENDING": "Self-registered, waiting for staff: not offered in matching.",
        "VERIFIED": "Checked by staff (and every imported or seeded one).",
        "REJECTED": "Staff refused, saying why (`verificationNote`): not offered in matching.",
    },
)
described(
    VerificationDecision,
    "Staff's decision on a PENDING social worker's qualification.",
    {"VERIFY": "The certificate checks out: VERIFIED.", "REJECT": "It does not: REJECTED, with a reason."},
)
strawberry.enum(DemandStatus, description="Lifecycle of a demand.")
strawberry.enum(EngagementStatus, description="Lifecycle of an engagement (对接).")
strawberry.enum(
    EngagementInitiator,
    description="Who proposed an engagement: REQUESTER or PROVIDER (the other side answers), or "
    "FEDERATION (staff applying an allocation plan: both sides answer, and both must accept).",
)
strawberry.enum(
    EngagementFlag,
    description="A warning on an engagement under way (PROPOSED or ACCEPTED): PARTY_SUSPENDED, an "
    "organization on either side has been suspended by a supervisor (暂停), so nothing new can be "
    "committed until it is reinstated; the parties and the federation decide what becomes of it.",
)
strawberry.enum(ApplicationStatus, description="Lifecycle of a volunteer's application.")
strawberry.enum(Role, description="What an account may do.")
strawberry.enum(Urgency, description="How urgent a demand is.")
strawberry.enum(TargetGroup, description="Who a demand or resource serves.")
strawberry.enum(
    QualificationLevel,
    description="Social-work qualification: ASSISTANT 助理社会工作师, INTERMEDIATE 社会工作师, "
    "SENIOR 高级社会工作师.",
)
strawberry.enum(EventKind, description="COMPETITION 项目大赛, CAMPAIGN 主题活动, ACTIVITY, TRAINING.")
strawberry.enum(EventStatus, description="Lifecycle of an event.")
strawberry.enum(AppealStatus, description="Where an appeal (诉求) stands.")
described(
    ComplaintStatus,
    "Where a complaint (投诉) stands.",
    {
        "OPEN": "Filed; no supervisor has acted on it yet (待处理).",
        "IN_REVIEW": "A supervisor has acted on it: warned, suspended or noted (处理中).",
        "CLOSED": "Closed with an outcome (已办结).",
    },
)
described(
    ComplaintCategory,
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
described(
    ComplaintOutcome,
    "How a complaint ended (处理结果).",
    {
        "UPHELD": "Well founded (属实); counts into the participant's supervision record.",
        "DISMISSED": "Not well founded (不属实).",
        "RESOLVED": "Settled between the parties (已调解).",
    },
)
described(
    ComplaintActionKind,
    "What a supervisor does about a complaint (监管措施).",
    {
        "WARN": "A warning (警告) on the participant's supervision record.",
        "SUSPEND": "Suspend the organization complained about (暂停); organizations only, and only while "
        "ACTIVE.",
        "NOTE": "A note of what was done (备注), with no effect on the participant.",
    },
)

described(
    Decision,
    "How the other side answers a proposal or an application.",
    {
        "ACCEPT": "Agree (同意): the units or the place are committed.",
        "DECLINE": "Say no (拒绝): nothing is committed.",
    },
)
strawberry.enum(ReviewDecision, description="An admin's decision on a pending organization (准入审核).")

__all__ = [
    "AppealStatus",
    "ApplicationStatus",
    "ComplaintActionKind",
    "ComplaintCategory",
    "ComplaintOutcome",
    "ComplaintStatus",
    "Decision",
    "DemandStatus",
    "EngagementFlag",
    "EngagementInitiator",
    "EngagementStatus",
    "EventKind",
    "EventStatus",
    "OrganizationKind",
    "OrganizationStatus",
    "QualificationLevel",
    "ResourceCategory",
    "ResourceStatus",
    "ReviewDecision",
    "Role",
    "TargetGroup",
    "Urgency",
    "VerificationDecision",
    "VerificationStatus",
]
