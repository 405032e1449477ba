"""The console app with an emulator on a random port, and headless Chromium for it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiogram import Bot
from playwright.async_api import Browser, Page, async_playwright

from admin.app import build_console_app
from bot.sandbox import BotApiEmulator, serve
from tests.browser.sandbox import sandbox, sandbox_env  # noqa: F401  (fixtures)
from tests.support.loopback import LoopbackSession
from tests.support.services import need_service

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


async def _healthy() -> dict[str, object]:
    return {"ok": True}


@pytest.fixture
async def emulator() -> BotApiEmulator:
    return BotApiEmulator("123456:BROWSER-token")


@pytest.fixture
async def console_url(emulator: BotApiEmulator) -> AsyncIterator[str]:
    async with serve(build_console_app(health=_healthy, emulator=emulator)) as url:
        yield url


@pytest.fixture
async def bot(emulator: BotApiEmulator, console_url: str) -> AsyncIterator[Bot]:
    session = LoopbackSession(console_url)
    bot = Bot(emulator.token, session=session)
    yield bot
    await bot.session.close()


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    if not CHROMIUM.exists():
        need_service(f"{CHROMIUM} is missing: install the chromium package to run browser tests")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        await browser.close()


@pytest.fixture
async def page(browser: Browser) -> AsyncIterator[Page]:
    context = await browser.new_context(viewport={"width": 1100, "height": 760})
    page = await context.new_page()
    yield page
    await context.close()
