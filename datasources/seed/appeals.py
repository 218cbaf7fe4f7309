"""Appeals voiced through the 24-hour online women's home (诉求), and the homes' replies."""

from __future__ import annotations

from datasources.seed import codes
from datasources.seed.context import Context, Row

STATUS_WEIGHTS = {"SUBMITTED": 15, "REPLIED": 25, "CONVERTED": 25, "CLOSED": 35}
# topic, the service a converted appeal asks for, what the resident wrote
TOPICS = (
    ("家庭矛盾调解", "婚姻家庭咨询与调解",
     "我和丈夫最近矛盾很多，经常争吵，孩子也受到影响，希望有人帮我们调解。"),
    ("子女教育", "家庭教育指导",
     "孩子上初中后不愿意和家里沟通，成绩下滑，想请专业老师指导我们怎么和孩子相处。"),
    ("就业求助", "就业技能培训",
     "我今年45岁，原单位裁员后一直没找到工作，想参加技能培训重新就业。"),
    ("法律咨询", "法律援助", "离婚后对方一直不支付抚养费，想咨询怎样通过法律途径解决。"),
    ("心理困扰", "心理咨询服务", "产后一直情绪低落，晚上睡不着，家里人不理解，想找心理咨询师聊一聊。"),
    ("家庭暴力求助", "反家暴支持", "丈夫喝酒后会动手打人，我不敢报警，想知道有什么办法保护自己和孩子。"),
    ("婴幼儿照护", "0-3岁早期养育指导", "孩子一岁半还不太会说话，想请教养育方面的专家。"),
    ("生活困难", "爱心物资包", "丈夫生病住院，家里只靠我一个人打零工，生活很困难，希望能得到帮助。"),
    ("健康咨询", "女性健康讲座", "社区里很多姐妹想了解两癌筛查，希望能请医生来讲一讲。"),
)  # fmt: skip
REPLIES = {
    "REPLIED": "您好，您的诉求已收到，我们已联系社区社工，将在三个工作日内与您电话联系。",
    "CONVERTED": "您的诉求已转为社区需求发布到平台，正在对接相关服务资源，请保持电话畅通。",
    "CLOSED": "经电话回访，您反映的问题已经解决，本诉求办结。感谢您对妇女之家工作的支持！",
}
FOLLOW_UP = "我们已与您约定上门走访时间，如有变化请随时联系妇女之家。"


def build_appeals(ctx: Context) -> None:
    homes = ctx.rows["homes"]
    tracking_codes: set[str] = set()
    for status in ctx.covering(STATUS_WEIGHTS, ctx.scale.appeals):
        code = codes.make_tracking_code(ctx.rng)
        while code in tracking_codes:
            code = codes.make_tracking_code(ctx.rng)
        tracking_codes.add(code)
        _add_appeal(ctx, ctx.rng.choice(homes), status, code)


def _add_appeal(ctx: Context, home: Row, status: str, tracking_code: str) -> None:
    rng = ctx.rng
    topic, service, content = rng.choice(TOPICS)
    resident = ctx.person(female=True)
    created = ctx.days_ago(300, 1)
    appeal = ctx.add(
        "appeals",
        tracking_code=tracking_code,
        home_id=home["id"],
        district_id=home["district_id"],
        topic=topic,
        content=content,
        status=status,
        contact_name=None if rng.random() < 0.2 else resident.name[0] + "女士",
        contact_phone=resident.phone,
        created_at=created,
        updated_at=created,
    )
    if status == "SUBMITTED":
        return
    replies = [REPLIES[status]] + ([FOLLOW_UP] if rng.random() < 0.3 else [])
    at = created
    for body in replies:
        at = ctx.after(at, 3)
        ctx.add(
            "appeal_replies",
            appeal_id=appeal["id"],
            author_account_id=home["manager_account_id"],
            body=body,
            created_at=at,
        )
    appeal["updated_at"] = at
    if status == "CONVERTED":
        ctx.converted.append((appeal, service))
