"""The 24-hour appeal channel (网上妇女之家): submitAppeal, replyToAppeal, convertAppealToDemand and
closeAppeal."""

from __future__ import annotations

from datetime import datetime

import strawberry

from auth.permissions import IsAuthenticated

# The GraphQL enums: schema/enums.py wraps these very classes.
from domain.enums import ResourceCategory, TargetGroup, Urgency
from domain.workflows.appeals import (
    MAX_CLOSE_REASON_LENGTH,
    MAX_CONTACT_NAME_LENGTH,
    MAX_CONTENT_LENGTH,
    MAX_DEMAND_TITLE_LENGTH,
    MAX_QUANTITY,
    MAX_REPLY_LENGTH,
    MAX_TOPIC_LENGTH,
    DemandFromAppeal,
)
from schema.appeals import Appeal
from schema.inputs import idempotency_key_field
from schema.mutation_fields import mutation
from schema.user_errors import UserError, user_errors_field
from services import appeals
from services.appeals import CloseAppeal, ConvertAppealToDemand, ReplyToAppeal, SubmitAppeal


@strawberry.input(
    description="A resident's appeal (诉求) to a home (妇女之家), or to her district (区), which "
    "routes it to the district's home with the fewest open appeals. Give `homeId` or `districtId`."
)
class SubmitAppealInput:
    topic: str = strawberry.field(
        description=f"What it is about (主题), e.g. 就业求助, at most {MAX_TOPIC_LENGTH} characters."
    )
    content: str = strawberry.field(
        description=f"Her words (诉求内容), at most {MAX_CONTENT_LENGTH} characters."
    )
    home_id: strawberry.ID | None = strawberry.field(default=None, description="The home addressed.")
    district_id: strawberry.ID | None = strawberry.field(
        default=None, description="Or the district addressed (routed to one of its homes)."
    )
    contact_name: str | None = strawberry.field(
        default=None,
        description=f"How to address her (称呼), optional, at most {MAX_CONTACT_NAME_LENGTH} characters; "
        "personal data: only the home's manager and staff read it.",
    )
    contact_phone: str | None = strawberry.field(
        default=None,
        description="A phone number to call her back (联系电话), optional; personal data: only the "
        "home's manager and staff read it.",
    )
    idempotency_key: str | None = idempotency_key_field()

    def command(self) -> SubmitAppeal:
        return SubmitAppeal(
            self.topic, self.content, self.home_id, self.district_id, self.contact_name, self.contact_phone
        )


@strawberry.type(
    description="The result of `submitAppeal`: the appeal and its tracking code (查询码), or why not."
)
class SubmitAppealPayload:
    appeal: Appeal | None = strawberry.field(
        default=None,
        description="The appeal; keep its `trackingCode` to follow it with `appeal(trackingCode:)`.",
    )
    user_errors: list[UserError] = user_errors_field(
        "RATE_LIMITED (too many anonymous appeals from this address: try later); NOT_FOUND (home, "
        "or no home in the district); REQUIRED, TOO_LONG, INVALID (phone, ids, both or neither addressee)."
    )


@strawberry.input(description="The home's answer to an appeal (答复).")
class ReplyToAppealInput:
    appeal_id: strawberry.ID = strawberry.field(description="The appeal.")
    body: str = strawberry.field(description=f"The answer, at most {MAX_REPLY_LENGTH} characters.")

    def command(self) -> ReplyToAppeal:
        return ReplyToAppeal(self.appeal_id, self.body)


@strawberry.type(description="The result of `replyToAppeal`: the appeal with the answer, or why not.")
class ReplyToAppealPayload:
    appeal: Appeal | None = strawberry.field(default=None, description="The appeal, now REPLIED.")
    user_errors: list[UserError] = user_errors_field(
        "UNAUTHENTICATED; NOT_FOUND (also for appeals of other homes); INVALID_STATE (converted or "
        "closed); CONFLICT; REQUIRED, TOO_LONG, INVALID."
    )


@strawberry.input(
    description="Turn an appeal into a demand (需求) of its home, published at once and linked to the "
    "appeal, so the resident follows its progress through `appeal(trackingCode:) { demand { status } }`. "
    "The demand is public: do not copy the resident's personal details into it."
)
class ConvertAppealToDemandInput:
    appeal_id: strawberry.ID = strawberry.field(description="The appeal.")
    title: str = strawberry.field(
        description=f"The demand's title (标题), at most {MAX_DEMAND_TITLE_LENGTH} characters."
    )
    category: ResourceCategory = strawberry.field(description="Which kind of resource would meet it.")
    description: str = strawberry.field(default="", description="What is needed (需求描述), for the public.")
    urgency: Urgency = strawberry.field(default=Urgency.MEDIUM, description="How urgent it is (紧急程度).")
    target_group: TargetGroup = strawberry.field(default=TargetGroup.WOMEN, description="Who it serves.")
    quantity: int = strawberry.field(default=1, description=f"Units needed (数量), 1 to {MAX_QUANTITY}.")
    unit: str = strawberry.field(default="次", description="What a unit is (单位), e.g. 次, 人, 份.")
    beneficiary_count: int = strawberry.field(default=1, description="People it helps (受益人数).")
    needed_by: datetime | None = strawberry.field(default=None, description="Needed by (需求截止), if any.")

    def command(self) -> ConvertAppealToDemand:
        demand = DemandFromAppeal(
            title=self.title,
            category=self.category,
            description=self.description,
            urgency=self.urgency,
            target_group=self.target_group,
            quantity=self.quantity,
            unit=self.unit,
            beneficiary_count=self.beneficiary_count,
            needed_by=self.needed_by,
        )
        return ConvertAppealToDemand(self.appeal_id, demand)


@strawberry.type(description="The result of `convertAppealToDemand`: the appeal, now CONVERTED, or why not.")
class ConvertAppealToDemandPayload:
    appeal: Appeal | None = strawberry.field(
        default=None, description="The appeal; its `demand` is the new demand."
    )
    user_errors: list[UserError] = user_errors_field(
        "UNAUTHENTICATED; FORBIDDEN (staff: only the home's manager converts); NOT_FOUND; "
        "INVALID_STATE (converted or closed); CONFLICT; REQUIRED, TOO_LONG, OUT_OF_RANGE, INVALID."
    )


@strawberry.input(description="Close an appeal (办结).")
class CloseAppealInput:
    appeal_id: strawberry.ID = strawberry.field(description="The appeal.")
    reason: str | None = strawberry.field(
        default=None,
        description=f"Why, for the audit log (not shown to the resident), at most {MAX_CLOSE_REASON_LENGTH} "
        "characters.",
    )

    def command(self) -> CloseAppeal:
        return CloseAppeal(self.appeal_id, self.reason)


@strawberry.type(description="The result of `closeAppeal`: the appeal, now CLOSED, or why not.")
class CloseAppealPayload:
    appeal: Appeal | None = strawberry.field(default=None, description="The appeal, now CLOSED.")
    user_errors: list[UserError] = user_errors_field(
        "UNAUTHENTICATED; NOT_FOUND; INVALID_STATE (converted or closed already); CONFLICT; "
        "TOO_LONG, INVALID."
    )


submit_appeal = mutation(
    appeals.submit_appeal,
    SubmitAppealInput,
    SubmitAppealPayload,
    description="Voice a need through the 24-hour online women's home (网上妇女之家) to a home or a "
    "district; returns the appeal with its tracking code. Anyone may call it, no sign-in needed; "
    "anonymous appeals are limited per client address (RATE_LIMITED).",
    anonymous_budget="appeal",
)
reply_to_appeal = mutation(
    appeals.reply_to_appeal,
    ReplyToAppealInput,
    ReplyToAppealPayload,
    IsAuthenticated(),
    description="Answer an appeal (答复); the resident reads it through `appeal(trackingCode:)`. Allowed for "
    "the manager of the appeal's home and federation staff.",
)
convert_appeal_to_demand = mutation(
    appeals.convert_appeal_to_demand,
    ConvertAppealToDemandInput,
    ConvertAppealToDemandPayload,
    IsAuthenticated(),
    description="Turn an appeal into a published demand of its home, linked to it (the appeal becomes "
    "CONVERTED). Allowed for the manager of the appeal's home only.",
)
close_appeal = mutation(
    appeals.close_appeal,
    CloseAppealInput,
    CloseAppealPayload,
    IsAuthenticated(),
    description="Close an appeal (办结). Allowed for the manager of the appeal's home and federation staff.",
)
