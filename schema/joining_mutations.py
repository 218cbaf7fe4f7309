"""Joining (docs/accounts.md#joining): sendSignUpCode, registerVolunteer, registerSocialWorker,
and staff's verifySocialWorker; inputs and payloads."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from auth.permissions import IsStaff
from domain.passwords import MIN_PASSWORD_LENGTH
from domain.workflows.joining import (
    MAX_BIO,
    MAX_DISPLAY_NAME,
    MAX_REAL_NAME,
    MAX_SPECIALTIES,
    MAX_VERIFICATION_NOTE,
    PRIVACY_POLICY_VERSION,
    SIGN_UP_CODE_ATTEMPTS,
    SIGN_UP_CODE_RESEND,
    SIGN_UP_CODE_TTL,
    Credentials,
    Person,
    SocialWorkerProfile,
    VolunteerProfile,
)
from resolvers import joining as joining_resolvers
from resolvers.auth import member_signed_in
from resolvers.context import Info
from schema.enums import QualificationLevel, VerificationDecision
from schema.inputs import idempotency_key_field
from schema.mutation_fields import mutation
from schema.offer_inputs import GeoPointInput
from schema.user_errors import UserError, user_errors, user_errors_field
from services import joining, social_workers
from services.joining import RegisterSocialWorker, RegisterVolunteer, SendSignUpCode
from services.social_workers import VerifySocialWorker

if TYPE_CHECKING:
    from schema.social_workers import SocialWorker
    from schema.volunteers import Volunteer

LazySocialWorker = Annotated["SocialWorker", strawberry.lazy("schema.social_workers")]
LazyVolunteer = Annotated["Volunteer", strawberry.lazy("schema.volunteers")]
CODE_MINUTES = int(SIGN_UP_CODE_TTL.total_seconds() // 60)
RESEND_SECONDS = int(SIGN_UP_CODE_RESEND.total_seconds())
SIGN_UP_ERRORS = (
    "RATE_LIMITED (too many sign-ups from this address); REQUIRED, TOO_LONG, INVALID (each field at "
    "its path: `phoneCode` wrong, expired, used or out of attempts; `username` not allowed or not "
    "available; the password too short, the username, or common; `privacyPolicyVersion` not the "
    "current one); NOT_FOUND (district); FORBIDDEN (staff); INVALID_STATE (the account acts for a "
    "participant already); CONFLICT."
)


@strawberry.input(description="A mainland mobile number to send a sign-up code to (注册验证码).")
class SendSignUpCodeInput:
    phone: str = strawberry.field(description="11 digits; spaces, dashes and +86 are ignored.")

    def command(self) -> SendSignUpCode:
        return SendSignUpCode(self.phone)


@strawberry.type(description="The result of `sendSignUpCode`.")
class SendSignUpCodePayload:
    sent: bool = strawberry.field(
        default=False,
        description="True whenever the number was well formed: the same answer whether or not it "
        "is registered (a registered number is told so by SMS instead of getting a code).",
    )
    resend_after_seconds: int = strawberry.field(
        default=RESEND_SECONDS, description="Ask again no sooner than this (earlier requests send nothing)."
    )
    user_errors: list[UserError] = user_errors_field(
        "RATE_LIMITED (too many requests from this address); REQUIRED, INVALID (not a mainland mobile "
        "number)."
    )


async def _send_sign_up_code(info: Info, input: SendSignUpCodeInput) -> SendSignUpCodePayload:
    refused = await joining_resolvers.send_sign_up_code(info, input.command())
    if refused is not None:
        return SendSignUpCodePayload(user_errors=user_errors(refused.problems, info.context.locale))
    return SendSignUpCodePayload(sent=True)


send_sign_up_code = strawberry.mutation(
    resolver=_send_sign_up_code,
    description=f"Send a {CODE_MINUTES}-minute sign-up code by SMS to a phone, for `registerVolunteer` or "
    f"`registerSocialWorker` ({SIGN_UP_CODE_ATTEMPTS} wrong tries spend it). Anyone may call it; "
    "anonymous requests are limited per client address.",
)


def _person(input: SignUpFields) -> Person:
    return Person(
        display_name=input.display_name,
        real_name=input.real_name,
        phone=input.phone,
        district_id=input.district_id,
        email=input.email,
        consent_version=input.privacy_policy_version,
    )


@strawberry.input(description="What every sign-up holds.")
class SignUpFields:
    username: str | None = strawberry.field(
        default=None,
        description="The name she signs in with (3 to 60 letters, digits, _ . -, starting with a letter). "
        "Required without sign-in; not given by someone signed in through the external identity provider.",
    )
    password: str | None = strawberry.field(
        default=None,
        description=f"At least {MIN_PASSWORD_LENGTH} characters, not the username, not a common password. "
        "Required without sign-in; not given through the external identity provider.",
    )
    display_name: str = strawberry.field(
        description=f"The name others see (昵称), 2 to {MAX_DISPLAY_NAME} characters."
    )
    real_name: str = strawberry.field(
        description=f"Her real name (真实姓名), 2 to {MAX_REAL_NAME} characters; personal data."
    )
    phone: str = strawberry.field(description="Her mobile number, which `sendSignUpCode` sent the code to.")
    phone_code: str = strawberry.field(description="The code it sent.")
    district_id: strawberry.ID = strawberry.field(description="The district (区) she lives or works in.")
    email: str | None = strawberry.field(default=None, description="An e-mail address; personal data.")
    privacy_policy_version: str = strawberry.field(
        description=f"The version of the privacy policy (个人信息处理规则) she read and accepts: "
        f'"{PRIVACY_POLICY_VERSION}" now. Recorded with the time.'
    )
    idempotency_key: str | None = idempotency_key_field()

    def credentials(self) -> Credentials:
        return Credentials(self.username, self.password)


@strawberry.input(description="Sign up as a volunteer (志愿者注册).")
class RegisterVolunteerInput(SignUpFields):
    skills: list[str] = strawberry.field(
        default_factory=list, description="Skills she offers, from the skills vocabulary (e.g. 心理疏导)."
    )
    availability: list[str] = strawberry.field(
        default_factory=list,
        description="When she is usually free: WEEKDAY_DAYTIME, WEEKDAY_EVENING, WEEKEND_DAYTIME, "
        "WEEKEND_EVENING.",
    )
    id_number: str | None = strawberry.field(
        default=None,
        description="Her resident identity number (身份证号, GB 11643), optional; personal data.",
    )
    location: GeoPointInput | None = strawberry.field(
        default=None, description="Where she lives (WGS-84), optional: suggestions then weigh distance."
    )

    def command(self) -> RegisterVolunteer:
        profile = VolunteerProfile(
            skills=self.skills,
            availability=self.availability,
            id_number=self.id_number,
            lat=self.location.lat if self.location else None,
            lon=self.location.lon if self.location else None,
        )
        return RegisterVolunteer(self.credentials(), _person(self), self.phone_code, profile)


@strawberry.type(description="The result of `registerVolunteer`: the volunteer and a token, or why not.")
class RegisterVolunteerPayload:
    volunteer: LazyVolunteer | None = strawberry.field(default=None, description="The new volunteer.")
    token: str | None = strawberry.field(
        default=None,
        description="A bearer token of her new account (none for the external identity provider's users).",
    )
    expires_at: datetime | None = strawberry.field(default=None, description="When the token stops working.")
    user_errors: list[UserError] = user_errors_field(SIGN_UP_ERRORS)


@strawberry.input(
    description="Sign up as a professional social worker (社工注册): PENDING until staff verify her "
    "certificate."
)
class RegisterSocialWorkerInput(SignUpFields):
    qualification_level: QualificationLevel = strawberry.field(description="Her qualification level.")
    certificate_number: str = strawberry.field(
        description="Her certificate's number (证书编号), 6 to 40 letters, digits or dashes; personal data."
    )
    specialties: list[str] = strawberry.field(
        default_factory=list, description=f"Fields of practice, at most {MAX_SPECIALTIES}."
    )
    years_of_experience: int = strawberry.field(default=0, description="Years in practice.")
    bio: str | None = strawberry.field(
        default=None, description=f"A short professional introduction, at most {MAX_BIO} characters."
    )

    def command(self) -> RegisterSocialWorker:
        profile = SocialWorkerProfile(
            qualification_level=self.qualification_level,
            certificate_number=self.certificate_number,
            specialties=self.specialties,
            years_of_experience=self.years_of_experience,
            bio=self.bio,
        )
        return RegisterSocialWorker(self.credentials(), _person(self), self.phone_code, profile)


@strawberry.type(
    description="The result of `registerSocialWorker`: the social worker and a token, or why not."
)
class RegisterSocialWorkerPayload:
    social_worker: LazySocialWorker | None = strawberry.field(
        default=None, description="The new social worker."
    )
    token: str | None = strawberry.field(
        default=None,
        description="A bearer token of her new account (none for the external identity provider's users).",
    )
    expires_at: datetime | None = strawberry.field(default=None, description="When the token stops working.")
    user_errors: list[UserError] = user_errors_field(SIGN_UP_ERRORS)


@strawberry.input(description="Staff's decision on a PENDING social worker's qualification (资格认证).")
class VerifySocialWorkerInput:
    id: strawberry.ID = strawberry.field(description="The social worker's global id.")
    decision: VerificationDecision = strawberry.field(description="Verify or reject.")
    reason: str | None = strawberry.field(
        default=None,
        description=f"Why, at most {MAX_VERIFICATION_NOTE} characters; required when rejecting (she "
        "reads it).",
    )

    def command(self) -> VerifySocialWorker:
        return VerifySocialWorker(self.id, self.decision, self.reason)


@strawberry.type(description="The result of `verifySocialWorker`.")
class VerifySocialWorkerPayload:
    social_worker: LazySocialWorker | None = strawberry.field(default=None, description="The social worker.")
    user_errors: list[UserError] = user_errors_field(
        "FORBIDDEN; NOT_FOUND; INVALID_STATE (not PENDING); CONFLICT (decided meanwhile); REQUIRED "
        "(a rejection's reason), TOO_LONG, INVALID."
    )


register_volunteer = mutation(
    joining.register_volunteer,
    RegisterVolunteerInput,
    RegisterVolunteerPayload,
    description="Join as a volunteer: creates the volunteer and her VOLUNTEER account from a phone "
    "verified with `sendSignUpCode`, and returns a token. Anyone may call it without signing in "
    "(limited per client address); someone signed in through the external identity provider, acting "
    "for no participant, uses it without username and password to create her volunteer profile.",
    anonymous_budget=joining_resolvers.SIGN_UP_BUDGET,
    after_commit=member_signed_in,
    payload_field=lambda _outcome: "volunteer",
)
register_social_worker = mutation(
    joining.register_social_worker,
    RegisterSocialWorkerInput,
    RegisterSocialWorkerPayload,
    description="Join as a professional social worker: as `registerVolunteer`, with her qualification; "
    "she is PENDING (not offered in matching) until staff verify her with `verifySocialWorker`.",
    anonymous_budget=joining_resolvers.SIGN_UP_BUDGET,
    after_commit=member_signed_in,
    payload_field=lambda _outcome: "social_worker",
)
verify_social_worker = mutation(
    social_workers.verify_social_worker,
    VerifySocialWorkerInput,
    VerifySocialWorkerPayload,
    IsStaff(),
    description="Verify a self-registered social worker's qualification, or refuse it with a reason.",
)
