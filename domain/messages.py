"""User-facing messages in Chinese (zh-CN, the default) and English, by message key."""

from __future__ import annotations

from typing import Any

from domain.labels import category_label, field_label

DEFAULT_LOCALE = "zh-CN"
LOCALES = ("zh-CN", "en")

MESSAGES: dict[str, dict[str, str]] = {
    "required": {"zh-CN": "{field}不能为空", "en": "{field} is required"},
    "too_long": {"zh-CN": "{field}不能超过{max}个字符", "en": "{field} must be at most {max} characters"},
    "out_of_range": {
        "zh-CN": "{field}必须在{min}到{max}之间",
        "en": "{field} must be between {min} and {max}",
    },
    "too_short": {"zh-CN": "{field}至少需要{min}个字符", "en": "{field} must be at least {min} characters"},
    "too_many": {"zh-CN": "{field}最多{max}项", "en": "{field} takes at most {max} items"},
    "window_order": {
        "zh-CN": "{field}的开始时间必须早于结束时间",
        "en": "{field}: the start must come before the end",
    },
    "invalid": {"zh-CN": "{field}格式不正确", "en": "{field} is not valid"},
    "not_found": {"zh-CN": "找不到该对象", "en": "No such object"},
    "unknown_tracking_code": {
        "zh-CN": "查询码{code}不存在，请核对后重试",
        "en": "No record has the tracking code '{code}'; check it and try again",
    },
    # GraphQL-level errors (not a payload's userErrors), by extensions.code, for clients that ask
    # for Chinese; the English original stays in extensions.detail.
    "error_UNAUTHENTICATED": {"zh-CN": "请先登录", "en": "Sign in first"},
    "error_FORBIDDEN": {"zh-CN": "您没有权限查看或执行此操作", "en": "You are not allowed to see or do this"},
    "error_NOT_FOUND": {
        "zh-CN": "找不到参数{argument}所指的对象",
        "en": "Argument '{argument}' names nothing",
    },
    "error_BAD_USER_INPUT": {"zh-CN": "参数{argument}的值不正确", "en": "Argument '{argument}' is not valid"},
    "error_BAD_VARIABLE": {"zh-CN": "变量${variable}的值不正确", "en": "Variable '${variable}' is not valid"},
    "error_GRAPHQL_PARSE_FAILED": {"zh-CN": "查询文档有语法错误", "en": "The document has a syntax error"},
    "error_GRAPHQL_VALIDATION_FAILED": {
        "zh-CN": "查询文档与本服务的模式不符",
        "en": "The document does not fit the service's schema",
    },
    "error_QUERY_TOO_COMPLEX": {
        "zh-CN": "查询过于复杂（代价{requested}，上限{limit}）："
        "请少取一些条目（更小的first/last、更少的嵌套列表或别名），或分页获取",
        "en": "Query cost {requested} exceeds the limit of {limit}",
    },
    "error_TOO_MANY_ALIASES": {"zh-CN": "查询文档的别名过多", "en": "Too many aliases"},
    "error_TOO_MANY_DIRECTIVES": {"zh-CN": "查询文档的指令过多", "en": "Too many directives"},
    "error_FIELD_REPEATED": {
        "zh-CN": "同一字段在一个选择集中重复过多",
        "en": "A field is repeated too often",
    },
    "error_TOO_MANY_REPRESENTATIONS": {"zh-CN": "一次请求的实体过多", "en": "Too many representations"},
    "error_PERSISTED_QUERY_NOT_IN_LIST": {
        "zh-CN": "该查询文档不在受信任文档列表中",
        "en": "This document is not in the list of trusted documents",
    },
    "error_PERSISTED_QUERY_NOT_FOUND": {
        "zh-CN": "找不到该持久化查询，请连同查询文档一起发送",
        "en": "Persisted query not found",
    },
    "error_BAD_REQUEST": {"zh-CN": "请求无效", "en": "Bad request"},
    "error_INTERNAL_SERVER_ERROR": {
        "zh-CN": "服务器内部错误，请稍后再试（可凭请求编号查询）",
        "en": "Internal server error",
    },
    "error_SERVICE_UNAVAILABLE": {"zh-CN": "服务暂时不可用，请稍后再试", "en": "Service unavailable"},
    "error_RATE_LIMITED": {"zh-CN": "请求过于频繁，请稍后再试", "en": "Too many requests"},
    "error_OTHER": {"zh-CN": "请求未能完成（{code}）", "en": "The request failed ({code})"},
    "forbidden": {"zh-CN": "您没有权限执行此操作", "en": "You are not allowed to do this"},
    "unauthenticated": {"zh-CN": "请先登录", "en": "Please sign in first"},
    "invalid_credentials": {"zh-CN": "用户名或密码错误", "en": "Wrong username or password"},
    "invalid_state": {
        "zh-CN": "当前状态为{status}，不能执行此操作",
        "en": "Not possible while the status is {status}",
    },
    "conflict": {
        "zh-CN": "该对象已被他人修改，请刷新后重试",
        "en": "Someone else changed this object; reload and try again",
    },
    "rate_limited": {"zh-CN": "请求过于频繁，请稍后再试", "en": "Too many requests; try again later"},
    "already_rated": {
        "zh-CN": "您已评价过本次对接",
        "en": "Your side has already rated this engagement",
    },
    "rating_window_closed": {
        "zh-CN": "对接完成已超过{days}天，不能再评价",
        "en": "Ratings are taken within {days} days of completion; this window has closed",
    },
    "needs_offset": {
        "zh-CN": "{field}须带时区，例如 2026-01-01T09:00:00+08:00",
        "en": "{field} needs a UTC offset, e.g. 2026-01-01T09:00:00+08:00",
    },
    "in_the_past": {"zh-CN": "{field}必须晚于当前时间", "en": "{field} must be in the future"},
    "deadline_order": {
        "zh-CN": "报名截止时间必须晚于当前时间，且不晚于活动开始时间",
        "en": "The registration deadline must be in the future and no later than the start",
    },
    "registration_closed": {"zh-CN": "报名已截止", "en": "Registration has closed"},
    "already_registered": {"zh-CN": "您已报名该活动", "en": "You are registered for this event already"},
    "event_full": {"zh-CN": "名额已满", "en": "The event is full"},
    "not_registered": {"zh-CN": "您未报名该活动", "en": "You are not registered for this event"},
    "no_addressee": {
        "zh-CN": "请选择诉求提交给哪个妇女之家，或提交到哪个区",
        "en": "Address the appeal to a home or to a district",
    },
    "one_addressee": {
        "zh-CN": "妇女之家和区只能选择一个，不能同时选择",
        "en": "Address the appeal to either a home or a district, not both",
    },
    "no_home_in_district": {
        "zh-CN": "该区暂无可受理诉求的妇女之家",
        "en": "No home in this district takes appeals",
    },
    # external supervision (外部监管): complaints
    "suspend_organizations_only": {
        "zh-CN": "只能暂停机构；对妇女之家、社工和志愿者请使用警告",
        "en": "Only an organization can be suspended; warn a home, social worker or volunteer instead",
    },
    # engagements (对接) and volunteer applications
    "party_inactive": {
        "zh-CN": "该参与方当前状态为{status}，暂不能对接",
        "en": "That participant is {status} and cannot engage now",
    },
    "resource_unavailable": {
        "zh-CN": "该资源当前状态为{status}，不能对接",
        "en": "The resource is {status} and cannot be engaged",
    },
    "resource_ended": {"zh-CN": "该资源的提供期限已过", "en": "The resource's availability window has ended"},
    "demand_unavailable": {
        "zh-CN": "该需求当前状态为{status}，不能对接",
        "en": "The demand is {status} and takes no engagements",
    },
    "resource_short": {
        "zh-CN": "该资源仅剩{left}{unit}",
        "en": "Only {left} ({unit}) of the resource are left",
    },
    "demand_short": {"zh-CN": "该需求仅差{left}{unit}", "en": "The demand needs only {left} ({unit}) more"},
    "category_mismatch": {
        "zh-CN": "资源与需求的类别不一致",
        "en": "The resource and the demand are of different categories",
    },
    "same_party": {"zh-CN": "不能与自己对接", "en": "A participant cannot engage with itself"},
    "engagement_exists": {
        "zh-CN": "该需求与该资源已有进行中的对接",
        "en": "This demand and this resource already have an engagement under way",
    },
    "only_parties": {
        "zh-CN": "只有对接双方可以执行此操作",
        "en": "Only the two sides of the engagement may do this",
    },
    "other_side_responds": {
        "zh-CN": "只能由对方回应此提议",
        "en": "Only the other side can answer this proposal",
    },
    "not_a_position": {"zh-CN": "该资源不是志愿岗位", "en": "The resource is not a volunteer position"},
    "already_applied": {"zh-CN": "您已申请过该岗位", "en": "You have already applied to this position"},
    "only_provider": {
        "zh-CN": "只有岗位提供方可以执行此操作",
        "en": "Only the position's provider may do this",
    },
    "only_applicant": {
        "zh-CN": "只有申请人本人可以执行此操作",
        "en": "Only the volunteer who applied may do this",
    },
    # publishing resources and demands
    "details_required": {
        "zh-CN": "{category}类资源须填写{field}",
        "en": "A {category} resource needs {field}",
    },
    "details_mismatch": {
        "zh-CN": "{field}不适用于{category}类资源，请填写{expected}",
        "en": "{field} does not fit a {category} resource; give {expected} instead",
    },
    "cents": {"zh-CN": "{field}最多保留两位小数（分）", "en": "{field} takes at most two decimals (fen)"},
    "unknown_skills": {
        "zh-CN": "{field}含有未收录的技能：{unknown}",
        "en": "{field} include some outside the vocabulary: {unknown}",
    },
    "unknown_shifts": {
        "zh-CN": "{field}只能是以下时段：{known}（每项一次）",
        "en": "{field} takes only these slots, each once: {known}",
    },
    "schedule_slots": {
        "zh-CN": "{field}落在{slot}时段，但班次时段中没有它",
        "en": "{field} falls in {slot}, which the position's shifts do not list",
    },
    "shift_outside_window": {
        "zh-CN": "{field}须在资源的提供期限之内",
        "en": "{field} must lie within the resource's availability window",
    },
    "not_on_earth": {
        "zh-CN": "{field}不是有效坐标（纬度-90至90，经度-180至180）",
        "en": "{field} is not on Earth (latitude -90 to 90, longitude -180 to 180)",
    },
    "below_held": {
        "zh-CN": "{field}不能少于已承诺的{held}",
        "en": "{field} cannot drop below the {held} already committed",
    },
    "commitments_under_way": {
        "zh-CN": "仍有进行中的已接受{what}（{ids}），请先完成或取消",
        "en": "Accepted {what} are still under way ({ids}); complete or cancel them first",
    },
    "amount_only_funding": {
        "zh-CN": "只有资金类需求可填写{field}",
        "en": "Only a FUNDING demand takes {field}",
    },
    "shifts_outside_window": {
        "zh-CN": "已有班次将超出新的提供期限，请同时修改志愿岗位的班次",
        "en": "The position's shifts would fall outside the new window; change volunteerPosition.shifts too",
    },
    "hours_out_of_range": {
        "zh-CN": "{field}必须大于0且不超过{max}小时（岗位期限内每天最多24小时）",
        "en": "{field} must be more than 0 and at most {max} hours (24 a day of the position's window)",
    },
    # two-party acceptance and allocation plans (全局调配方案)
    "already_accepted": {
        "zh-CN": "您方已同意该对接，正在等待另一方",
        "en": "Your side has already accepted; the other side has yet to answer",
    },
    "plan_pair_repeated": {
        "zh-CN": "同一需求与资源在方案中重复出现",
        "en": "This demand and resource appear twice in the plan",
    },
    "plan_requester_inactive": {
        "zh-CN": "该需求的发布方当前不能对接",
        "en": "The demand's requester cannot engage now",
    },
    "plan_provider_inactive": {
        "zh-CN": "该资源的提供方当前不能对接",
        "en": "The resource's provider cannot engage now",
    },
    "plan_demand_closed": {
        "zh-CN": "该需求已不再开放或已无缺口",
        "en": "The demand is no longer open, or needs nothing more",
    },
    "plan_resource_unavailable": {
        "zh-CN": "该资源已不再发布或已无余量",
        "en": "The resource is no longer published, or has nothing left",
    },
    "plan_time_window": {
        "zh-CN": "该资源的提供时间与需求的时间不重合",
        "en": "The resource is not available in the demand's time window",
    },
    "plan_area": {
        "zh-CN": "该资源的服务范围不覆盖该需求所在地",
        "en": "The resource does not serve the demand's area",
    },
    "plan_declined": {
        "zh-CN": "该需求与该资源的对接曾被拒绝",
        "en": "An engagement between this demand and this resource was declined",
    },
    "plan_resource_short": {
        "zh-CN": "方案中该资源仅剩{left}可分配",
        "en": "Only {left} of the resource are left for this proposal",
    },
    "plan_demand_short": {
        "zh-CN": "方案中该需求仅差{left}",
        "en": "The demand needs only {left} more for this proposal",
    },
    "credit_code_format": {
        "zh-CN": "统一社会信用代码应为18位，由数字和大写字母（不含I、O、Z、S、V）组成",
        "en": "A unified social credit code has 18 digits and capital letters (no I, O, Z, S or V)",
    },
    "credit_code_check": {
        "zh-CN": "统一社会信用代码校验位不正确，请核对",
        "en": "The unified social credit code's check character is wrong; please check the code",
    },
    "credit_code_taken": {
        "zh-CN": "该统一社会信用代码的机构已在平台登记",
        "en": "An organization with this unified social credit code is registered already",
    },
    "already_acting": {
        "zh-CN": "您的账号已代表一个参与方，不能再申请入驻新机构",
        "en": "Your account acts for a participant already; it cannot apply for another organization",
    },
    "staff_cannot_apply": {
        "zh-CN": "妇联工作人员账号不能代表机构申请入驻",
        "en": "Federation staff accounts cannot apply on behalf of an organization",
    },
    "open_engagement": {
        "zh-CN": "对接{id}仍为{status}状态，退出前请先完成或取消",
        "en": "Engagement {id} is still {status}; complete or cancel it before exiting",
    },
    "open_application": {
        "zh-CN": "志愿者申请{id}仍为{status}状态，退出前请先处理",
        "en": "Volunteer application {id} is still {status}; settle it before exiting",
    },
    "open_event": {
        "zh-CN": "活动{id}已发布且尚未结束，退出前请先取消或办完",
        "en": "Event {id} is published and not over; cancel or finish it before exiting",
    },
    "erase_open_engagement": {
        "zh-CN": "对接{id}仍为{status}状态，注销账号或撤回同意前请先完成或取消",
        "en": "Engagement {id} is still {status}; complete or cancel it before deleting your account or "
        "withdrawing consent",
    },
    "erase_open_application": {
        "zh-CN": "志愿者申请{id}仍为{status}状态，注销账号或撤回同意前请先处理或撤回",
        "en": "Volunteer application {id} is still {status}; settle or withdraw it before deleting "
        "your account or withdrawing consent",
    },
    "erase_open_event": {
        "zh-CN": "活动{id}已发布且尚未结束，注销账号或撤回同意前请先取消或办完",
        "en": "Event {id} is published and not over; cancel or finish it before deleting your account "
        "or withdrawing consent",
    },
    "staff_cannot_erase": {
        "zh-CN": "工作人员账号由管理员停用，不能自行注销",
        "en": "Staff accounts are disabled by an admin, not deleted by their holder",
    },
    "confirm_withdrawal": {
        "zh-CN": "撤回同意将删除您的联系方式和身份信息，请确认（confirm: true）",
        "en": "Withdrawing consent erases your contact and identity details: confirm it (confirm: true)",
    },
    "no_consent": {
        "zh-CN": "没有可撤回的同意记录",
        "en": "There is no consent on record to withdraw",
    },
    "confirm_erasure": {
        "zh-CN": "注销账号不可撤销，请确认（confirm: true）",
        "en": "Deleting your account cannot be undone: confirm it (confirm: true)",
    },
    "more_commitments": {
        "zh-CN": "另有{count}项未了结事项",
        "en": "{count} more open commitments besides these",
    },
    "own_account": {
        "zh-CN": "不能对自己的账号执行此操作",
        "en": "You cannot do this to your own account",
    },
    "role_misfit": {
        "zh-CN": "角色{role}与该账号代表的参与方不符",
        "en": "The role {role} does not fit the participant the account acts for",
    },
    "wrong_password": {"zh-CN": "当前密码不正确", "en": "The current password is wrong"},
    "no_password": {
        "zh-CN": "该账号通过外部身份认证登录，没有本平台密码",
        "en": "This account signs in through the external identity provider and has no password here",
    },
    "role_misfit_participant": {
        "zh-CN": "{field}与所邀请的角色不符",
        "en": "{field} does not fit the role invited to",
    },
    "already_claimed": {
        "zh-CN": "此人已有账号，请用该账号登录",
        "en": "This person has an account already; she signs in with it",
    },
    # joining: idempotency keys of anonymous callers, single-use codes, passwords (domain/passwords.py)
    "idempotency_key_length": {
        "zh-CN": "{field}须为{min}到{max}个字符（未登录时请使用随机生成的UUID）",
        "en": "{field} must be {min} to {max} characters (anonymous callers: send a random UUID)",
    },
    "code_invalid": {
        "zh-CN": "验证码错误、已过期或已使用，请重新获取",
        "en": "The code is wrong, expired or used; ask for a new one",
    },
    "password_too_short": {
        "zh-CN": "密码至少需要{min}个字符",
        "en": "The password must be at least {min} characters",
    },
    "password_is_username": {
        "zh-CN": "密码不能与用户名相同",
        "en": "The password must not be the username",
    },
    "password_common": {
        "zh-CN": "该密码过于常见，请换一个",
        "en": "This password is too common; choose another",
    },
    # joining (domain/workflows/joining.py)
    "mobile_invalid": {
        "zh-CN": "{field}须为11位中国大陆手机号码",
        "en": "{field} must be an 11-digit mainland China mobile number",
    },
    "not_for_external": {
        "zh-CN": "通过外部身份认证登录的用户无需设置{field}",
        "en": "An account of the external identity provider sets no {field}",
    },
    "username_invalid": {
        "zh-CN": "用户名须以字母开头，3到60个字母、数字或 _ . -，且不能使用保留名称",
        "en": "A username starts with a letter, has 3 to 60 letters, digits, _ . or -, and is not reserved",
    },
    "username_taken": {
        "zh-CN": "该用户名已被使用，请换一个",
        "en": "This username is taken; choose another",
    },
    "policy_outdated": {
        "zh-CN": "请阅读并同意最新版本（{version}）的个人信息处理规则",
        "en": "Read and accept the current privacy policy (version {version})",
    },
    "id_number_invalid": {
        "zh-CN": "身份证号码格式或校验位不正确",
        "en": "The ID number's format or check character is wrong",
    },
    "unknown_words": {
        "zh-CN": "{field}含有未收录的取值：{words}",
        "en": "{field} has values outside the vocabulary: {words}",
    },
    "already_joined": {
        "zh-CN": "您的账号已代表一个参与方，不能再注册",
        "en": "Your account acts for a participant already; it cannot sign up again",
    },
    "staff_cannot_join": {
        "zh-CN": "工作人员账号不能注册为志愿者或社工",
        "en": "Staff accounts do not sign up as volunteers or social workers",
    },
    "verification_reason_required": {
        "zh-CN": "不予认证时须说明原因",
        "en": "Say why when refusing verification",
    },
}


# Parameters that name an input field, and those that name a resource category.
FIELD_PARAMS = ("field", "expected")
CATEGORY_PARAMS = ("category",)


def message(key: str, locale: str, params: dict[str, Any] | None = None) -> str:
    """The message for people: input fields and categories by their names in `locale`."""
    templates = MESSAGES[key]
    template = templates.get(locale) or templates[DEFAULT_LOCALE]
    named = dict(params or {})
    for name in FIELD_PARAMS:
        if isinstance(named.get(name), str):
            named[name] = field_label(named[name], locale)
    for name in CATEGORY_PARAMS:
        if isinstance(named.get(name), str):
            named[name] = category_label(named[name], locale)
    text = template.format(**named)
    return text[:1].upper() + text[1:]
