"""An emulator on a random loopback port, and a real aiogram Bot pointed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot

from bot.sandbox import BotApiEmulator, serve
from tests.support.loopback import LoopbackSession


@pytest.fixture
async def emulator() -> BotApiEmulator:
    return BotApiEmulator("123456:TEST-token")


@pytest.fixture
async def api_url(emulator: BotApiEmulator) -> AsyncIterator[str]:
    async with serve(emulator.make_app()) as url:
        yield url


@pytest.fixture
async def bot(emulator: BotApiEmulator, api_url: str) -> AsyncIterator[Bot]:
    session = LoopbackSession(api_url)
    bot = Bot(emulator.token, session=session)
    yield bot
    await bot.session.close()
