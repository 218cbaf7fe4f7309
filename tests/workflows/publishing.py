"""Documents and inputs for the publishing tests: one valid input per category."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from tests.workflows.market import mutation

RESOURCE_FIELDS = (
    "id status category title quantity quantityCommitted unit amount address details version "
    "availableFrom availableUntil tags targetGroups serviceRadiusKm location { lat lon } "
    "district { name } serviceDistricts { name } provider { id }"
)
DEMAND_FIELDS = (
    "id status category title quantity quantityMatched unit amount urgency targetGroup beneficiaryCount "
    "subdistrict neededBy tags version location { lat lon } district { name } requester { id }"
)
PUBLISH_RESOURCE = mutation("publishResource", "PublishResourceInput", f"resource {{ {RESOURCE_FIELDS} }}")
UPDATE_RESOURCE = mutation("updateResource", "UpdateResourceInput", f"resource {{ {RESOURCE_FIELDS} }}")
WITHDRAW_RESOURCE = mutation("withdrawResource", "WithdrawResourceInput", f"resource {{ {RESOURCE_FIELDS} }}")
PUBLISH_DEMAND = mutation("publishDemand", "PublishDemandInput", f"demand {{ {DEMAND_FIELDS} }}")
UPDATE_DEMAND = mutation("updateDemand", "UpdateDemandInput", f"demand {{ {DEMAND_FIELDS} }}")
CANCEL_DEMAND = mutation("cancelDemand", "CancelDemandInput", f"demand {{ {DEMAND_FIELDS} }}")


def later(days: float = 0, hours: float = 0) -> datetime:
    return datetime.now(UTC) + timedelta(days=days, hours=hours)


def iso(moment: datetime) -> str:
    return moment.isoformat()


def shift(days: float, hours: float = 3) -> dict[str, str]:
    start = later(days).replace(microsecond=0)
    return {"startsAt": iso(start), "endsAt": iso(start + timedelta(hours=hours))}


# For each category: the input carrying its own fields, and a valid value of it.
DETAILS: dict[str, tuple[str, dict[str, Any]]] = {
    "FUNDING": ("funding", {"amount": "50000.50", "disbursement": "一次性拨付"}),
    "PLANNING": ("planning", {"format": "HYBRID", "deliverables": ["活动方案", "宣传方案"]}),
    "PROJECT": ("project", {"durationMonths": 6, "goal": "提升单亲妈妈就业能力"}),
    "VENUE": ("venue", {"capacity": 40, "address": "东城区东华门街道1号", "facilities": ["投影仪"]}),
    "MATERIAL": (
        "material",
        {"items": [{"name": "儿童图书", "quantity": 200, "unit": "册"}], "delivery": "送货上门"},
    ),
    "PROFESSIONAL_SERVICE": ("professionalService", {"format": "OFFLINE", "sessionMinutes": 50}),
    "VOLUNTEER_POSITION": (
        "volunteerPosition",
        {"skills": ["摄影", "活动组织"], "shifts": [shift(5), shift(12)]},
    ),
}


def resource_input(category: str = "PROFESSIONAL_SERVICE", **extra: Any) -> dict[str, Any]:
    name, details = DETAILS[category]
    return {
        "title": f"{category} 资源",
        "category": category,
        "description": "面向辖区妇女",
        "quantity": 5,
        "unit": "次",
        "availableUntil": iso(later(60)),
        name: details,
        **extra,
    }


def demand_input(category: str = "PROFESSIONAL_SERVICE", **extra: Any) -> dict[str, Any]:
    values = {
        "title": "单亲妈妈心理支持",
        "category": category,
        "description": "社区单亲妈妈需要心理疏导",
        "urgency": "HIGH",
        "targetGroup": "SINGLE_MOTHERS",
        "beneficiaryCount": 12,
        "quantity": 4,
        "unit": "次",
        "neededBy": iso(later(30)),
    }
    if category == "FUNDING":
        values["amount"] = "20000"
    return {**values, **extra}


def codes(payload: dict[str, Any]) -> list[tuple[str, list[str] | None]]:
    return [(error["code"], error["field"]) for error in payload["userErrors"]]
