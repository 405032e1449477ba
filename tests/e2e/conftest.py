"""End-to-end: the real bot process, over HTTP, against the Bot API emulator."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.server import serve
from tests.support.bot_process import BotProcess, bot_env

TOKEN = "424242:e2e-token"


@pytest.fixture
def database_url(migrated_url: str) -> str:
    """Here, the bot's own database: migrated, of each kind."""
    return migrated_url


@pytest.fixture
async def emulator() -> AsyncIterator[tuple[BotApiEmulator, str]]:
    emu = BotApiEmulator(TOKEN)
    async with serve(emu.make_app()) as url:
        yield emu, url


@pytest.fixture
async def bot_process(
    emulator: tuple[BotApiEmulator, str], database_url: str, tmp_path: Path
) -> AsyncIterator[BotProcess]:
    _, url = emulator
    process = BotProcess(bot_env(TOKEN, url, database_url, tmp_path / "data"), tmp_path / "bot.log")
    await process.start()
    yield process
    process.stop()
