"""Service settings, read from environment variables prefixed `YWX_`."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# The signing key of development tokens; production refuses to start with it.
DEV_JWT_SECRET = "dev-secret-change-me"
MIN_JWT_SECRET_LENGTH = 32


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="YWX_", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    # The embedded default: a SQLite file in the working directory.
    database_url: str = "sqlite+aiosqlite:///./yiwuxian.db"
    # Fast failures (docs/operations.md): how long a request waits for a pooled database
    # connection, how long one PostgreSQL statement may run (statement_timeout), how long a
    # SQLite statement waits for a lock (busy timeout), and how long a whole HTTP request may
    # take. Past any of them the client gets 503 with Retry-After, not a long wait.
    db_pool_timeout_seconds: float = Field(default=2, gt=0)
    db_statement_timeout_seconds: float = Field(default=10, gt=0)
    sqlite_busy_timeout_seconds: float = Field(default=5, ge=0)
    request_timeout_seconds: float = Field(default=20, gt=0)
    # Pooled database connections (docs/operations.md, "Memory"): each SQLite connection is a
    # thread of aiosqlite with its own page cache, so the pool bounds memory as well as load.
    db_pool_size: int = Field(default=10, ge=1)
    db_max_overflow: int = Field(default=10, ge=0)
    # SQLite's page cache per connection, KiB (SQLite's default: 2,000 KiB).
    sqlite_cache_kib: int = Field(default=2000, ge=0)
    # Largest accepted request body, in bytes.
    max_body_bytes: int = Field(default=1_000_000, ge=1_000)
    # How often the app marks resources past their window EXPIRED.
    expiry_sweep_seconds: float = Field(default=300, gt=0)
    # Queries deeper than this are refused before execution.
    max_query_depth: int = Field(default=12, ge=2)
    # Shape limits (limits.py): aliases in a document, one field selected in one selection
    # set, directives on one field; over them a document is refused before it runs.
    max_aliases: int = Field(default=15, ge=0)
    max_field_repeats: int = Field(default=5, ge=1)
    max_directives_per_field: int = Field(default=4, ge=1)
    # Most representations one `_entities` call resolves (like `first` on a list).
    max_representations: int = Field(default=100, ge=1)
    # The federation router's shared secret: when set, `_service` and `_entities` answer only
    # requests carrying it in the X-Router-Secret header.
    router_secret: str | None = None
    # The largest static cost (schema/cost.py: roughly the objects a document can load) of a
    # query, mutation or subscription, anonymous and signed in; costlier ones are refused
    # before execution.
    max_cost_anonymous: int = Field(default=5_000, ge=1)
    max_cost_signed_in: int = Field(default=25_000, ge=1)
    # Automatic Persisted Queries (persisted.py): how many documents the store keeps (in
    # process, or in Redis), how long a document stays after its last use, and the largest
    # document stored (bytes).
    apq_max_entries: int = Field(default=1_000, ge=1)
    apq_ttl_seconds: int = Field(default=86_400, ge=1)
    apq_max_document_bytes: int = Field(default=20_000, ge=1)
    # The path of an Apollo persisted-query manifest or of GraphQL Codegen's
    # persisted-documents.json: when set, only its documents run
    # (requests carrying the router's secret excepted). Unset: any document runs.
    safelist: str | None = None
    # Redis for counters shared by several instances (sign-in throttling); unset: in-process.
    redis_url: str | None = None
    # Addresses of the proxies (the federation router, a load balancer) whose X-Forwarded-For
    # uvicorn believes; the client address behind them keys the rate limits. "*" trusts all.
    forwarded_allow_ips: str = "127.0.0.1"
    # Browser origins allowed to call the API (tokens travel in headers, not cookies).
    cors_origins: list[str] = ["*"]
    # Echo each SQL statement to the log (debugging only).
    echo_sql: bool = False
    # Read queries the compiler knows are answered straight from SQL rows (schema/compiled/);
    # False (YWX_COMPILED_EXECUTION=0): every operation runs through the resolvers.
    compiled_execution: bool = True
    # Signing key (HS256) of the tokens `login` issues; production refuses the default.
    jwt_secret: str = DEV_JWT_SECRET
    # How long a token from `login` stays valid, in seconds (there is no revocation list).
    jwt_ttl_seconds: int = Field(default=3600, ge=60, le=7 * 86_400)
    # An external identity provider: its JWKS URL, and the `iss` and `aud` its tokens carry.
    jwks_url: str | None = None
    jwt_issuer: str | None = None
    jwt_audience: str | None = None
    # Sign-in throttling: a failed `login` takes at least this long; each attempt is reserved
    # before the password is checked, and refused (RATE_LIMITED) once a username has this many
    # from one address within the window (4x from all addresses, 10x for an address over all
    # usernames: auth/throttle.py, docs/operations.md).
    login_failure_delay_ms: int = Field(default=500, ge=0, le=10_000)
    login_max_failures: int = Field(default=5, ge=1)
    login_failure_window_seconds: int = Field(default=900, ge=1)
    # Anonymous submissions (appeals to the 24-hour channel): at most this many per client
    # address within the window; more are refused (RATE_LIMITED) until the window passes.
    anonymous_submission_limit: int = Field(default=10, ge=1)
    anonymous_submission_window_seconds: int = Field(default=3600, ge=1)
    # How codes and invitations reach people (services/notifier.py): "log" writes them to the
    # log (the code in clear only outside production); an SMS or mail provider plugs in here.
    notifier: Literal["log"] = "log"

    @model_validator(mode="after")
    def _check_auth(self) -> Settings:
        if self.jwks_url and not (self.jwt_issuer and self.jwt_audience):
            raise ValueError("YWX_JWKS_URL needs YWX_JWT_ISSUER and YWX_JWT_AUDIENCE as well")
        if self.env == "production" and (
            self.jwt_secret == DEV_JWT_SECRET or len(self.jwt_secret) < MIN_JWT_SECRET_LENGTH
        ):
            raise ValueError(
                "YWX_JWT_SECRET must be set in production to a random secret of at least "
                f"{MIN_JWT_SECRET_LENGTH} characters (the development default is refused)"
            )
        return self

    @property
    def is_development(self) -> bool:
        return self.env != "production"

    @property
    def graphiql(self) -> bool:
        return self.is_development

    @property
    def introspection(self) -> bool:
        return self.is_development


@lru_cache
def get_settings() -> Settings:
    return Settings()
