"""Admission mutations (准入和退出): apply, review, suspend, reinstate, exit, as commands."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from auth.viewer import Viewer
from datasources.columns import utcnow
from domain.enums import ParticipantKind, Role
from domain.global_ids import encode
from domain.problems import Problem, Rejected, UserErrorCode
from domain.workflows.admission import (
    REJECT,
    Commitment,
    OrganizationApplication,
    already_acting,
    check_application,
    check_reason,
    exit_refusal,
    normalized_credit_code,
)
from domain.workflows.checks import Checks, optional_text
from resolvers.auth import switch_viewer
from resolvers.command_inputs import primary_key
from resolvers.commands import Outcome, input_pk, run_command
from resolvers.context import Info
from services import organizations
from services.organization_exit import lock_offers, open_commitments, tidy_offers

COMMITMENT_TYPES = {"engagement": "Engagement", "application": "VolunteerApplication", "event": "Event"}


async def apply_organization(info: Info, input: Any) -> Outcome:
    async def command(connection: AsyncConnection, viewer: Viewer) -> tuple[str, int]:
        if viewer.is_staff:
            raise Rejected(Problem(UserErrorCode.FORBIDDEN, "staff_cannot_apply"))
        if viewer.participant is not None and viewer.participant_kind != ParticipantKind.ORGANIZATION:
            raise already_acting()
        if viewer.participant_id is not None:
            await organizations.check_reapplicable(connection, viewer.participant_id)
        checks = Checks()
        district_id = primary_key(checks, "districtId", input.district_id, "District")
        application = OrganizationApplication(
            name=input.name,
            credit_code=input.credit_code,
            address=input.address,
            lat=input.location.lat,
            lon=input.location.lon,
            description=input.description,
            contact_name=input.contact_name,
            contact_phone=input.contact_phone,
            contact_email=input.contact_email,
            website=input.website,
        )
        check_application(checks, application)
        checks.done()
        values = {
            **{
                key: optional_text(value) if isinstance(value, str) else value
                for key, value in vars(application).items()
            },
            "credit_code": normalized_credit_code(application.credit_code),
            "description": (application.description or "").strip(),
            "kind": input.kind.value,
            "district_id": district_id,
        }
        if viewer.participant_id is not None:  # her organization, if REJECTED, applies again
            return await organizations.reapply(connection, viewer, viewer.participant_id, values)
        return await organizations.apply(connection, viewer, values)

    outcome = await run_command(info, "applyOrganization", command, idempotency_key=input.idempotency_key)
    if outcome.row is not None:
        # The applicant is the organization's member from now on, in the rest of this request too.
        member = replace(
            info.context.viewer,
            roles=info.context.viewer.roles | {Role.ORG_MEMBER},
            participant_kind=ParticipantKind.ORGANIZATION,
            participant_id=outcome.row.id,
        )
        switch_viewer(info.context, member)
    return outcome


async def exit_organization(info: Info, global_id: str, reason: str | None) -> Outcome:
    async def command(connection: AsyncConnection, viewer: Viewer) -> tuple[str, int]:
        organization_id = input_pk(global_id, "Organization", "id")
        member = viewer.acts_for(ParticipantKind.ORGANIZATION, organization_id)
        if not (member or viewer.has_role(Role.ADMIN)):
            raise Rejected(Problem(UserErrorCode.FORBIDDEN, "forbidden", ("input", "id")))
        await lock_offers(connection, organization_id)
        changed = await organizations.transition_organization(
            connection,
            organization_id=organization_id,
            action="exit",
            # An organization may leave without saying why; the federation removing one must.
            reason=check_reason(reason, required=not member),
            actor_account_id=viewer.account_id,
            mutation="exitOrganization",
        )
        now = utcnow()
        listed, total = await open_commitments(connection, organization_id, now)
        if total:
            commitments = [
                Commitment(kind, encode(COMMITMENT_TYPES[kind], pk), status) for kind, pk, status in listed
            ]
            raise exit_refusal(commitments, total)
        await tidy_offers(connection, organization_id, viewer.account_id, now)
        return changed

    return await run_command(info, "exitOrganization", command)


async def _transition(
    info: Info, mutation: str, global_id: str, action: str, reason: str | None, *, reason_required: bool
) -> Outcome:
    async def command(connection: AsyncConnection, viewer: Viewer) -> tuple[str, int]:
        return await organizations.transition_organization(
            connection,
            organization_id=input_pk(global_id, "Organization", "id"),
            action=action,
            reason=check_reason(reason, required=reason_required),
            actor_account_id=viewer.account_id,
            mutation=mutation,
        )

    return await run_command(info, mutation, command)


async def review_organization(info: Info, global_id: str, decision: str, reason: str | None) -> Outcome:
    return await _transition(
        info, "reviewOrganization", global_id, decision, reason, reason_required=decision == REJECT
    )


async def suspend_organization(info: Info, global_id: str, reason: str) -> Outcome:
    return await _transition(info, "suspendOrganization", global_id, "suspend", reason, reason_required=True)


async def reinstate_organization(info: Info, global_id: str, reason: str | None) -> Outcome:
    return await _transition(
        info, "reinstateOrganization", global_id, "reinstate", reason, reason_required=False
    )
