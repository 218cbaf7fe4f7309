"""The Starlette application: /graphql (HTTP and WebSocket), /healthz, /readyz. Run it as `app:app`."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from typing import Any

from graphql.validation import ASTValidationRule, NoSchemaIntrospectionCustomRule
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.extensions import (
    AddValidationRules,
    MaxTokensLimiter,
    ParserCache,
    ValidationCache,
)
from strawberry.extensions.query_depth_limiter import create_validator

from auth import visibility
from auth.identity import Identity
from auth.throttle import RateLimit, attempt_counter
from auth.tokens import TokenRejected
from datasources.db import create_engine
from datasources.loaders import Loaders
from datasources.pubsub import broker_for
from middleware import BodySizeLimit, RequestId
from resolvers.context import Context
from schema import build_schema
from schema.internal_errors import InternalErrors
from services.expiry import sweep
from settings import Settings, get_settings

log = logging.getLogger("yiwuxian")

MAX_QUERY_TOKENS = 5_000
# Parsed and validated documents kept (front ends send the same few queries over and over).
QUERY_CACHE_SIZE = 256


def tune_garbage_collector() -> None:
    """Fewer, cheaper collections: a response allocates many short-lived objects, and the
    long-lived ones made at start-up need not be scanned again (measured in bench/: the
    partner dashboard's p95 falls by about a quarter)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


async def expire_periodically(engine: AsyncEngine, every_seconds: float) -> None:
    """Expire resources past their window now and then every `every_seconds`, until cancelled.
    A failed sweep is logged and retried at the next tick; it never stops the service."""
    while True:
        try:
            expired = await sweep(engine)
            if expired:
                log.info("expired %d resources", len(expired))
        except Exception:  # the next tick retries; the service must keep serving
            log.exception("resource expiry sweep failed")
        await asyncio.sleep(every_seconds)


def locale_of(request: HTTPConnection) -> str:
    """`en` when the client prefers English, else the default `zh-CN`."""
    accepted = request.headers.get("accept-language", "")
    first = accepted.split(",")[0].strip().lower()
    return "en" if first.startswith("en") else "zh-CN"


class GraphQLApp(GraphQL[Context, None]):
    """Strawberry's ASGI app with our per-request context (one set of loaders per request)."""

    def __init__(self, engine: AsyncEngine, settings: Settings) -> None:
        # Validation rules are made once: the validation cache is keyed by them, so a rule
        # class made per request would miss the cache every time.
        rules: list[type[ASTValidationRule]] = [create_validator(settings.max_query_depth, None, None)]
        if not settings.introspection:
            rules.append(NoSchemaIntrospectionCustomRule)
        # Factories, so each request gets fresh extension instances.
        extensions: list[Any] = [
            lambda: AddValidationRules(rules),
            lambda: MaxTokensLimiter(max_token_count=MAX_QUERY_TOKENS),
            lambda: ParserCache(maxsize=QUERY_CACHE_SIZE),
            lambda: ValidationCache(maxsize=QUERY_CACHE_SIZE),
            lambda: InternalErrors(show_details=settings.env == "development"),
        ]
        schema = build_schema(extensions=extensions)
        super().__init__(schema, graphql_ide="graphiql" if settings.graphiql else None)
        self.engine = engine
        self.identity = Identity.from_settings(settings)
        self.broker = broker_for(settings.redis_url)
        self.anonymous_submissions = RateLimit(
            attempt_counter(settings.redis_url, settings.anonymous_submission_window_seconds),
            settings.anonymous_submission_limit,
            "submission",
        )
        # Reads need no transaction: autocommit saves a BEGIN and a ROLLBACK per statement.
        self.read_engine = engine.execution_options(isolation_level="AUTOCOMMIT")

    async def get_context(
        self, request: HTTPConnection, response: Response | WebSocket | None = None
    ) -> Context:
        # The Authorization header is the only input about identity we trust; a bad token
        # raises TokenRejected, which refuses the whole request (see __call__).
        viewer = await self.identity.authenticate(request.headers.get("authorization"), self.read_engine)
        return Context(
            engine=self.read_engine,
            viewer=viewer,
            loaders=Loaders(self.read_engine, visibility.visible_for(viewer)),
            locale=locale_of(request),
            write_engine=self.engine,
            identity=self.identity,
            client=request.client.host if request.client else None,
            broker=self.broker,
            anonymous_submissions=self.anonymous_submissions,
            request_id=request.scope.get("state", {}).get("request_id"),
        )

    async def on_ws_connect(self, context: Context) -> None:
        """A WebSocket signs in with its `connection_init` payload (browsers cannot set headers
        on a WebSocket); a bad token closes the connection (4403) before any subscription."""
        params = context.connection_params or {}
        authorization = params.get("Authorization") or params.get("authorization")
        if authorization is None:
            return
        try:
            context.viewer = await self.identity.authenticate(str(authorization), self.read_engine)
        except TokenRejected as rejected:
            raise ConnectionRejectionError({"reason": rejected.reason}) from None
        context.loaders = Loaders(self.read_engine, visibility.visible_for(context.viewer))

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        try:
            await super().__call__(scope, receive, send)
        except TokenRejected as rejected:
            if scope["type"] != "http":
                raise
            await unauthorized(rejected)(scope, receive, send)


def unauthorized(rejected: TokenRejected) -> JSONResponse:
    """A bad token refuses the whole request: 401 (503 if the provider's keys are unreachable),
    with a GraphQL-shaped body, so clients read it like any other error."""
    code = "UNAUTHENTICATED" if rejected.status == 401 else "SERVICE_UNAVAILABLE"
    headers = {"WWW-Authenticate": 'Bearer error="invalid_token"'} if rejected.status == 401 else None
    return JSONResponse(
        {"errors": [{"message": f"Invalid bearer token: {rejected.reason}", "extensions": {"code": code}}]},
        status_code=rejected.status,
        headers=headers,
    )


def create_app(settings: Settings | None = None, engine: AsyncEngine | None = None) -> Starlette:
    """The application; pass `engine` to serve an existing database (tests do)."""
    settings = settings or get_settings()
    owns_engine = engine is None
    engine = engine or create_engine(settings.database_url, echo=settings.echo_sql)

    async def healthz(_request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def readyz(_request: Request) -> JSONResponse:
        try:
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception:  # the database is unreachable: not ready, whatever the reason
            log.exception("readiness check failed")
            return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
        return JSONResponse({"status": "ok", "database": "reachable"})

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        tune_garbage_collector()
        sweeper = asyncio.create_task(expire_periodically(engine, settings.expiry_sweep_seconds))
        yield
        sweeper.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sweeper
        await graphql.broker.close()
        if owns_engine:
            await engine.dispose()

    graphql = GraphQLApp(engine, settings)
    return Starlette(
        middleware=[
            Middleware(RequestId),
            Middleware(BodySizeLimit, max_bytes=settings.max_body_bytes),
            Middleware(
                CORSMiddleware,
                allow_origins=settings.cors_origins,
                allow_methods=["GET", "POST"],
                allow_headers=["authorization", "content-type", "accept-language", "x-request-id"],
                max_age=600,
            ),
        ],
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
        ],
        lifespan=lifespan,
    )


def __getattr__(name: str) -> Any:
    # `app:app` is built on first access, so importing this module has no side effects.
    if name == "app":
        application = create_app()
        globals()["app"] = application
        return application
    raise AttributeError(name)
