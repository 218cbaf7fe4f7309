"""What every resolver receives as `info.context`."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from auth.viewer import Viewer
from datasources.loaders import Loaders


@dataclass
class Context:
    engine: AsyncEngine  # for reads: autocommit, no transaction
    viewer: Viewer
    loaders: Loaders
    locale: str = "zh-CN"
    write_engine: AsyncEngine | None = None  # for commands: one transaction each
