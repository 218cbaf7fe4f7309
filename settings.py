"""Service settings, read from environment variables prefixed `YWX_`."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="YWX_", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    # The embedded default: a SQLite file in the working directory.
    database_url: str = "sqlite+aiosqlite:///./yiwuxian.db"
    # Largest accepted request body, in bytes.
    max_body_bytes: int = Field(default=1_000_000, ge=1_000)
    # Queries deeper than this are refused before execution.
    max_query_depth: int = Field(default=12, ge=2)
    # Browser origins allowed to call the API (tokens travel in headers, not cookies).
    cors_origins: list[str] = ["*"]
    # Echo each SQL statement to the log (debugging only).
    echo_sql: bool = False

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
