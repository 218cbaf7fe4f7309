"""Signing in (`login`) and who is asking (`viewer`)."""

from __future__ import annotations

from typing import Any

from strawberry.types import Info

from auth.login import sign_in
from auth.viewer import Viewer
from auth.visibility import visible_for
from datasources.loaders import Loaders
from domain.problems import Rejected
from schema.accounts import LoginPayload, account_object
from schema.user_errors import user_errors


async def login(info: Info, username: str, password: str) -> LoginPayload:
    context = info.context
    try:
        engine = context.write_engine or context.engine  # a sign-in may upgrade the password hash
        signed_in = await sign_in(context.identity, engine, username, password, context.client)
    except Rejected as rejected:
        return LoginPayload(user_errors=user_errors(rejected.problems, context.locale))
    switch_viewer(context, signed_in.viewer)
    return LoginPayload(
        token=signed_in.token,
        expires_at=signed_in.expires_at,
        viewer=account_object(signed_in.account),
    )


def switch_viewer(context: Any, viewer: Viewer) -> None:
    """The rest of this request runs as `viewer` (fresh loaders: nothing cached under the
    previous viewer's visibility is reused)."""
    context.viewer = viewer
    context.loaders = Loaders(context.engine, visible_for(viewer))


async def viewer(info: Info) -> Any:
    """The signed-in account; null when anonymous (or when the account is gone)."""
    current = info.context.viewer
    if not current.is_authenticated:
        return None
    return account_object(await info.context.loaders.account_by_id.load(current.account_id))
