"""Mutual evaluation (互评) after completed engagements: each side may rate the other once."""

from __future__ import annotations

from datasources.seed.context import Context, Row

SCORE_WEIGHTS = {"5": 45, "4": 35, "3": 12, "2": 5, "1": 3}
COMMENTS = {
    5: ("非常专业，居民反响很好，期待继续合作！", "对接顺畅，服务超出预期。", "响应及时，沟通细致。"),
    4: ("整体满意，个别环节可以更紧凑。", "服务不错，希望下次提前沟通时间。", "配合积极，效果良好。"),
    3: ("基本完成约定内容。", "服务一般，时间安排有些仓促。", ""),
    2: ("多次调整时间，影响了活动安排。", "实际提供的数量少于约定。"),
    1: ("未按约定时间到场，沟通不畅。", "服务质量与介绍不符。"),
}


def build_ratings(ctx: Context) -> None:
    demands = ctx.rows["demands"]
    resources = ctx.rows["resources"]
    for engagement in ctx.rows["engagements"]:
        if engagement["status"] != "COMPLETED":
            continue
        demand = demands[engagement["demand_id"] - 1]
        resource = resources[engagement["resource_id"] - 1]
        requester = (demand["requester_kind"], demand["requester_id"])
        provider = (resource["provider_kind"], resource["provider_id"])
        for rater, ratee in ((requester, provider), (provider, requester)):
            if ctx.rng.random() < ctx.scale.rating_rate:
                _rate(ctx, engagement, rater, ratee)


def _rate(ctx: Context, engagement: Row, rater: tuple[str, int], ratee: tuple[str, int]) -> None:
    rng = ctx.rng
    score = int(ctx.pick(SCORE_WEIGHTS))
    detailed = rng.random() < 0.7

    def dimension() -> int | None:
        return min(5, max(1, score + rng.choice((-1, 0, 0, 1)))) if detailed else None

    ctx.add(
        "ratings",
        engagement_id=engagement["id"],
        rater_kind=rater[0],
        rater_id=rater[1],
        ratee_kind=ratee[0],
        ratee_id=ratee[1],
        score=score,
        timeliness=dimension(),
        quality=dimension(),
        communication=dimension(),
        comment=rng.choice(COMMENTS[score]),
        hidden=False,
        hidden_reason=None,
        created_at=ctx.after(engagement["completed_at"], 10),
    )
    received = ctx.participants[ratee]
    received["rating_count"] += 1
    received["rating_sum"] += score
