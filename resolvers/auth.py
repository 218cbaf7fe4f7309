"""Signing in (`login`), who is asking (`viewer`), and switching the request's viewer after a
command that changes who the caller acts for (`applicant_becomes_member`, `member_signed_in`)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy.engine import Row

from auth.identity import account_viewer
from auth.login import SignedIn, SignIn, sign_in
from auth.viewer import Viewer
from auth.visibility import visible_for
from datasources.accounts import account_acting_for
from datasources.loaders import Loaders
from domain.enums import ParticipantKind, Role
from domain.global_ids import PARTICIPANT_TYPES
from domain.problems import Rejected
from resolvers.commands import Outcome
from resolvers.context import Context, Info


async def login(info: Info, command: SignIn) -> SignedIn | Rejected:
    """Sign in; the rest of this request runs as the account signed in."""
    context = info.context
    if context.identity is None:  # the app always gives one (auth/identity.py)
        raise RuntimeError("signing in needs the context's identity provider")
    try:
        engine = context.write_engine or context.engine  # a sign-in may upgrade the password hash
        signed_in = await sign_in(context.identity, engine, command, context.client)
    except Rejected as rejected:
        return rejected
    switch_viewer(context, signed_in.viewer)
    return signed_in


async def applicant_becomes_member(info: Info, outcome: Outcome) -> None:
    """After `applyOrganization` committed: the applicant is the organization's member
    (ORG_MEMBER) from now on, in the rest of this request too."""
    organization = outcome.row
    if organization is None:
        return
    applicant = info.context.viewer
    member = replace(
        applicant,
        roles=applicant.roles | {Role.ORG_MEMBER},
        participant_kind=ParticipantKind.ORGANIZATION,
        participant_id=organization.id,
    )
    switch_viewer(info.context, member)


async def member_signed_in(info: Info, outcome: Outcome) -> dict[str, Any]:
    """After a sign-up committed (or replayed): the rest of this request runs as the account acting
    for the new participant, and an anonymous caller gets a token of it (`token`, `expiresAt`);
    one signed in through the external identity provider keeps using that provider's tokens."""
    context = info.context
    row = outcome.row
    kind = PARTICIPANT_TYPES[outcome.type_name or ""]
    account = await account_acting_for(context.writer, kind, row.id) if row is not None else None
    if account is None:  # the sign-up created it in the same transaction: it is there
        raise RuntimeError(f"no account acts for the new {outcome.type_name}")
    was_anonymous = not context.viewer.is_authenticated
    member = account_viewer(account)
    switch_viewer(context, member)
    if not was_anonymous:
        return {}
    token, expires_at = context.sign_in_service().issuer.mint(account.id, member.roles, member.participant)
    return {"token": token, "expires_at": expires_at}


def switch_viewer(context: Context, viewer: Viewer) -> None:
    """The rest of this request runs as `viewer` (fresh loaders: nothing cached under the
    previous viewer's visibility is reused)."""
    context.viewer = viewer
    context.loaders = Loaders(context.engine, visible_for(viewer))


async def viewer(info: Info) -> Row | None:
    """The signed-in account's row; None when anonymous (or when the account is gone)."""
    current = info.context.viewer
    if current.account_id is None:
        return None
    return await info.context.loaders.account_by_id.load(current.account_id)
