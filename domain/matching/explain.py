"""A sentence a person understands for each reason of a score, in Chinese or English.

detail(reason, "zh-CN")  ->  "同一街道, 1.2 公里"
detail(reason, "en")     ->  "Same sub-district, 1.2 km"
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from domain.matching.model import Reason

ZH, EN = "zh-CN", "en"

URGENCY_NAMES = {
    ZH: {"LOW": "低", "MEDIUM": "中", "HIGH": "高", "CRITICAL": "紧急"},
    EN: {"LOW": "Low", "MEDIUM": "Medium", "HIGH": "High", "CRITICAL": "Critical"},
}
GROUP_NAMES = {
    ZH: {
        "WOMEN": "妇女",
        "CHILDREN": "儿童",
        "FAMILIES": "家庭",
        "ELDERLY_WOMEN": "老年妇女",
        "SINGLE_MOTHERS": "单亲母亲",
        "RURAL_WOMEN": "农村妇女",
        "WOMEN_WITH_DISABILITIES": "残疾妇女",
        "DOMESTIC_VIOLENCE_SURVIVORS": "家暴受害妇女",
        "GENERAL": "社区居民",
    },
    EN: {
        "WOMEN": "women",
        "CHILDREN": "children",
        "FAMILIES": "families",
        "ELDERLY_WOMEN": "elderly women",
        "SINGLE_MOTHERS": "single mothers",
        "RURAL_WOMEN": "rural women",
        "WOMEN_WITH_DISABILITIES": "women with disabilities",
        "DOMESTIC_VIOLENCE_SURVIVORS": "survivors of domestic violence",
        "GENERAL": "all residents",
    },
}
SLOT_NAMES = {
    ZH: {
        "WEEKDAY_DAYTIME": "工作日白天",
        "WEEKDAY_EVENING": "工作日晚上",
        "WEEKEND_DAYTIME": "周末白天",
        "WEEKEND_EVENING": "周末晚上",
    },
    EN: {
        "WEEKDAY_DAYTIME": "weekday daytime",
        "WEEKDAY_EVENING": "weekday evenings",
        "WEEKEND_DAYTIME": "weekend daytime",
        "WEEKEND_EVENING": "weekend evenings",
    },
}


def _km(km: float) -> str:
    return f"{km:.1f}"


def _list(items: list[str], locale: str) -> str:
    return ("、" if locale == ZH else ", ").join(items)


def _fit(f: Mapping[str, Any], locale: str, noun_zh: str, noun_en: str) -> str:
    shared, wanted = f["shared"], f["wanted"]
    if not wanted:
        return f"同类资源（未注明{noun_zh}）" if locale == ZH else f"Same category (no {noun_en} stated)"
    if not shared:
        return f"同类资源，{noun_zh}不相符" if locale == ZH else f"Same category; no {noun_en} in common"
    if locale == ZH:
        return f"同类资源，{noun_zh}相符 {len(shared)}/{wanted}（{_list(shared, locale)}）"
    return f"Same category; {len(shared)} of {wanted} {noun_en} match ({_list(shared, locale)})"


def category_fit(f: Mapping[str, Any], locale: str) -> str:
    return _fit(f, locale, "标签", "tags")


def skills(f: Mapping[str, Any], locale: str) -> str:
    shared, wanted = f["shared"], f["wanted"]
    if not wanted:
        return "不限技能" if locale == ZH else "No particular skills needed"
    if locale == ZH:
        found = f"（{_list(shared, locale)}）" if shared else ""
        return f"技能相符 {len(shared)}/{wanted}{found}"
    found = f" ({_list(shared, locale)})" if shared else ""
    return f"{len(shared)} of {wanted} skills wanted{found}"


def distance(f: Mapping[str, Any], locale: str) -> str:
    km, tie = f["km"], f["tie"]
    tie_text = {
        ZH: {"subdistrict": "同一街道", "district": "同区", None: ""},
        EN: {"subdistrict": "Same sub-district", "district": "Same district", None: ""},
    }[locale][tie]
    if km is None:
        unknown = "距离未知" if locale == ZH else "distance unknown"
        return f"{tie_text}, {unknown}" if tie_text else unknown.capitalize()
    if tie_text:
        return f"{tie_text}, {_km(km)} 公里" if locale == ZH else f"{tie_text}, {_km(km)} km"
    return f"相距 {_km(km)} 公里" if locale == ZH else f"{_km(km)} km away"


def reputation(f: Mapping[str, Any], locale: str) -> str:
    average, count, completion = f["average"], f["count"], f["completion"]
    if locale == ZH:
        text = f"评分 {average:.1f} ({count} 次评价)" if count else "暂无评价"
        return text if completion is None else f"{text}, 完成率 {completion:.0%}"
    text = f"Rated {average:.1f} ({count} ratings)" if count else "Not rated yet"
    return text if completion is None else f"{text}, {completion:.0%} completed"


def waiting(f: Mapping[str, Any], locale: str) -> str:
    urgency, days = URGENCY_NAMES[locale].get(f["urgency"], f["urgency"]), int(f["days"])
    if locale == ZH:
        return f"紧急程度 {urgency}, 已等待 {days} 天"
    return f"{urgency} urgency, waiting for {days} day{'s' if days != 1 else ''}"


def target_group(f: Mapping[str, Any], locale: str) -> str:
    group = GROUP_NAMES[locale].get(f["group"], f["group"])
    texts = {
        ZH: {
            "exact": f"服务对象相符（{group}）",
            "broader": f"面向更广的群体，包含{group}",
            "general": "不限服务对象",
            "none": f"服务对象不同（需求面向{group}）",
        },
        EN: {
            "exact": f"Meant for exactly this group ({group})",
            "broader": f"Meant for a broader group that includes {group}",
            "general": "Open to everyone",
            "none": f"Meant for other groups (the demand serves {group})",
        },
    }
    return texts[locale][f["relation"]]


def time_overlap(f: Mapping[str, Any], locale: str) -> str:
    share = f["share"]
    if locale == ZH:
        return f"可用时间覆盖需求期的 {share:.0%}"
    return f"Available for {share:.0%} of the time it is needed"


def availability(f: Mapping[str, Any], locale: str) -> str:
    fit, names = f["fit"], SLOT_NAMES[locale]
    given: Iterable[str] = f["slots"]
    slots = [names.get(slot, slot) for slot in given]
    if fit == "unknown":
        return "未注明时间" if locale == ZH else "No time stated"
    if fit == "yes":
        listed = _list(slots, locale)
        return f"时间合适（{listed}）" if locale == ZH else f"Fits her free time ({listed})"
    return "不在常用空闲时间" if locale == ZH else "Outside her usual free time"


def timing(f: Mapping[str, Any], locale: str) -> str:
    days = f["days"]
    if days <= 0:
        return "现在即可参加" if locale == ZH else "Open now"
    whole = max(int(days), 1)
    return f"{whole} 天后开始" if locale == ZH else f"Starts in {whole} day{'s' if whole != 1 else ''}"


SENTENCES: dict[str, Callable[[Mapping[str, Any], str], str]] = {
    "category_fit": category_fit,
    "skills": skills,
    "distance": distance,
    "reputation": reputation,
    "waiting": waiting,
    "target_group": target_group,
    "time_overlap": time_overlap,
    "availability": availability,
    "timing": timing,
}


def detail(reason: Reason, locale: str) -> str:
    return SENTENCES[reason.factor](reason.facts, EN if locale == EN else ZH)
