"""Headless Chromium (Debian's `chromium`, driven through Playwright) against a live server on
a loopback port, with every request that would leave the machine refused and counted.

Run with `./dev test -m browser tests/browser` (the default run leaves them out: they need
the browser, which `.ci/run` installs). Screenshots go to tests/browser/screenshots/.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import uvicorn
from playwright.async_api import Browser, ConsoleMessage, Page, Response, Route, async_playwright
from sqlalchemy.ext.asyncio import AsyncEngine

from app import create_app
from settings import Settings

CHROMIUM = os.environ.get("YWX_CHROMIUM", "/usr/bin/chromium")
# No background traffic of the browser's own (updates, sync, safe browsing...): the machine's
# network is closed, and a page must not need it either.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
SCREENSHOTS = Path(__file__).parent / "screenshots"


@contextlib.asynccontextmanager
async def serving(settings: Settings, engine: AsyncEngine) -> AsyncIterator[str]:
    """The app with these settings, served by uvicorn on a free loopback port: its base URL."""
    app = create_app(settings, engine=engine)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


@pytest.fixture(scope="session")
async def live_server(demo_db) -> AsyncIterator[str]:
    """The app on the demo database (test settings), served on a loopback port: its base URL."""
    async with serving(Settings(env="test"), demo_db) as base_url:
        yield base_url


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk")
    async with async_playwright() as playwright:
        # launch() gives the browser a new, empty --user-data-dir of its own, removed at close.
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        await browser.close()


@dataclass
class Watched:
    """A page, and what it tried that it must not: requests off the machine, errors."""

    page: Page
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    async def screenshot(self, name: str, *, full_page: bool = False) -> Path:
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        await self.page.screenshot(path=path, full_page=full_page)
        print(f"screenshot: {path}")
        return path


@pytest.fixture
async def watched(browser: Browser) -> AsyncIterator[Watched]:
    """A fresh page (its own context: no storage shared between tests) whose requests to any
    host but loopback are aborted and recorded; the test fails if there was any, or any
    script error, console error (a Content-Security-Policy violation is one) or failed response."""
    context = await browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800})
    watched = Watched(await context.new_page())

    async def only_loopback(route: Route) -> None:
        if urlsplit(route.request.url).hostname in LOOPBACK:
            await route.continue_()
        else:
            watched.outside.append(route.request.url)
            await route.abort()

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            watched.errors.append(message.text)

    async def on_response(response: Response) -> None:
        if response.status >= 400:
            watched.errors.append(f"{response.status} {response.url}: {await response.text()}")

    await context.route("**/*", only_loopback)
    watched.page.on("response", on_response)
    watched.page.on("console", on_console)
    watched.page.on("pageerror", lambda error: watched.errors.append(str(error)))
    try:
        yield watched
    finally:
        await context.close()
    assert watched.outside == [], f"requests off the machine: {watched.outside}"
    assert watched.errors == [], f"errors in the page: {watched.errors}"
