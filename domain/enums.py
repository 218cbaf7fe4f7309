"""The vocabulary of the domain. Values equal names, so the database stores the names."""

from __future__ import annotations

from enum import StrEnum


class ResourceCategory(StrEnum):
    """The seven kinds of resource (七大类资源)."""

    FUNDING = "FUNDING"  # 资金
    PLANNING = "PLANNING"  # 策划
    PROJECT = "PROJECT"  # 项目
    VENUE = "VENUE"  # 场地
    MATERIAL = "MATERIAL"  # 物资
    PROFESSIONAL_SERVICE = "PROFESSIONAL_SERVICE"  # 专业服务
    VOLUNTEER_POSITION = "VOLUNTEER_POSITION"  # 志愿岗位


class OrganizationKind(StrEnum):
    SOCIAL_ORGANIZATION = "SOCIAL_ORGANIZATION"  # 社会组织
    ENTERPRISE = "ENTERPRISE"  # 企业
    PUBLIC_INSTITUTION = "PUBLIC_INSTITUTION"  # 事业单位
    SOCIAL_WORK_AGENCY = "SOCIAL_WORK_AGENCY"  # 社工机构
    OTHER = "OTHER"  # 其他服务类机构


class OrganizationStatus(StrEnum):
    PENDING = "PENDING"
    ACTIVE = "ACTIVE"
    SUSPENDED = "SUSPENDED"
    EXITED = "EXITED"
    REJECTED = "REJECTED"


class ResourceStatus(StrEnum):
    DRAFT = "DRAFT"
    PUBLISHED = "PUBLISHED"
    EXHAUSTED = "EXHAUSTED"
    WITHDRAWN = "WITHDRAWN"
    EXPIRED = "EXPIRED"


class DemandStatus(StrEnum):
    DRAFT = "DRAFT"
    OPEN = "OPEN"
    MATCHED = "MATCHED"
    FULFILLED = "FULFILLED"
    CLOSED = "CLOSED"
    CANCELLED = "CANCELLED"


class EngagementStatus(StrEnum):
    PROPOSED = "PROPOSED"
    ACCEPTED = "ACCEPTED"
    COMPLETED = "COMPLETED"
    DECLINED = "DECLINED"
    CANCELLED = "CANCELLED"


class EngagementInitiator(StrEnum):
    """Which side proposed an engagement."""

    REQUESTER = "REQUESTER"  # the demand's side asked for a resource
    PROVIDER = "PROVIDER"  # the resource's side offered to a demand
    FEDERATION = "FEDERATION"  # federation staff applied an allocation plan: both sides must accept


class EngagementFlag(StrEnum):
    """A warning on an engagement under way."""

    PARTY_SUSPENDED = "PARTY_SUSPENDED"  # an organization on either side is suspended


class ApplicationStatus(StrEnum):
    APPLIED = "APPLIED"
    ACCEPTED = "ACCEPTED"
    DECLINED = "DECLINED"
    COMPLETED = "COMPLETED"
    WITHDRAWN = "WITHDRAWN"


class Role(StrEnum):
    ADMIN = "ADMIN"
    SUPERVISOR = "SUPERVISOR"
    HOME_MANAGER = "HOME_MANAGER"
    ORG_MEMBER = "ORG_MEMBER"
    SOCIAL_WORKER = "SOCIAL_WORKER"
    VOLUNTEER = "VOLUNTEER"


class ParticipantKind(StrEnum):
    """Which table a participant lives in; the polymorphic half of a participant reference."""

    HOME = "HOME"
    ORGANIZATION = "ORGANIZATION"
    SOCIAL_WORKER = "SOCIAL_WORKER"
    VOLUNTEER = "VOLUNTEER"


# A reference to any participant: (kind, id), kind one of ParticipantKind.
ParticipantRef = tuple[str, int]

# Which kind of participant each acting role acts for; staff act for none.
ROLE_PARTICIPANT_KINDS: dict[Role, ParticipantKind] = {
    Role.HOME_MANAGER: ParticipantKind.HOME,
    Role.ORG_MEMBER: ParticipantKind.ORGANIZATION,
    Role.SOCIAL_WORKER: ParticipantKind.SOCIAL_WORKER,
    Role.VOLUNTEER: ParticipantKind.VOLUNTEER,
}
STAFF_ROLES = frozenset({Role.ADMIN, Role.SUPERVISOR})


class Urgency(StrEnum):
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"
    CRITICAL = "CRITICAL"


class TargetGroup(StrEnum):
    """Who a demand serves or a resource is meant for."""

    WOMEN = "WOMEN"
    CHILDREN = "CHILDREN"
    FAMILIES = "FAMILIES"
    ELDERLY_WOMEN = "ELDERLY_WOMEN"
    SINGLE_MOTHERS = "SINGLE_MOTHERS"
    RURAL_WOMEN = "RURAL_WOMEN"
    WOMEN_WITH_DISABILITIES = "WOMEN_WITH_DISABILITIES"
    DOMESTIC_VIOLENCE_SURVIVORS = "DOMESTIC_VIOLENCE_SURVIVORS"
    GENERAL = "GENERAL"


class QualificationLevel(StrEnum):
    """China's social-work qualification levels."""

    ASSISTANT = "ASSISTANT"  # 助理社会工作师
    INTERMEDIATE = "INTERMEDIATE"  # 社会工作师
    SENIOR = "SENIOR"  # 高级社会工作师


class EventKind(StrEnum):
    COMPETITION = "COMPETITION"  # 项目大赛
    CAMPAIGN = "CAMPAIGN"  # 主题活动
    ACTIVITY = "ACTIVITY"
    TRAINING = "TRAINING"


class EventStatus(StrEnum):
    DRAFT = "DRAFT"
    PUBLISHED = "PUBLISHED"
    CANCELLED = "CANCELLED"
    FINISHED = "FINISHED"


class AppealStatus(StrEnum):
    SUBMITTED = "SUBMITTED"
    REPLIED = "REPLIED"
    CONVERTED = "CONVERTED"  # became a demand
    CLOSED = "CLOSED"


class ComplaintStatus(StrEnum):
    OPEN = "OPEN"  # filed, nobody has acted yet
    IN_REVIEW = "IN_REVIEW"  # a supervisor acted on it (warning, suspension or note)
    CLOSED = "CLOSED"  # closed with an outcome


class ComplaintCategory(StrEnum):
    SERVICE_QUALITY = "SERVICE_QUALITY"  # 服务质量
    MISCONDUCT = "MISCONDUCT"  # 不当行为
    FRAUD = "FRAUD"  # 欺诈
    SAFETY = "SAFETY"  # 安全
    PRIVACY = "PRIVACY"  # 隐私
    OTHER = "OTHER"  # 其他


class ComplaintOutcome(StrEnum):
    UPHELD = "UPHELD"  # the complaint was well founded
    DISMISSED = "DISMISSED"  # it was not
    RESOLVED = "RESOLVED"  # settled between the parties


class ComplaintActionKind(StrEnum):
    WARN = "WARN"  # a warning (警告) on the participant's record
    SUSPEND = "SUSPEND"  # suspend the organization (暂停)
    NOTE = "NOTE"  # a note of what was done, nothing else
