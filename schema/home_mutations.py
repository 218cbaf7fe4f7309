"""Homes (妇女之家): createHome (staff); managers come by invitation (schema/invitation_mutations.py)."""

from __future__ import annotations

import strawberry

from auth.permissions import IsAuthenticated, IsStaff
from domain.workflows.homes import MAX_ADDRESS, MAX_COMMUNITY, MAX_NAME, MAX_SUBDISTRICT, HomeFields
from schema.homes import Home
from schema.inputs import idempotency_key_field
from schema.mutation_fields import mutation
from schema.offer_inputs import GeoPointInput
from schema.user_errors import UserError, user_errors_field
from services import homes
from services.homes import CreateHome


@strawberry.input(description="A new community women's home (妇女之家).")
class CreateHomeInput:
    name: str = strawberry.field(description=f"Its name, 2 to {MAX_NAME} characters.")
    district_id: strawberry.ID = strawberry.field(description="The district (区) it is in.")
    subdistrict: str = strawberry.field(
        description=f"Its subdistrict (街道/乡镇), at most {MAX_SUBDISTRICT} characters."
    )
    community: str = strawberry.field(
        description=f"Its community (社区/村), at most {MAX_COMMUNITY} characters."
    )
    address: str = strawberry.field(description=f"Its public address, at most {MAX_ADDRESS} characters.")
    location: GeoPointInput = strawberry.field(description="Where it is (WGS-84).")
    idempotency_key: str | None = idempotency_key_field()

    def command(self) -> CreateHome:
        fields = HomeFields(
            self.name, self.subdistrict, self.community, self.address, self.location.lat, self.location.lon
        )
        return CreateHome(self.district_id, fields)


@strawberry.type(description="The result of `createHome`: the home, or why not.")
class CreateHomePayload:
    home: Home | None = strawberry.field(default=None, description="The new home, without a manager yet.")
    user_errors: list[UserError] = user_errors_field(
        "UNAUTHENTICATED; FORBIDDEN (staff only); NOT_FOUND (no such district); REQUIRED, TOO_LONG, "
        "OUT_OF_RANGE (location), INVALID."
    )


create_home = mutation(
    homes.create_home,
    CreateHomeInput,
    CreateHomePayload,
    IsAuthenticated(),
    IsStaff(),
    description="Create a community women's home (妇女之家); invite its manager with `createInvitation`.",
)
