"""The words volunteers and openings are described with: skills and weekly time slots.

The seed draws volunteers' skills and positions' shifts from these same words (a test keeps
datasources/seed/vocabulary.py equal to them); a skill outside this list in a query is an
error, not an empty result.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

SKILLS: tuple[str, ...] = (
    "心理疏导",
    "法律咨询",
    "儿童陪伴",
    "教学辅导",
    "医疗护理",
    "摄影",
    "活动组织",
    "文案宣传",
    "计算机",
    "外语",
    "驾驶",
    "手工",
)
SLOTS: tuple[str, ...] = ("WEEKDAY_DAYTIME", "WEEKDAY_EVENING", "WEEKEND_DAYTIME", "WEEKEND_EVENING")

BEIJING = timezone(timedelta(hours=8))
EVENING_STARTS_AT = 18  # local hour from which a time counts as evening


def unknown_skills(skills: list[str]) -> list[str]:
    known = set(SKILLS)
    return [skill for skill in skills if skill not in known]


def slot_of(moment: datetime) -> str:
    """The weekly slot a moment falls in, in Beijing time."""
    local = moment.astimezone(BEIJING)
    day = "WEEKEND" if local.weekday() >= 5 else "WEEKDAY"
    part = "EVENING" if local.hour >= EVENING_STARTS_AT else "DAYTIME"
    return f"{day}_{part}"
