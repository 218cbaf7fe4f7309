"""Signing in (`login`) and who is asking (`viewer`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Row

from auth.login import SignedIn, sign_in
from auth.viewer import Viewer
from auth.visibility import visible_for
from datasources.loaders import Loaders
from domain.problems import Rejected
from resolvers.context import Info


async def login(info: Info, username: str, password: str) -> SignedIn | Rejected:
    """Sign in; the rest of this request runs as the account signed in."""
    context = info.context
    try:
        engine = context.write_engine or context.engine  # a sign-in may upgrade the password hash
        signed_in = await sign_in(context.identity, engine, username, password, context.client)
    except Rejected as rejected:
        return rejected
    switch_viewer(context, signed_in.viewer)
    return signed_in


def switch_viewer(context: Any, viewer: Viewer) -> None:
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
