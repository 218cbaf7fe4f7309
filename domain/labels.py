"""What people call the input fields and categories that messages name (zh-CN and en), so a
message says 主题不能为空, not topic不能为空. Every field of a mutation's input has a label
(tests/domain/test_labels.py checks the schema against this table)."""

from __future__ import annotations

# GraphQL input field name -> (zh-CN, en).
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "accountId": ("账号", "account"),
    "action": ("处理措施", "action"),
    "address": ("地址", "address"),
    "amount": ("金额", "amount"),
    "appealId": ("诉求", "appeal"),
    "applicationId": ("志愿申请", "application"),
    "availability": ("可服务时间", "availability"),
    "availableFrom": ("提供开始时间", "start of availability"),
    "availableUntil": ("提供截止时间", "end of availability"),
    "beneficiaryCount": ("受益人数", "number of beneficiaries"),
    "bio": ("个人简介", "bio"),
    "body": ("回复内容", "reply"),
    "capacity": ("容纳人数", "capacity"),
    "category": ("类别", "category"),
    "certificateNumber": ("证书编号", "certificate number"),
    "code": ("验证码", "code"),
    "comment": ("评语", "comment"),
    "communication": ("沟通评分", "communication score"),
    "community": ("社区", "community"),
    "confirm": ("确认", "confirmation"),
    "contactEmail": ("联系邮箱", "contact e-mail"),
    "contactName": ("联系人", "contact name"),
    "contactPhone": ("联系电话", "contact phone"),
    "content": ("内容", "content"),
    "creditCode": ("统一社会信用代码", "unified social credit code"),
    "currentPassword": ("当前密码", "current password"),
    "decision": ("决定", "decision"),
    "deliverables": ("交付成果", "deliverables"),
    "delivery": ("交付方式", "delivery"),
    "demandId": ("需求", "demand"),
    "description": ("描述", "description"),
    "disbursement": ("拨付方式", "disbursement"),
    "displayName": ("显示名称", "display name"),
    "districtId": ("所在区", "district"),
    "draft": ("草稿", "draft"),
    "durationMonths": ("周期（月）", "duration in months"),
    "email": ("电子邮箱", "e-mail"),
    "endsAt": ("结束时间", "end time"),
    "engagementId": ("对接", "engagement"),
    "eventId": ("活动", "event"),
    "expectedVersion": ("版本号", "expected version"),
    "facilities": ("设施", "facilities"),
    "format": ("形式", "format"),
    "funding": ("资金信息", "funding details"),
    "goal": ("目标", "goal"),
    "homeId": ("妇女之家", "home"),
    "hoursServed": ("服务时长", "hours served"),
    "id": ("对象", "object"),
    "idNumber": ("身份证号", "ID number"),
    "idempotencyKey": ("幂等键", "idempotency key"),
    "invitationId": ("邀请", "invitation"),
    "items": ("物资清单", "items"),
    "kind": ("类型", "kind"),
    "lat": ("纬度", "latitude"),
    "location": ("位置", "location"),
    "lon": ("经度", "longitude"),
    "material": ("物资信息", "material details"),
    "motivation": ("申请理由", "motivation"),
    "name": ("名称", "name"),
    "neededBy": ("需要日期", "date needed"),
    "newPassword": ("新密码", "new password"),
    "note": ("备注", "note"),
    "opportunityId": ("岗位或活动", "position or event"),
    "organizerId": ("主办方", "organizer"),
    "outcome": ("处理结果", "outcome"),
    "participantId": ("参与方", "participant"),
    "password": ("密码", "password"),
    "phone": ("手机号", "phone"),
    "phoneCode": ("短信验证码", "phone verification code"),
    "pickupAddress": ("取货地址", "pick-up address"),
    "planning": ("策划信息", "planning details"),
    "privacyPolicyVersion": ("隐私政策版本", "privacy policy version"),
    "professionalService": ("专业服务信息", "professional service details"),
    "project": ("项目信息", "project details"),
    "proposals": ("方案", "proposal"),
    "providerId": ("提供方", "provider"),
    "publish": ("是否发布", "publish"),
    "qualificationLevel": ("职业资格等级", "qualification level"),
    "quality": ("质量评分", "quality score"),
    "quantity": ("数量", "quantity"),
    "ratingId": ("评价", "rating"),
    "realName": ("真实姓名", "real name"),
    "reason": ("原因", "reason"),
    "registrationDeadline": ("报名截止时间", "registration deadline"),
    "requesterId": ("需求方", "requester"),
    "resourceId": ("资源", "resource"),
    "role": ("角色", "role"),
    "roles": ("角色", "roles"),
    "score": ("评分", "score"),
    "serviceDistrictIds": ("服务区域", "districts served"),
    "serviceRadiusKm": ("服务半径（公里）", "service radius (km)"),
    "sessionMinutes": ("每次时长（分钟）", "session length (minutes)"),
    "shifts": ("班次", "shift"),
    "skills": ("技能", "skills"),
    "specialties": ("专长", "specialties"),
    "startsAt": ("开始时间", "start time"),
    "subdistrict": ("街道", "subdistrict"),
    "subjectId": ("被投诉方", "participant complained about"),
    "tags": ("标签", "tags"),
    "targetGroup": ("服务对象", "target group"),
    "targetGroups": ("服务对象", "target groups"),
    "timeliness": ("及时性评分", "timeliness score"),
    "title": ("标题", "title"),
    "topic": ("主题", "topic"),
    "unit": ("单位", "unit"),
    "urgency": ("紧急程度", "urgency"),
    "username": ("用户名", "username"),
    "validDays": ("有效天数", "days valid"),
    "venue": ("场地信息", "venue details"),
    "volunteerPosition": ("志愿岗位信息", "volunteer position details"),
    "website": ("网站", "website"),
    "yearsOfExperience": ("从业年限", "years of experience"),
}

CATEGORY_LABELS: dict[str, tuple[str, str]] = {
    "FUNDING": ("资金", "funding"),
    "PLANNING": ("策划", "planning"),
    "PROJECT": ("项目", "project"),
    "VENUE": ("场地", "venue"),
    "MATERIAL": ("物资", "material"),
    "PROFESSIONAL_SERVICE": ("专业服务", "professional service"),
    "VOLUNTEER_POSITION": ("志愿岗位", "volunteer position"),
}


def field_label(path: str, locale: str) -> str:
    """A dotted input path ("volunteerPosition.shifts.0.startsAt") as people say it:
    志愿岗位信息的班次第1项的开始时间; start time of shift 1 of volunteer position details."""
    chinese = locale != "en"
    parts: list[str] = []
    for segment in path.split("."):
        if segment.isdigit() and parts:
            parts[-1] += f"第{int(segment) + 1}项" if chinese else f" {int(segment) + 1}"
        elif segment in FIELD_LABELS:
            parts.append(FIELD_LABELS[segment][0 if chinese else 1])
        else:
            parts.append(segment)
    return "的".join(parts) if chinese else " of ".join(reversed(parts))


def category_label(category: str, locale: str) -> str:
    labels = CATEGORY_LABELS.get(category)
    return labels[0 if locale != "en" else 1] if labels else category
