"""Profiles (资料): updateVolunteerProfile, updateSocialWorkerProfile, updateHomeProfile,
updateOrganizationProfile; their inputs and payloads.

Every field but `id` and `expectedVersion` may be left out (it stays as it is) or given as null
(an optional field is cleared; a required one is REQUIRED): strawberry's UNSET tells the two apart.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import UNSET

from auth.permissions import IsAuthenticated
from domain.matching.vocabulary import SKILLS, SLOTS
from domain.workflows.admission import MAX_ADDRESS, MAX_CONTACT_NAME, MAX_DESCRIPTION, MAX_NAME, MAX_WEBSITE
from domain.workflows.profiles import (
    MAX_BIO,
    MAX_COMMUNITY,
    MAX_PERSON_NAME,
    MAX_SPECIALTIES,
    MAX_SUBDISTRICT,
    MAX_YEARS,
)
from schema.mutation_fields import mutation
from schema.offer_inputs import GeoPointInput, expected_version_field
from schema.user_errors import UserError, user_errors_field
from services import profiles
from services.profiles import UpdateProfile

if TYPE_CHECKING:
    from schema.homes import Home
    from schema.organizations import Organization
    from schema.social_workers import SocialWorker
    from schema.volunteers import Volunteer

Lazy = strawberry.lazy
LEFT_OUT = "Left out: it stays as it is."
CLEARS = f"{LEFT_OUT} null: cleared."
KEPT = f"{LEFT_OUT} It cannot be cleared (null: REQUIRED)."
PERSONAL = "Personal data (see the field of the same name for who reads it)."
OWN = "Allowed for the accounts acting for it; others get FORBIDDEN (NOT_FOUND when they may not see it)."
VERSIONED = "Takes the `version` last seen: a stale one, or losing a race, is CONFLICT and changes nothing."
ERRORS = (
    "UNAUTHENTICATED; FORBIDDEN (not acting for it); NOT_FOUND (it, or the district); CONFLICT (changed "
    "since `expectedVersion`); REQUIRED (a field that cannot be cleared given as null), TOO_LONG, INVALID, "
    "OUT_OF_RANGE (at the input field's path)."
)


def _change(description: str) -> Any:
    """A profile field an update may leave out (UNSET) or give as null."""
    return strawberry.field(default=UNSET, description=description)


def _command(input: Any) -> UpdateProfile:
    """The command of a profile input: the fields given, by graph name; a location as (lat, lon)."""
    changes: dict[str, Any] = {}
    for field in dataclasses.fields(input):
        value = getattr(input, field.name)
        if field.name in ("id", "expected_version") or value is UNSET:
            continue
        if isinstance(value, GeoPointInput):
            value = (value.lat, value.lon)
        head, *rest = field.name.split("_")
        changes[head + "".join(part.title() for part in rest)] = value
    return UpdateProfile(input.id, input.expected_version, changes)


@strawberry.input(description="Changes to a volunteer's own profile (志愿者资料).")
class UpdateVolunteerProfileInput:
    id: strawberry.ID = strawberry.field(description="The volunteer.")
    expected_version: int = expected_version_field()
    name: str | None = _change(f"Her display name, 2 to {MAX_PERSON_NAME} characters. {KEPT}")
    district_id: strawberry.ID | None = _change(f"The district she lives in. {KEPT}")
    skills: list[str] | None = _change(f"Replaces her skills, from: {'、'.join(SKILLS)}. {CLEARS}")
    availability: list[str] | None = _change(f"Replaces when she is free, from: {', '.join(SLOTS)}. {CLEARS}")
    phone: str | None = _change(f"Her mobile phone. {PERSONAL} {CLEARS}")
    email: str | None = _change(f"Her e-mail address. {PERSONAL} {CLEARS}")
    id_number: str | None = _change(f"Her identity card number (身份证号, GB 11643). {PERSONAL} {CLEARS}")
    location: GeoPointInput | None = _change(
        f"Where she lives (for suggestions near her). {PERSONAL} {CLEARS}"
    )

    def command(self) -> UpdateProfile:
        return _command(self)


@strawberry.input(description="Changes to a social worker's own profile (社工资料).")
class UpdateSocialWorkerProfileInput:
    id: strawberry.ID = strawberry.field(description="The social worker.")
    expected_version: int = expected_version_field()
    name: str | None = _change(f"Her display name, 2 to {MAX_PERSON_NAME} characters. {KEPT}")
    district_id: strawberry.ID | None = _change(f"The district she works in. {KEPT}")
    specialties: list[str] | None = _change(
        f"Replaces her fields of practice, at most {MAX_SPECIALTIES}. {CLEARS}"
    )
    years_of_experience: int | None = _change(f"Years in practice, 0 to {MAX_YEARS}. {KEPT}")
    bio: str | None = _change(f"A short introduction, at most {MAX_BIO} characters. {CLEARS}")
    phone: str | None = _change(f"Her phone. {PERSONAL} {CLEARS}")
    email: str | None = _change(f"Her e-mail address. {PERSONAL} {CLEARS}")

    def command(self) -> UpdateProfile:
        return _command(self)


@strawberry.input(description="Changes to a women's home's profile (妇女之家资料).")
class UpdateHomeProfileInput:
    id: strawberry.ID = strawberry.field(description="The home.")
    expected_version: int = expected_version_field()
    name: str | None = _change(f"Its name, 2 to {MAX_NAME} characters. {KEPT}")
    district_id: strawberry.ID | None = _change(f"Its district. {KEPT}")
    subdistrict: str | None = _change(
        f"Its subdistrict or town (街道/乡镇), at most {MAX_SUBDISTRICT}. {KEPT}"
    )
    community: str | None = _change(f"Its community or village (社区/村), at most {MAX_COMMUNITY}. {KEPT}")
    address: str | None = _change(f"Its (public) address, at most {MAX_ADDRESS} characters. {KEPT}")
    location: GeoPointInput | None = _change(f"Where that address is. {KEPT}")

    def command(self) -> UpdateProfile:
        return _command(self)


@strawberry.input(
    description="Changes to an organization's profile (机构资料). A new name or credit code sends an ACTIVE "
    "organization back to review (PENDING); a SUSPENDED one cannot change them, an EXITED one nothing."
)
class UpdateOrganizationProfileInput:
    id: strawberry.ID = strawberry.field(description="The organization.")
    expected_version: int = expected_version_field()
    name: str | None = _change(f"Registered name, 2 to {MAX_NAME} characters; reviewed again. {KEPT}")
    credit_code: str | None = _change(f"Unified social credit code (GB 32100-2015); reviewed again. {KEPT}")
    district_id: strawberry.ID | None = _change(f"Its district. {KEPT}")
    address: str | None = _change(f"Registered office address, at most {MAX_ADDRESS} characters. {KEPT}")
    location: GeoPointInput | None = _change(f"Where that address is. {KEPT}")
    description: str | None = _change(f"What it does, at most {MAX_DESCRIPTION} characters. {CLEARS}")
    contact_name: str | None = _change(
        f"The contact person, at most {MAX_CONTACT_NAME} characters. {PERSONAL} {CLEARS}"
    )
    contact_phone: str | None = _change(f"The contact's phone. {PERSONAL} {CLEARS}")
    contact_email: str | None = _change(f"The contact's e-mail. {PERSONAL} {CLEARS}")
    website: str | None = _change(f"An http(s) address of at most {MAX_WEBSITE} characters. {CLEARS}")

    def command(self) -> UpdateProfile:
        return _command(self)


@strawberry.type(description="The result of updateVolunteerProfile.")
class UpdateVolunteerProfilePayload:
    volunteer: Annotated[Volunteer, Lazy("schema.volunteers")] | None = strawberry.field(
        default=None, description="The volunteer as she now is; null when refused."
    )
    user_errors: list[UserError] = user_errors_field(ERRORS)


@strawberry.type(description="The result of updateSocialWorkerProfile.")
class UpdateSocialWorkerProfilePayload:
    social_worker: Annotated[SocialWorker, Lazy("schema.social_workers")] | None = strawberry.field(
        default=None, description="The social worker as she now is; null when refused."
    )
    user_errors: list[UserError] = user_errors_field(ERRORS)


@strawberry.type(description="The result of updateHomeProfile.")
class UpdateHomeProfilePayload:
    home: Annotated[Home, Lazy("schema.homes")] | None = strawberry.field(
        default=None, description="The home as it now is; null when refused."
    )
    user_errors: list[UserError] = user_errors_field(ERRORS)


@strawberry.type(description="The result of updateOrganizationProfile.")
class UpdateOrganizationProfilePayload:
    organization: Annotated[Organization, Lazy("schema.organizations")] | None = strawberry.field(
        default=None, description="The organization as it now is; null when refused."
    )
    user_errors: list[UserError] = user_errors_field(
        f"{ERRORS} DUPLICATE (the credit code is registered); INVALID_STATE (EXITED; SUSPENDED and "
        "changing its name or credit code)."
    )


update_volunteer_profile = mutation(
    profiles.update_volunteer_profile,
    UpdateVolunteerProfileInput,
    UpdateVolunteerProfilePayload,
    IsAuthenticated(),
    description=f"Change a volunteer's profile: skills, availability, contact details, where she lives. "
    f"{VERSIONED} Audited (the values before and after). {OWN}",
)
update_social_worker_profile = mutation(
    profiles.update_social_worker_profile,
    UpdateSocialWorkerProfileInput,
    UpdateSocialWorkerProfilePayload,
    IsAuthenticated(),
    description=f"Change a social worker's profile (her qualification is verified by staff, not changed "
    f"here). {VERSIONED} Audited. {OWN}",
)
update_home_profile = mutation(
    profiles.update_home_profile,
    UpdateHomeProfileInput,
    UpdateHomeProfilePayload,
    IsAuthenticated(),
    description=f"Change a home's profile: name, address, where it is. {VERSIONED} Audited. Allowed for "
    "its manager's account; others get FORBIDDEN.",
)
update_organization_profile = mutation(
    profiles.update_organization_profile,
    UpdateOrganizationProfileInput,
    UpdateOrganizationProfilePayload,
    IsAuthenticated(),
    description=f"Change an organization's profile. A new name or credit code sends an ACTIVE organization "
    f"back to review (PENDING: one more step of its admission history). {VERSIONED} Audited. Allowed for its "
    "members; others get FORBIDDEN.",
)
