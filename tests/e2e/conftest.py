"""End-to-end over HTTP against the Bot API emulator: the real bot in the test's own event
loop (`bot`), or as a child process (`bot_process`) where the process is under test."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.runtime import Content, load_content
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.server import serve
from bot.spec.clock import Clock
from tests.support.bot_process import BotProcess, bot_env
from tests.support.harness import (
    TOKEN,
    InProcessBot,
    bot_settings,
    running_bot,
    scrub_environment,
)


@pytest.fixture
def clock() -> Clock:
    """The bot's clock, which the driver moves through `wait:` pauses; the emulator dates
    messages by it too, as Telegram and the bot share one time."""
    return Clock()


@pytest.fixture
async def emulator(clock: Clock) -> AsyncIterator[tuple[BotApiEmulator, str]]:
    emu = BotApiEmulator(TOKEN, clock=lambda: clock.now().timestamp())
    async with serve(emu.make_app()) as url:
        yield emu, url


@pytest.fixture
def database_url(migrated_url: str) -> str:
    """Here, the bot's own database: migrated, of each kind."""
    return migrated_url


@pytest.fixture(scope="session")
def content(tmp_path_factory: pytest.TempPathFactory) -> Content:
    """Flows, contacts, risk rules and catalogs, loaded once: they take seconds to load
    and never change while a bot runs."""
    return load_content(bot_settings("", "", tmp_path_factory.mktemp("content")))


@pytest.fixture
def bot_settings_changed() -> dict[str, object]:
    """Settings the in-process bot takes beside `bot_settings`; a test module may override
    this fixture."""
    return {}


@pytest.fixture
async def bot(
    emulator: tuple[BotApiEmulator, str],
    database_url: str,
    tmp_path: Path,
    clock: Clock,
    content: Content,
    monkeypatch: pytest.MonkeyPatch,
    bot_settings_changed: dict[str, object],
) -> AsyncIterator[InProcessBot]:
    emu, url = emulator
    scrub_environment(monkeypatch)
    settings = bot_settings(url, database_url, tmp_path / "data")
    settings = settings.model_copy(update=bot_settings_changed)
    async with running_bot(emu, settings, clock, content) as running:
        yield running


@pytest.fixture
def bot_database_url(database_url: str) -> str:
    """Where the bot process finds its database; a test module may put a proxy between."""
    return database_url


@pytest.fixture
async def bot_process(
    emulator: tuple[BotApiEmulator, str], bot_database_url: str, tmp_path: Path
) -> AsyncIterator[BotProcess]:
    _, url = emulator
    env = bot_env(TOKEN, url, bot_database_url, tmp_path / "data")
    process = BotProcess(env, tmp_path / "bot.log")
    await process.start()
    yield process
    await process.stop()
