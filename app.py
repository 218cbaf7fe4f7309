"""The Starlette application: /graphql (HTTP and WebSocket), /dashboard, /healthz, /readyz, and
the static files under /static (GraphiQL's and the dashboard's pages and their vendored assets).
Run it as `app:app`."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import ctypes
import ctypes.util
import gc
import logging
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Any

from cross_web import HTTPException
from graphql import GraphQLError, OperationDefinitionNode, OperationType
from graphql.validation import ASTValidationRule, NoSchemaIntrospectionCustomRule
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import HTTPConnection, Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket
from strawberry.asgi import ASGIWebSocketAdapter, GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.extensions import AddValidationRules, MaxTokensLimiter
from strawberry.extensions.query_depth_limiter import create_validator
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.execution import ExecutionResult, PreExecutionError

from auth import visibility
from auth.identity import Identity
from auth.throttle import RateLimit, attempt_counter
from auth.tokens import TokenRejected
from datasources.db import create_engine, is_unavailable
from datasources.loaders import Loaders
from datasources.pubsub import broker_for
from limits import (
    PREFLIGHT_HEADERS,
    HideSuggestions,
    RouterOnly,
    ShapeLimits,
    carries_router_secret,
    preflight_refusal,
)
from middleware import (
    GRAPHQL_RESPONSE_JSON,
    RETRY_AFTER_SECONDS,
    BodySizeLimit,
    RequestId,
    SecurityHeaders,
    graphql_error_response,
    json_bytes,
    negotiate,
)
from persisted import SafelistOnly, TrustedDocuments
from resolvers.context import Context
from schema import build_schema
from schema.compiled.executor import CompiledExecution
from schema.cost_limit import CostLimit, CostLimits
from schema.document_cache import CachedDocuments, DocumentCaches
from schema.error_language import localized_errors
from schema.internal_errors import SERVICE_UNAVAILABLE, UNAVAILABLE_MESSAGE, InternalErrors
from services.expiry import sweep
from services.notifier import LogNotifier, Notifier
from settings import Settings, get_settings

log = logging.getLogger("yiwuxian")

MAX_QUERY_TOKENS = 5_000
# /readyz answers within this, database or not (a load balancer's probe must not hang).
READINESS_TIMEOUT_SECONDS = 1.0


def tune_garbage_collector() -> None:
    """Fewer, cheaper collections: a response allocates many short-lived objects, and the
    long-lived ones made at start-up need not be scanned again (measured in bench/: the
    partner dashboard's p95 falls by about a quarter). Collecting the older generations sooner,
    (50_000, 2, 10), keeps RSS flat (docs/operations.md, "Memory"), but it also finalises sooner
    the pooled connections some fuzzed requests leave checked out, and their finalizer fails
    inside a test (CI, 2026-12-07): kept at (50, 100) until that leak is found."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


# How often freed memory is handed back to the system (see release_freed_memory).
MEMORY_TRIM_SECONDS = 10.0


def _libc() -> ctypes.CDLL | None:
    """glibc, for mallopt and malloc_trim; None where the C library has neither (musl, macOS)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None
    return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None


LIBC = _libc()
M_MMAP_THRESHOLD = -3  # mallopt's parameter number (malloc.h)
# Blocks this large get their own mapping, given back whole when freed (see tune_malloc).
MMAP_THRESHOLD_BYTES = 64 * 1024


def tune_malloc() -> None:
    """A fixed mmap threshold: glibc raises its own as large blocks are freed (up to 32 MB), so
    later response bodies and result lists come from the heap and leave holes there when freed
    out of order by concurrent requests (docs/operations.md, "Memory")."""
    if LIBC is not None:
        LIBC.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)


async def release_freed_memory(every_seconds: float) -> None:
    """Hands the memory that glibc's malloc holds freed back to the system now and then, until
    cancelled. Response bodies and other large blocks, freed out of order by concurrent
    requests, leave holes that malloc keeps for reuse; RSS grew by about 40 MB over the first
    4,000 requests of bench/memory_soak.py that way (docs/operations.md, "Memory"). A trim takes
    a few milliseconds."""
    if LIBC is None:
        return
    while True:
        await asyncio.sleep(every_seconds)
        LIBC.malloc_trim(0)


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


# The pages and vendored assets served under /static (static/vendor/README.md: versions, sources).
STATIC_DIR = Path(__file__).parent / "static"
GRAPHIQL_PAGE = STATIC_DIR / "graphiql" / "index.html"
DASHBOARD_PAGE = STATIC_DIR / "dashboard" / "index.html"

# GraphiQL's page loads everything from this service (it works on a closed network) and runs no
# inline script; its stylesheet embeds its fonts as data: URLs.
GRAPHIQL_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self' data:; "
    "img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
# The dashboard's page: the same rules (its charts draw on canvas; its sign-in form is sent by
# script, never submitted).
DASHBOARD_CSP = GRAPHIQL_CSP

# How this task's refused WebSocket is closed: the code and the reason (strawberry closes
# every refusal with 4403 "Forbidden").
ws_refusal: contextvars.ContextVar[tuple[int, str] | None] = contextvars.ContextVar(
    "ws_refusal", default=None
)
# "Try Again Later" (RFC 6455's registry): graphql-ws's client retries it, with its back-off.
WS_TRY_AGAIN_LATER = 1013


class WebSocketAdapter(ASGIWebSocketAdapter):
    """Strawberry's WebSocket adapter, saying in the close why the connection was refused: the
    token (4403 and why), or the database unavailable (1013, retry later)."""

    async def close(self, code: int, reason: str) -> None:
        refusal = ws_refusal.get()
        if code == 4403 and refusal:
            code, reason = refusal
        await super().close(code, reason[:123])  # a close reason is at most 123 bytes


def operations_of(documents: DocumentCaches, query: str) -> tuple[tuple[str | None, OperationType], ...]:
    """The (name, type) of each operation of a document; () if it does not parse (GraphQL
    itself then says why). The parsed document is kept for GraphQL to run."""
    try:
        document = documents.parse(query, MAX_QUERY_TOKENS)
    except GraphQLError:
        return ()
    return tuple(
        (definition.name.value if definition.name else None, definition.operation)
        for definition in document.definitions
        if isinstance(definition, OperationDefinitionNode)
    )


class GraphQLApp(GraphQL[Context, None]):
    """Strawberry's ASGI app with our per-request context (one set of loaders per request)."""

    websocket_adapter_class = WebSocketAdapter

    def __init__(self, engine: AsyncEngine, settings: Settings, notifier: Notifier | None = None) -> None:
        # Validation rules are made once: the validation cache is keyed by them, so a rule
        # class made per request would miss the cache every time.
        costs = CostLimits(anonymous=settings.max_cost_anonymous, signed_in=settings.max_cost_signed_in)
        trusted = TrustedDocuments.from_settings(settings)
        rules: list[type[ASTValidationRule]] = [create_validator(settings.max_query_depth, None, None)]
        if not settings.introspection:
            rules.append(NoSchemaIntrospectionCustomRule)
        # Parsed and validated documents kept (front ends send the same few over and over),
        # bounded in size (schema/document_cache.py).
        documents = self.documents = DocumentCaches()
        # Factories, so each request gets fresh extension instances.
        extensions: list[Any] = [
            (lambda: SafelistOnly(trusted.safe_bodies)) if trusted.safelist is not None else None,
            lambda: AddValidationRules(rules),
            lambda: MaxTokensLimiter(max_token_count=MAX_QUERY_TOKENS),
            lambda: CachedDocuments(documents),
            lambda: ShapeLimits(
                max_aliases=settings.max_aliases,
                max_repeats=settings.max_field_repeats,
                max_directives=settings.max_directives_per_field,
            ),
            RouterOnly if settings.router_secret else None,
            None if settings.is_development else HideSuggestions,
            lambda: CostLimit(costs),
            lambda: InternalErrors(show_details=settings.env == "development"),
        ]
        schema = build_schema(
            extensions=[extension for extension in extensions if extension is not None],
            max_representations=settings.max_representations,
            execution_context_class=CompiledExecution if settings.compiled_execution else None,
        )
        # Only graphql-transport-ws: the legacy graphql-ws protocol (subscriptions-transport-ws,
        # unmaintained) bypasses what the newer handler holds and is refused at the handshake.
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.graphiql else None,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
        )
        self.router_secret = settings.router_secret
        self.engine = engine
        self.request_timeout_seconds = settings.request_timeout_seconds
        self.identity = Identity.from_settings(settings)
        self.broker = broker_for(settings.redis_url)
        self.notifier = notifier or notifier_for(settings)
        self.trusted_documents = trusted
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
            from_router=carries_router_secret(request.headers, self.router_secret),
            notifier=self.notifier,
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
            ws_refusal.set((4403, f"Forbidden: {rejected.reason}"))  # read by WebSocketAdapter.close
            raise ConnectionRejectionError({"reason": rejected.reason}) from None
        except Exception as error:
            if not is_unavailable(error):
                raise
            log.warning("socket refused, database unavailable: %s", type(error).__name__)
            ws_refusal.set((WS_TRY_AGAIN_LATER, "Try again later: the service is unavailable"))
            raise ConnectionRejectionError({"reason": "unavailable"}) from None
        context.loaders = Loaders(self.read_engine, visibility.visible_for(context.viewer))

    # GraphQL over HTTP, by the spec (docs/operations.md): the media type the client accepts,
    # the status codes that go with it, and a GraphQL-shaped body for every refusal.

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        """Negotiates the media type first, so a request we cannot answer is refused (406)
        before anything runs; GraphiQL's page (a GET for text/html) is not negotiated."""
        sub_response = await super().get_sub_response(request)
        media_type = negotiate(request.headers.get("accept"))
        if media_type is None:
            wants_page = request.scope.get("method") == "GET" and "text/html" in request.headers.get(
                "accept", ""
            )
            if not wants_page:
                raise HTTPException(406, f"Acceptable media types: {GRAPHQL_RESPONSE_JSON}, application/json")
        sub_response.media_type = media_type
        return sub_response

    async def execute_single(  # strawberry's signature
        self,
        request: Request,
        request_adapter: Any,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        """Refuses what strawberry would run but the spec does not allow: a document of several
        operations without `operationName` (a request error), and a subscription over HTTP
        (a client error: subscriptions run over the WebSocket)."""
        resolved = await self.trusted_documents.resolve(request_data, context.from_router)
        if isinstance(resolved, GraphQLError):
            return PreExecutionError(data=None, errors=[resolved])
        request_data = resolved
        operations = operations_of(self.documents, request_data.query) if request_data.query else ()
        if len(operations) > 1 and request_data.operation_name is None:
            message = "The document has several operations: name the one to run in operationName"
            error = GraphQLError(message, extensions={"code": "BAD_REQUEST"})
            return PreExecutionError(data=None, errors=[error])
        chosen = [
            kind for name, kind in operations if len(operations) == 1 or name == request_data.operation_name
        ]
        if OperationType.SUBSCRIPTION in chosen:
            raise HTTPException(
                400, "Subscriptions run over the WebSocket at /graphql (graphql-transport-ws), not over HTTP"
            )
        return await super().execute_single(
            request, request_adapter, sub_response, context, root_value, request_data
        )

    async def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        """A request error (the document does not parse or validate, variables do not coerce,
        no operation to run) has no `data` entry, as the GraphQL spec says: its errors have
        no path, unlike field errors. Errors follow Accept-Language (Chinese unless English)."""
        response = await super().process_result(request, result)
        errors = response.get("errors")
        if errors:
            response["errors"] = localized_errors(errors, locale_of(request))
        if result.data is None and result.errors and all(error.path is None for error in result.errors):
            response.pop("data", None)
        return response

    def create_response(
        self, response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse], sub_response: Response
    ) -> Response:
        """With `application/graphql-response+json`, a response without `data` (a request
        error) is a 400; with `application/json`, every GraphQL response is a 200."""
        media_type = sub_response.media_type or "application/json"
        response = Response(json_bytes(response_data), media_type=media_type)
        response.headers.raw.extend(sub_response.headers.raw)
        response.background = sub_response.background
        if sub_response.status_code:
            response.status_code = sub_response.status_code
        request_error = isinstance(response_data, Mapping) and "data" not in response_data
        if media_type == GRAPHQL_RESPONSE_JSON and request_error and not sub_response.status_code:
            response.status_code = 400
        if unavailable(response_data):
            response.status_code = 503
            response.headers["retry-after"] = str(RETRY_AFTER_SECONDS)
        return response

    def encode_json(self, data: object) -> str:
        """The WebSocket's messages (text frames, so a str); HTTP bodies are bytes, above."""
        return json_bytes(data).decode()

    def should_render_graphql_ide(self, request: Any) -> bool:
        """A GET carrying only a persisted query's hash asks for a result, not for GraphiQL."""
        return "extensions" not in request.query_params and super().should_render_graphql_ide(request)

    async def render_graphql_ide(self, request: Request) -> Response:
        """Our own GraphiQL page (strawberry's loads its assets from a public CDN)."""
        return HTMLResponse(
            GRAPHIQL_PAGE.read_text(encoding="utf-8"), headers={"content-security-policy": GRAPHIQL_CSP}
        )

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if (refused := preflight_refusal(scope)) is not None:
            await refused(scope, receive, send)
            return
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope, receive)
        media_type = negotiate(request.headers.get("accept"))
        try:
            async with asyncio.timeout(self.request_timeout_seconds):
                response = await self.run(request)
        except HTTPException as refused:
            # Strawberry answers these in text/plain; the spec's clients expect JSON. A
            # content type we do not read is 415 (strawberry says 400).
            status = 415 if refused.reason == "Unsupported content type" else refused.status_code
            response = graphql_error_response(status, refused.reason, media_type=media_type)
        except TokenRejected as rejected:
            response = unauthorized(rejected, media_type)
        except Exception as error:
            # The database down, overloaded or too slow before GraphQL ran (the account look-up
            # of a signed-in request), or the request's deadline passed: 503, not a 500.
            if not is_unavailable(error):
                raise
            log.warning("request refused, database unavailable: %s", type(error).__name__)
            response = service_unavailable(media_type)
        await response(scope, receive, send)


def unavailable(response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse]) -> bool:
    """Whether a field of the response failed because the database was unavailable."""
    responses = response_data if isinstance(response_data, list) else [response_data]
    return any(
        isinstance(error, Mapping) and (error.get("extensions") or {}).get("code") == SERVICE_UNAVAILABLE
        for response in responses
        for error in response.get("errors") or ()
    )


def service_unavailable(media_type: str | None) -> Response:
    return graphql_error_response(
        503,
        UNAVAILABLE_MESSAGE,
        media_type=media_type,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


def unauthorized(rejected: TokenRejected, media_type: str | None) -> Response:
    """A bad token refuses the whole request: 401 (503 if the provider's keys are unreachable),
    with a GraphQL-shaped body, so clients read it like any other error."""
    headers = {"WWW-Authenticate": 'Bearer error="invalid_token"'} if rejected.status == 401 else None
    return graphql_error_response(
        rejected.status, f"Invalid bearer token: {rejected.reason}", media_type=media_type, headers=headers
    )


def notifier_for(settings: Settings) -> Notifier:
    """The notifier `YWX_NOTIFIER` names (services/notifier.py)."""
    return LogNotifier(reveal_codes=settings.is_development)


def create_app(
    settings: Settings | None = None, engine: AsyncEngine | None = None, notifier: Notifier | None = None
) -> Starlette:
    """The application; pass `engine` to serve an existing database, `notifier` to catch what it
    sends (tests do)."""
    settings = settings or get_settings()
    owns_engine = engine is None
    engine = engine or create_engine(
        settings.database_url,
        echo=settings.echo_sql,
        pool_timeout=settings.db_pool_timeout_seconds,
        statement_timeout_seconds=settings.db_statement_timeout_seconds,
        sqlite_busy_timeout_seconds=settings.sqlite_busy_timeout_seconds,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        sqlite_cache_kib=settings.sqlite_cache_kib,
    )

    async def dashboard(_request: Request) -> HTMLResponse:
        """The federation's dashboard (static/dashboard/): a partner's page over the public graph,
        served in every environment."""
        return HTMLResponse(
            DASHBOARD_PAGE.read_text(encoding="utf-8"), headers={"content-security-policy": DASHBOARD_CSP}
        )

    async def healthz(_request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    async def readyz(_request: Request) -> JSONResponse:
        try:
            async with asyncio.timeout(READINESS_TIMEOUT_SECONDS), engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception as error:  # the database is unreachable or too slow: not ready
            log.warning("readiness check failed: %s", type(error).__name__)
            return JSONResponse(
                {"status": "unavailable", "database": "unreachable"},
                status_code=503,
                headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
            )
        return JSONResponse({"status": "ok", "database": "reachable"})

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        tune_garbage_collector()
        tune_malloc()
        tasks = [
            asyncio.create_task(expire_periodically(engine, settings.expiry_sweep_seconds)),
            asyncio.create_task(release_freed_memory(MEMORY_TRIM_SECONDS)),
        ]
        yield
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await graphql.broker.close()
        if owns_engine:
            await engine.dispose()

    graphql = GraphQLApp(engine, settings, notifier)
    return Starlette(
        middleware=[
            Middleware(RequestId),
            Middleware(SecurityHeaders),
            Middleware(BodySizeLimit, max_bytes=settings.max_body_bytes),
            Middleware(
                CORSMiddleware,
                allow_origins=settings.cors_origins,
                allow_methods=["GET", "POST"],
                allow_headers=[
                    "authorization",
                    "content-type",
                    "accept-language",
                    "x-request-id",
                    *PREFLIGHT_HEADERS,
                ],
                max_age=600,
            ),
        ],
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            Route("/dashboard", dashboard),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
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
