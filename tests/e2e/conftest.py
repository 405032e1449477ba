"""End-to-end: the real bot process, over HTTP, against the Bot API emulator."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.server import serve

REPO = Path(__file__).resolve().parents[2]
TOKEN = "424242:e2e-token"
START_TIMEOUT = 60.0


@dataclass
class BotProcess:
    """`qadam run` as a child process; its logs go to one file for the whole test."""

    env: dict[str, str]
    log_path: Path
    proc: subprocess.Popen[bytes] | None = None
    starts: int = field(default=0)

    async def start(self) -> None:
        self.starts += 1
        marker = f"bot.started#{self.starts}"
        with self.log_path.open("ab") as log:
            log.write(f"--- {marker}\n".encode())
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "bot", "run"],
                cwd=REPO,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        await self._wait_started(marker)

    async def _wait_started(self, marker: str) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + START_TIMEOUT
        while loop.time() < deadline:
            text = self.logs()
            after = text.split(f"--- {marker}", 1)[-1]
            if '"bot.started"' in after:
                return
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise AssertionError(f"the bot exited with {self.proc.returncode}:\n{after}")
            await asyncio.sleep(0.1)
        raise AssertionError(f"the bot did not start within {START_TIMEOUT} s:\n{self.logs()}")

    def logs(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def kill(self) -> None:
        """`kill -9`: no shutdown code runs."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


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
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("QADAM_", "BOT_", "DATABASE_", "TELEGRAM_"))
    }
    env |= {
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": url,
        "DATABASE_URL": database_url,
        "QADAM_DATA_DIR": str(tmp_path / "data"),
        "CONSOLE_BIND": "127.0.0.1:0",
        "QADAM_LOG_FORMAT": "json",
        "PYTHONUNBUFFERED": "1",
        # The driver answers as fast as the bot speaks; per-chat pacing has tests of its own.
        "QADAM_SEND_CHAT_INTERVAL": "0.01",
    }
    if not database_url.startswith("sqlite"):
        await asyncio.to_thread(_migrate, env)
    process = BotProcess(env, tmp_path / "bot.log")
    await process.start()
    yield process
    process.stop()


def _migrate(env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "-m", "bot", "migrate"], cwd=REPO, env=env, check=True, capture_output=True
    )
