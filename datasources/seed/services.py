"""The catalogue of typical women's and children's services, by resource category.

Resources and demands are both drawn from it, so an offer and a need about the same
service share category, tags and target groups, as real matches do.
"""

from __future__ import annotations

from dataclasses import dataclass

TARGET_NAMES = {
    "WOMEN": "辖区妇女",
    "CHILDREN": "辖区儿童",
    "FAMILIES": "辖区家庭",
    "ELDERLY_WOMEN": "老年妇女",
    "SINGLE_MOTHERS": "单亲困境母亲",
    "RURAL_WOMEN": "农村妇女",
    "WOMEN_WITH_DISABILITIES": "残疾妇女",
    "DOMESTIC_VIOLENCE_SURVIVORS": "家暴受害妇女",
    "GENERAL": "社区居民",
}


@dataclass(frozen=True)
class Service:
    name: str
    category: str
    unit: str
    tags: tuple[str, ...]
    targets: tuple[str, ...]
    blurb: str  # one sentence about what is offered
    offer: tuple[int, int]  # quantity range of a resource
    need: tuple[int, int]  # quantity range of a demand
    skills: tuple[str, ...] = ()


def _s(
    name: str,
    category: str,
    unit: str,
    tags: str,
    targets: str,
    blurb: str,
    offer: tuple[int, int],
    need: tuple[int, int],
    skills: str = "",
) -> Service:
    """A catalogue entry; tags, targets and skills are written space-separated."""
    return Service(
        name, category, unit, tuple(tags.split()), tuple(targets.split()), blurb, offer, need,
        tuple(skills.split()),
    )  # fmt: skip


# Short names for the categories, to keep the catalogue below one entry per few lines.
PS, PJ, FD, PL, VN, MT, VP = (
    "PROFESSIONAL_SERVICE", "PROJECT", "FUNDING", "PLANNING", "VENUE", "MATERIAL",
    "VOLUNTEER_POSITION",
)  # fmt: skip

SERVICES: tuple[Service, ...] = (
    _s("心理咨询服务", PS, "次", "心理 心理咨询 情绪疏导", "WOMEN FAMILIES DOMESTIC_VIOLENCE_SURVIVORS",
       "由持证心理咨询师一对一面谈，帮助缓解家庭、工作与育儿压力。", (6, 30), (1, 8), "心理疏导"),
    _s("婚姻家庭咨询与调解", PS, "次", "婚姻家庭 调解 家庭关系", "FAMILIES WOMEN",
       "为有矛盾的家庭提供婚姻辅导和家事调解，促进家庭和睦。", (5, 20), (1, 6), "心理疏导 法律咨询"),
    _s("法律援助", PS, "次", "法律 维权 法律咨询", "WOMEN DOMESTIC_VIOLENCE_SURVIVORS SINGLE_MOTHERS",
       "律师驻点解答婚姻、继承、劳动争议等法律问题，必要时代写文书。", (6, 30), (1, 6), "法律咨询"),
    _s("反家暴支持", PS, "次", "反家暴 风险评估 庇护", "DOMESTIC_VIOLENCE_SURVIVORS WOMEN",
       "提供家暴风险评估、安全计划制定、临时庇护转介和人身安全保护令申请协助。", (4, 16), (1, 4),
       "心理疏导 法律咨询"),
    _s("家庭教育指导", PS, "课时", "家庭教育 亲子 儿童", "FAMILIES CHILDREN",
       "家庭教育指导师开展家长课堂和个案辅导，帮助家长科学育儿。", (8, 40), (2, 10), "教学辅导"),
    _s("0-3岁早期养育指导", PS, "课时", "早期养育 婴幼儿 亲子", "FAMILIES CHILDREN",
       "面向0-3岁婴幼儿家庭，开展科学喂养、早期发展与亲子游戏指导。", (8, 30), (2, 8), "儿童陪伴"),
    _s("女性健康讲座", PS, "场", "健康 两癌筛查 女性健康", "WOMEN ELDERLY_WOMEN",
       "妇幼保健专家讲解两癌预防、更年期保健和慢病管理，现场答疑。", (4, 20), (1, 4), "医疗护理"),
    _s("就业技能培训", PJ, "期", "就业 技能培训 创业", "WOMEN RURAL_WOMEN SINGLE_MOTHERS",
       "开设电商、育婴、面点等实用技能培训，结业后推荐就业岗位。", (2, 8), (1, 2)),
    _s("家政服务培训", PJ, "期", "家政 技能培训 就业", "WOMEN RURAL_WOMEN",
       "开展家政、养老护理实训并组织职业技能等级认定。", (2, 6), (1, 2)),
    _s("单亲困境母亲帮扶", PJ, "个", "帮扶 困境母亲 单亲", "SINGLE_MOTHERS CHILDREN",
       "为单亲困境母亲提供生活帮扶、就业指导和子女学业支持。", (2, 6), (1, 1)),
    _s("儿童之家与儿童保护", PJ, "个", "儿童保护 儿童之家 课后托管", "CHILDREN",
       "依托儿童之家开展课后托管、安全教育和困境儿童关爱。", (2, 5), (1, 1), "儿童陪伴"),
    _s("乡村振兴巾帼行动", PJ, "个", "乡村振兴 农村妇女 电商", "RURAL_WOMEN",
       "支持农村妇女发展特色种养和手工产业，培育巾帼致富带头人。", (1, 4), (1, 1)),
    _s("女性终身学习课堂", PJ, "期", "终身学习 读书 文化", "WOMEN ELDERLY_WOMEN",
       "开设数字技能、书法、读书会等课程，丰富妇女精神文化生活。", (2, 6), (1, 2), "计算机"),
    _s("公益创投资金", FD, "项", "资金 公益创投 项目资助", "GENERAL",
       "对社区妇女儿童服务项目给予资金支持，按项目进度分期拨付。", (1, 5), (1, 1)),
    _s("妇女儿童项目资助", FD, "项", "资金 项目资助 妇女儿童", "WOMEN CHILDREN",
       "资助妇女之家开展妇女儿童关爱服务项目。", (1, 4), (1, 1)),
    _s("困难家庭帮扶基金", FD, "项", "资金 帮扶 困难家庭", "FAMILIES SINGLE_MOTHERS",
       "为困难家庭、单亲母亲提供专项帮扶资金。", (1, 3), (1, 1)),
    _s("活动策划支持", PL, "次", "策划 活动方案 社区活动", "GENERAL",
       "专业团队协助设计社区活动方案、流程和预算。", (2, 10), (1, 2), "活动组织"),
    _s("项目申报书辅导", PL, "次", "策划 项目申报 项目设计", "GENERAL",
       "辅导妇女之家撰写公益项目申报书，梳理需求、目标和评估指标。", (2, 10), (1, 2), "文案宣传"),
    _s("宣传设计与新媒体运营", PL, "次", "策划 宣传 新媒体", "GENERAL",
       "提供海报设计、公众号推文和短视频制作支持。", (2, 8), (1, 2), "摄影 文案宣传"),
    _s("多功能活动室", VN, "场次", "场地 活动室 会议", "GENERAL",
       "可容纳40人的多功能活动室，配投影和音响，可预约使用。", (10, 48), (1, 6)),
    _s("母婴室", VN, "场次", "母婴室 哺乳 场地", "WOMEN FAMILIES",
       "配备哺乳椅、尿布台和温奶器的母婴室，向社区开放。", (20, 60), (2, 10)),
    _s("培训教室", VN, "场次", "场地 培训 教室", "WOMEN",
       "设有30个座位的培训教室，适合开展技能培训和讲座。", (10, 40), (1, 6)),
    _s("儿童活动空间", VN, "场次", "场地 儿童 亲子", "CHILDREN FAMILIES",
       "铺设软垫、配有绘本和玩具的儿童活动空间。", (10, 40), (1, 6)),
    _s("爱心物资包", MT, "份", "物资 生活用品 帮扶", "FAMILIES SINGLE_MOTHERS ELDERLY_WOMEN",
       "米面粮油和日用品组成的爱心物资包，节日前集中发放。", (40, 400), (10, 80)),
    _s("儿童图书", MT, "册", "物资 图书 阅读", "CHILDREN",
       "适合3-12岁儿童的绘本和课外读物，可用于建设社区图书角。", (50, 600), (20, 150)),
    _s("学习用品", MT, "套", "物资 文具 助学", "CHILDREN",
       "书包、文具组成的助学礼包，开学前发放给困境儿童。", (30, 300), (10, 60)),
    _s("冬季保暖衣物", MT, "件", "物资 衣物 御寒", "ELDERLY_WOMEN FAMILIES",
       "全新羽绒服、棉被等御寒物资，冬季送到困难家庭。", (30, 300), (10, 60)),
    _s("母婴用品", MT, "份", "物资 母婴 婴幼儿", "FAMILIES WOMEN",
       "奶粉、纸尿裤和婴儿护理用品，帮助困难家庭育儿。", (20, 200), (5, 40)),
    _s("巾帼志愿服务岗", VP, "人", "志愿服务 巾帼志愿者 社区服务", "GENERAL",
       "协助妇女之家开展日常活动、入户走访和政策宣传。", (4, 20), (1, 6), "活动组织 文案宣传"),
    _s("儿童课后陪伴志愿者", VP, "人", "志愿服务 儿童陪伴 课后", "CHILDREN",
       "工作日放学后陪伴孩子完成作业、开展阅读活动。", (4, 16), (1, 5), "儿童陪伴 教学辅导"),
    _s("社区活动摄影志愿者", VP, "人", "志愿服务 摄影 宣传", "GENERAL",
       "为社区活动拍摄照片和短视频，协助撰写活动报道。", (2, 8), (1, 3), "摄影 文案宣传"),
    _s("助老陪伴志愿者", VP, "人", "志愿服务 助老 陪伴", "ELDERLY_WOMEN",
       "定期探访独居老年妇女，陪同就医、代购生活用品。", (4, 16), (1, 5), "医疗护理 驾驶"),
    _s("法律咨询志愿者", VP, "人", "志愿服务 法律咨询 维权", "WOMEN",
       "在妇女之家定期坐班，为居民解答法律问题。", (2, 8), (1, 3), "法律咨询"),
    _s("心理陪伴志愿者", VP, "人", "志愿服务 心理疏导 陪伴", "WOMEN DOMESTIC_VIOLENCE_SURVIVORS",
       "接受督导的心理志愿者提供倾听和陪伴，发现风险及时转介。", (2, 10), (1, 3), "心理疏导"),
)  # fmt: skip

BY_CATEGORY: dict[str, tuple[Service, ...]] = {
    category: tuple(s for s in SERVICES if s.category == category)
    for category in dict.fromkeys(s.category for s in SERVICES)
}

# Which categories each kind of provider offers (organizations by their kind).
OFFERS_BY_PROVIDER = {
    "HOME": (VN, VP, MT),
    "SOCIAL_WORKER": (PS, PL),
    "VOLUNTEER": (PS, PL),
    "SOCIAL_ORGANIZATION": (PS, PJ, PL, VP, MT),
    "SOCIAL_WORK_AGENCY": (PS, PJ, PL),
    "ENTERPRISE": (FD, MT, VN, VP),
    "PUBLIC_INSTITUTION": (VN, PS, PJ, FD),
    "OTHER": (PS, MT, FD),
}
