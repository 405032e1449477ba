"""The console app: health, and the sandbox page and emulator sharing one port."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import aiohttp
import pytest
from aiogram import Bot

from admin.app import build_console_app
from bot.sandbox import BotApiEmulator, serve
from tests.support.loopback import LoopbackSession


def health_of(report: dict[str, object]) -> Callable[[], Awaitable[dict[str, object]]]:
    async def health() -> dict[str, object]:
        return report

    return health


@pytest.mark.parametrize(("ok", "status"), [(True, 200), (False, 503)])
async def test_health_reports_and_sets_the_status(ok: bool, status: int) -> None:
    report: dict[str, object] = {"ok": ok, "database": "up" if ok else "down"}
    app = build_console_app(health=health_of(report))
    async with serve(app) as url, aiohttp.ClientSession() as http:
        async with http.get(f"{url}/health") as resp:
            assert resp.status == status
            assert await resp.json() == report
        async with http.get(f"{url}/") as resp:
            assert resp.status == 404, "no chat page without an emulator"


@pytest.fixture
async def sandbox_url(emulator: BotApiEmulator) -> AsyncIterator[str]:
    app = build_console_app(health=health_of({"ok": True}), emulator=emulator)
    async with serve(app) as url:
        yield url


async def test_page_assets_and_bot_api_share_one_port(
    emulator: BotApiEmulator, sandbox_url: str
) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{sandbox_url}/") as resp:
            assert resp.status == 200
            assert "script-src 'self'" in resp.headers["Content-Security-Policy"]
            page = await resp.text()
        assert "Offline sandbox" in page
        assert 'data-api="/sandbox/api"' in page
        for asset in ("/static/sandbox.js", "/static/sandbox.css"):
            assert asset in page
            async with http.get(f"{sandbox_url}{asset}") as resp:
                assert resp.status == 200

    bot = Bot(emulator.token, session=LoopbackSession(sandbox_url))
    try:
        assert (await bot.get_me()).id == 123456
    finally:
        await bot.session.close()
