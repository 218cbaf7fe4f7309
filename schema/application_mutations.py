"""Inputs, payloads and fields of the volunteer application (志愿岗位申请) mutations."""

from __future__ import annotations

import strawberry

from domain.enums import Role
from domain.workflows.applications import MAX_MOTIVATION

# The GraphQL enum: schema/enums.py wraps this very class.
from domain.workflows.states import Decision
from resolvers.commands import Outcome
from schema.applications import VolunteerApplication
from schema.events import EventRegistration
from schema.inputs import idempotency_key_field
from schema.mutation_fields import acting_for, mutation
from schema.user_errors import UserError, user_errors_field
from services import applications
from services.applications import (
    ApplyToOpportunity,
    CompleteApplication,
    RespondToApplication,
    WithdrawApplication,
)

EXPECTED_VERSION = (
    "The application's `version` as you last saw it; if it has changed since, nothing happens "
    "and the error is CONFLICT. Leave it out to act on whatever is current."
)
PROVIDER_ONLY = "Only accounts acting for the position's provider; anyone else gets FORBIDDEN."


@strawberry.type(description="The result of a volunteer application mutation.")
class ApplicationPayload:
    application: VolunteerApplication | None = strawberry.field(
        default=None, description="The application as it now is; null when refused."
    )
    user_errors: list[UserError] = user_errors_field(
        "UNAUTHENTICATED; FORBIDDEN; NOT_FOUND; INVALID (a malformed id); INVALID_STATE (not "
        "possible in the application's status, or the position is no longer on offer); "
        "CONFLICT (changed since `expectedVersion`); LIMIT_REACHED (no place left); OUT_OF_RANGE."
    )


@strawberry.input(description="A volunteer's application to an opportunity (报名志愿岗位或活动).")
class ApplyToOpportunityInput:
    opportunity_id: strawberry.ID = strawberry.field(
        description="What `opportunities` lists: a volunteer position (a Resource of category "
        "VOLUNTEER_POSITION, PUBLISHED, its window not past, its provider ACTIVE, a place left) "
        "or an Event (then she is registered for it, exactly as by registerForEvent)."
    )
    motivation: str | None = strawberry.field(
        default=None,
        description=f"Why she applies (申请理由), up to {MAX_MOTIVATION} characters; ignored for an event. "
        "Read back as `VolunteerApplication.motivation` by her, the position's provider and staff.",
    )
    idempotency_key: str | None = idempotency_key_field()

    def command(self) -> ApplyToOpportunity:
        return ApplyToOpportunity(self.opportunity_id, self.motivation)


@strawberry.type(description="The result of applyToOpportunity: an application, or a registration.")
class ApplyToOpportunityPayload:
    application: VolunteerApplication | None = strawberry.field(
        default=None, description="The application (APPLIED), when a volunteer position was given."
    )
    registration: EventRegistration | None = strawberry.field(
        default=None, description="The event registration, when an event was given."
    )
    user_errors: list[UserError] = user_errors_field(
        "UNAUTHENTICATED; FORBIDDEN (not acting for a volunteer); NOT_FOUND; INVALID (a malformed "
        "id, or not a volunteer position); TOO_LONG; INVALID_STATE (not on offer, past its window, "
        "provider not ACTIVE; an event not PUBLISHED or closed); DUPLICATE (applied or registered "
        "already); LIMIT_REACHED (no place left)."
    )


@strawberry.input(description="The provider's answer to an application.")
class RespondToApplicationInput:
    application_id: strawberry.ID = strawberry.field(description="The application, APPLIED.")
    decision: Decision = strawberry.field(
        description="ACCEPT takes one of the position's places (LIMIT_REACHED when none is left); "
        "DECLINE ends it."
    )
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)

    def command(self) -> RespondToApplication:
        return RespondToApplication(self.application_id, self.decision, self.expected_version)


@strawberry.type(description="The result of respondToApplication.")
class RespondToApplicationPayload(ApplicationPayload):
    pass


@strawberry.input(description="Recording the service of an accepted volunteer (服务时长).")
class CompleteApplicationInput:
    application_id: strawberry.ID = strawberry.field(description="The application, ACCEPTED.")
    hours_served: float = strawberry.field(
        description="Hours she served, more than 0 and at most 24 per day of the position's window "
        "(from its start, or the day she applied, to its end, or now); kept to the minute "
        "(else OUT_OF_RANGE)."
    )
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)

    def command(self) -> CompleteApplication:
        return CompleteApplication(self.application_id, self.hours_served, self.expected_version)


@strawberry.type(description="The result of completeApplication.")
class CompleteApplicationPayload(ApplicationPayload):
    pass


@strawberry.input(description="A volunteer withdrawing her application (撤回申请).")
class WithdrawApplicationInput:
    application_id: strawberry.ID = strawberry.field(description="The application, APPLIED or ACCEPTED.")
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)

    def command(self) -> WithdrawApplication:
        return WithdrawApplication(self.application_id, self.expected_version)


@strawberry.type(description="The result of withdrawApplication.")
class WithdrawApplicationPayload(ApplicationPayload):
    pass


def _opportunity_field(outcome: Outcome) -> str:
    """An event's registration, or a position's application (also when refused)."""
    return "registration" if outcome.type_name == "EventRegistration" else "application"


apply_to_opportunity = mutation(
    applications.apply_to_opportunity,
    ApplyToOpportunityInput,
    ApplyToOpportunityPayload,
    *acting_for(Role.VOLUNTEER),
    description="Apply to a volunteer position (报名志愿岗位): the application waits, APPLIED, for "
    "the provider's answer; one per volunteer and position (DUPLICATE), though one she withdrew "
    "can be reopened by applying again. Given an event instead, registers her for it (报名活动) "
    "like registerForEvent. Only accounts acting for a volunteer.",
    payload_field=_opportunity_field,
)
respond_to_application = mutation(
    applications.respond_to_application,
    RespondToApplicationInput,
    RespondToApplicationPayload,
    *acting_for(),
    description="Accept or decline an application. Accepting takes one place: the position's "
    "`quantityCommitted` grows (EXHAUSTED on the last place); of accepts racing for the last "
    "places, only as many succeed as there are places, the others get LIMIT_REACHED. While "
    f"accepted, the provider may read the volunteer's contact details. {PROVIDER_ONLY}",
)
complete_application = mutation(
    applications.complete_application,
    CompleteApplicationInput,
    CompleteApplicationPayload,
    *acting_for(),
    description="Record that an accepted volunteer served, with her hours (服务时长): stored on the "
    f"application and added to her `serviceHours`; the place stays taken. {PROVIDER_ONLY}",
)
withdraw_application = mutation(
    applications.withdraw_application,
    WithdrawApplicationInput,
    WithdrawApplicationPayload,
    *acting_for(Role.VOLUNTEER),
    description="Withdraw an application before it is completed (撤回). An accepted one gives its "
    "place back (an EXHAUSTED position is PUBLISHED again). Only accounts acting for the "
    "volunteer who applied; anyone else gets FORBIDDEN.",
)
