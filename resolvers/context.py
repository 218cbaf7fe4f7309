"""What every resolver receives as `info.context`, and `Info`, typed with it: resolvers and the
schema annotate `info: Info`, so `info.context` is a `Context` to the type checker."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncEngine

from auth.identity import Identity
from auth.throttle import RateLimit
from auth.viewer import Viewer
from datasources.loaders import Loaders
from datasources.pubsub import Broker
from services.notifier import Notifier


@dataclass
class Context:
    engine: AsyncEngine  # for reads: autocommit, no transaction
    viewer: Viewer
    loaders: Loaders
    locale: str = "zh-CN"
    write_engine: AsyncEngine | None = None  # for commands: one transaction each
    identity: Identity | None = None  # tokens, sign-in and its throttle (auth/identity.py)
    broker: Broker | None = None  # announces changes to subscriptions (datasources/pubsub.py)
    # A WebSocket's `connection_init` payload (strawberry sets it); carries the token there.
    connection_params: dict[str, Any] = field(default_factory=dict)
    client: str | None = None  # the client's address, for the sign-in throttle and rate limits
    anonymous_submissions: RateLimit | None = None  # anonymous appeals, complaints per client address
    request_id: str | None = None  # the X-Request-Id of the HTTP request (middleware.RequestId), for the log
    from_router: bool = False  # the request carries the federation router's secret (limits.py)
    notifier: Notifier | None = None  # sends codes and invitations (services/notifier.py)

    @property
    def writer(self) -> AsyncEngine:
        """The engine a command writes with: the write engine, or the only one."""
        return self.write_engine or self.engine

    def sign_in_service(self) -> Identity:
        if self.identity is None:  # the app always gives one; a context made without it cannot sign in
            raise RuntimeError("signing in needs the Identity in the context")
        return self.identity


# strawberry recognises the parameter by this annotation (its origin is strawberry.Info).
Info = strawberry.Info[Context, None]
