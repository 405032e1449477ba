"""`qadam run` as a child process, for the tests where the process itself is under test:
kill -9 and restart, a database outage, what its log lines may say."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.process import ROOT, clean_env

START_TIMEOUT = 60.0


def bot_env(token: str, api_url: str, database_url: str, data_dir: Path) -> dict[str, str]:
    """The environment of a bot talking to the emulator at `api_url`."""
    return clean_env() | {
        "BOT_TOKEN": token,
        "TELEGRAM_API_URL": api_url,
        "DATABASE_URL": database_url,
        "QADAM_DATA_DIR": str(data_dir),
        "CONSOLE_BIND": "127.0.0.1:0",
        "QADAM_LOG_FORMAT": "json",
        "PYTHONUNBUFFERED": "1",
        # The driver answers as fast as the bot speaks; per-chat pacing has tests of its own.
        "QADAM_SEND_CHAT_INTERVAL": "0.01",
    }


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
                cwd=ROOT,
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
            await asyncio.sleep(0.05)
        raise AssertionError(f"the bot did not start within {START_TIMEOUT} s:\n{self.logs()}")

    def logs(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def kill(self) -> None:
        """`kill -9`: no shutdown code runs."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    async def stop(self) -> None:
        """Ctrl+C, then kill after 15 s. Waits without blocking the event loop: the bot may
        be talking to something served in it (the outage test's database proxy)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                await asyncio.to_thread(self.proc.wait, 15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
