"""The bot in the test's own event loop, composed by `bot.runtime.assemble` and run by
`bot.runtime.run` exactly as `qadam run` does: aiogram polling over HTTP to the emulator on
loopback, the real outbox sender, the periodic jobs. Only the clock is the test's."""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from unittest.mock import patch

import pytest
from aiogram.client.session.aiohttp import AiohttpSession

from bot.config import Settings
from bot.runtime import Assembly, Content, assemble, run
from bot.sandbox.emulator import BotApiEmulator
from bot.spec.clock import Clock
from tests.support.idle import OutboxIdleness
from tests.support.logs import captured_logs
from tests.support.loopback import close_without_grace
from tests.support.process import ROOT
from tests.support.routers import release_routers

TOKEN = "424242:e2e-token"
# Settings a developer's shell may carry: the bot under test gets only what is stated here.
_FOREIGN = ("QADAM_", "BOT_", "DATABASE_", "TELEGRAM_", "REDIS_", "CONSOLE_")


def bot_settings(api_url: str, database_url: str, data_dir: Path) -> Settings:
    """What the spawned bot gets from its environment (see `bot_process.bot_env`)."""
    return Settings(
        _env_file=None,
        bot_token=TOKEN,
        telegram_api_url=api_url,
        database_url=database_url,
        data_dir=data_dir,
        flows_dir=ROOT / "flows",
        console_bind="127.0.0.1:0",
        log_format="json",
        # The driver answers as fast as the bot speaks; per-chat pacing has tests of its own.
        send_chat_interval=0.01,
        # The driver types faster than anyone: the flood limit has tests of its own.
        flood_burst=10_000,
    )


def scrub_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in list(os.environ):
        if key.startswith(_FOREIGN):
            monkeypatch.delenv(key)


@dataclass(frozen=True)
class InProcessBot:
    assembly: Assembly
    _logs: io.StringIO

    @property
    def settings(self) -> Settings:
        return self.assembly.settings

    def logs(self) -> str:
        """Every log line so far, JSON as with QADAM_LOG_FORMAT=json."""
        return self._logs.getvalue()


@contextlib.asynccontextmanager
async def running_bot(
    emulator: BotApiEmulator | None,
    settings: Settings,
    clock: Clock,
    content: Content,
    *,
    sandbox: bool = False,
) -> AsyncIterator[InProcessBot]:
    """Run the bot until the block ends; the emulator's driver learns when it is idle.
    With `sandbox`, the bot is `qadam sandbox`'s, with the emulator it makes itself
    (`assembly.emulator`; pass None)."""
    with captured_logs() as logs, contextlib.ExitStack() as stack:
        async with assemble(settings, sandbox=sandbox, clock=clock, content=content) as assembly:
            emulator = emulator or assembly.emulator
            assert emulator is not None, "a bot with a token needs an emulator to talk to"
            # The emulator is plain HTTP on loopback: no TLS connection to wait for on close.
            session = assembly.bot.session
            assert isinstance(session, AiohttpSession)
            stack.enter_context(
                patch.object(session, "close", partial(close_without_grace, session))
            )
            started = asyncio.Event()

            async def on_startup() -> None:
                started.set()

            assembly.dispatcher.startup.register(on_startup)
            polling = asyncio.create_task(run(assembly, handle_signals=False), name="bot")
            await _until_polling(started, polling)
            emulator.world.idle_probe = OutboxIdleness(emulator.world, assembly, polling)
            try:
                yield InProcessBot(assembly, logs)
            finally:
                emulator.world.idle_probe = None
                try:
                    if not polling.done():
                        await assembly.dispatcher.stop_polling()
                    await polling
                finally:
                    release_routers()


async def _until_polling(started: asyncio.Event, polling: asyncio.Task[None]) -> None:
    """Wait for polling to start; if the bot fails first, raise its error."""
    waiting = asyncio.create_task(started.wait())
    try:
        await asyncio.wait({waiting, polling}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        waiting.cancel()
    if not started.is_set():
        polling.result()
        raise RuntimeError("the bot stopped before it started polling")
