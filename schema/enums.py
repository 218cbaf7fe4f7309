"""The domain's enums, exposed to GraphQL with descriptions."""

from __future__ import annotations

import strawberry

from domain import enums

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
