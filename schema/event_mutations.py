"""Events (服务发布): publishEvent, registerForEvent and cancelRegistration."""

from __future__ import annotations

from datetime import datetime

import strawberry

from auth.permissions import IsAuthenticated

# The GraphQL enum: schema/enums.py wraps this very class.
from domain.enums import EventKind
from domain.workflows.events import (
    MAX_CAPACITY,
    MAX_DESCRIPTION_LENGTH,
    MAX_SKILLS,
    MAX_TITLE_LENGTH,
    EventInput,
)
from schema.events import Event, EventRegistration
from schema.inputs import idempotency_key_field
from schema.mutation_fields import mutation
from schema.user_errors import UserError, user_errors_field
from services import events
from services.events import CancelRegistration, PublishEvent, RegisterForEvent

FIELD_ERRORS = "REQUIRED, TOO_LONG, OUT_OF_RANGE, INVALID (a malformed id, dates out of order)."


@strawberry.input(description="A new event (服务发布), published at once.")
class PublishEventInput:
    title: str = strawberry.field(description=f"Title (标题), at most {MAX_TITLE_LENGTH} characters.")
    kind: EventKind = strawberry.field(
        description="COMPETITION (项目大赛), CAMPAIGN (主题活动), ACTIVITY (活动) or TRAINING (培训)."
    )
    starts_at: datetime = strawberry.field(description="Start (开始时间), in the future.")
    ends_at: datetime = strawberry.field(description="End (结束时间), after the start.")
    description: str = strawberry.field(
        default="", description=f"What it is about (简介), at most {MAX_DESCRIPTION_LENGTH} characters."
    )
    registration_deadline: datetime | None = strawberry.field(
        default=None,
        description="Last moment to register (报名截止), in the future and no later than the start; "
        "null: until the start.",
    )
    capacity: int | None = strawberry.field(
        default=None, description=f"Places (名额), 1 to {MAX_CAPACITY}; null: unlimited."
    )
    district_id: strawberry.ID | None = strawberry.field(
        default=None, description="The district it takes place in (区); null: the organizer's."
    )
    address: str | None = strawberry.field(default=None, description="Where it takes place (地址).")
    skills: list[str] = strawberry.field(
        default_factory=list, description=f"Skills wanted from volunteers (技能), at most {MAX_SKILLS}."
    )
    organizer_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="The organizing home or organization (主办方). Staff must name one; others may "
        "only name their own (the default).",
    )
    idempotency_key: str | None = idempotency_key_field()

    def command(self) -> PublishEvent:
        event = EventInput(
            title=self.title,
            description=self.description,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            registration_deadline=self.registration_deadline,
            capacity=self.capacity,
            address=self.address,
            skills=self.skills,
        )
        return PublishEvent(self.kind, event, self.district_id, self.organizer_id)


@strawberry.type(description="The result of `publishEvent`: the event, or why not.")
class PublishEventPayload:
    event: Event | None = strawberry.field(default=None, description="The event, published.")
    user_errors: list[UserError] = user_errors_field(
        "UNAUTHENTICATED; FORBIDDEN (not acting for a home or an organization, or naming another's); "
        "NOT_FOUND (organizer, district); INVALID_STATE (the organization is not ACTIVE); " + FIELD_ERRORS
    )


@strawberry.input(description="Register the participant one acts for for an event (报名).")
class RegisterForEventInput:
    event_id: strawberry.ID = strawberry.field(description="The event.")
    idempotency_key: str | None = idempotency_key_field()

    def command(self) -> RegisterForEvent:
        return RegisterForEvent(self.event_id)


@strawberry.type(description="The result of `registerForEvent`: the registration, or why not.")
class RegisterForEventPayload:
    registration: EventRegistration | None = strawberry.field(default=None, description="The registration.")
    user_errors: list[UserError] = user_errors_field(
        "UNAUTHENTICATED; FORBIDDEN (not acting for a participant); NOT_FOUND; INVALID_STATE (not "
        "PUBLISHED, or registration has closed); DUPLICATE (registered already); LIMIT_REACHED (full); "
        "INVALID."
    )


@strawberry.input(description="Give one's place at an event back (取消报名), until it starts.")
class CancelRegistrationInput:
    event_id: strawberry.ID = strawberry.field(description="The event registered for.")

    def command(self) -> CancelRegistration:
        return CancelRegistration(self.event_id)


@strawberry.type(description="The result of `cancelRegistration`: the event, with the place free again.")
class CancelRegistrationPayload:
    event: Event | None = strawberry.field(default=None, description="The event.")
    user_errors: list[UserError] = user_errors_field(
        "UNAUTHENTICATED; FORBIDDEN (not acting for a participant); NOT_FOUND (the event, or no "
        "registration for it); INVALID_STATE (not PUBLISHED, or started); INVALID."
    )


publish_event = mutation(
    events.publish_event,
    PublishEventInput,
    PublishEventPayload,
    IsAuthenticated(),
    description="Publish an event (服务发布): a competition, campaign, activity or training. Allowed for "
    "accounts acting for a home or an ACTIVE organization (as its organizer), and for staff "
    "(naming the organizer).",
)
register_for_event = mutation(
    events.register_for_event,
    RegisterForEventInput,
    RegisterForEventPayload,
    IsAuthenticated(),
    description="Register for a PUBLISHED event before its registration deadline (报名), while places are "
    "left; once per participant. Allowed for accounts acting for a participant.",
)
cancel_registration = mutation(
    events.cancel_registration,
    CancelRegistrationInput,
    CancelRegistrationPayload,
    IsAuthenticated(),
    description="Cancel one's registration for an event before it starts (取消报名); the place is free "
    "again. Allowed for accounts acting for the registered participant.",
)
