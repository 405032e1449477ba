"""Running `qadam sandbox` as a child process and driving its chat page, for browser tests."""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import socket
import sys
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Locator, Page, ViewportSize, expect

from tests.support.process import clean_env

ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 60.0
SHUTDOWN_TIMEOUT = 30.0
# Each answer goes page -> emulator -> bot process -> database -> outbox -> emulator -> page.
STEP_TIMEOUT_MS = 15_000
PHONE = ViewportSize(width=390, height=844)
DESKTOP = ViewportSize(width=1280, height=800)
# Where `shoot` leaves its screenshots, for a person to look at after a run.
SCREENS = Path(tempfile.gettempdir()) / "qadam-screens"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Sandbox:
    """`python -m bot sandbox` in a child process, with everything it prints collected."""

    process: asyncio.subprocess.Process
    stdout: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)
    readers: list[asyncio.Task[None]] = field(default_factory=list)
    started: asyncio.Future[str] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )

    def logs(self) -> list[dict[str, Any]]:
        """The JSON log records (QADAM_LOG_FORMAT=json); anything else is left out."""
        records = []
        for line in self.stderr:
            with contextlib.suppress(ValueError):
                record = json.loads(line)
                if isinstance(record, dict):
                    records.append(record)
        return records

    def output(self) -> str:
        return "".join(self.stdout) + "".join(self.stderr)

    async def _read(self, stream: asyncio.StreamReader, into: list[str]) -> None:
        async for raw in stream:
            line = raw.decode("utf-8", errors="replace")
            into.append(line)
            if into is self.stderr and not self.started.done():
                with contextlib.suppress(ValueError):
                    record = json.loads(line)
                    if isinstance(record, dict) and record.get("event") == "bot.started":
                        self.started.set_result(str(record["console"]))

    async def wait_started(self) -> str:
        """The console URL from the `bot.started` log line; fails if the process dies first."""
        exited = asyncio.ensure_future(self.process.wait())
        either: list[asyncio.Future[Any]] = [self.started, exited]
        try:
            await asyncio.wait(
                either,
                timeout=STARTUP_TIMEOUT,
                return_when=asyncio.FIRST_COMPLETED,
            )
        finally:
            exited.cancel()
        if not self.started.done():
            pytest.fail(f"the sandbox did not start:\n{self.output()}")
        return self.started.result()

    async def interrupt(self) -> int:
        """Ctrl+C, as a person stops it; the exit code once it and its output are done."""
        self.process.send_signal(signal.SIGINT)
        code = await asyncio.wait_for(self.process.wait(), SHUTDOWN_TIMEOUT)
        await asyncio.wait_for(asyncio.gather(*self.readers), SHUTDOWN_TIMEOUT)
        return code


@pytest.fixture
def sandbox_env() -> dict[str, str]:
    """Extra settings for the sandbox process; a test module may override this fixture."""
    return {}


@pytest.fixture
async def sandbox(tmp_path: Path, sandbox_env: dict[str, str]) -> AsyncIterator[Sandbox]:
    env = (
        clean_env()
        | {
            "QADAM_DATA_DIR": str(tmp_path / "data"),
            "CONSOLE_BIND": f"127.0.0.1:{free_port()}",
            "QADAM_SEND_CHAT_INTERVAL": "0.01",
            "QADAM_LOG_FORMAT": "json",
        }
        | sandbox_env
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "sandbox",
        env=env,
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    running = Sandbox(process)
    running.readers = [
        asyncio.create_task(running._read(process.stdout, running.stdout)),
        asyncio.create_task(running._read(process.stderr, running.stderr)),
    ]
    try:
        yield running
    finally:
        if process.returncode is None:  # the test failed before stopping it
            process.kill()
            await process.wait()
        for reader in running.readers:
            reader.cancel()


async def start_chat(page: Page, sandbox: Sandbox, name: str, language: str) -> Locator:
    url = await sandbox.wait_started()
    assert f"{url}/" in "".join(sandbox.stdout), "the sandbox must print its chat page address"
    await page.goto(url)
    await expect(page.get_by_text("Offline sandbox.")).to_be_visible()
    await add_person(page, name, language)
    await expect(page.get_by_role("button", name=f"{name} {language}")).to_have_attribute(
        "aria-current", "true"
    )
    message = page.get_by_role("textbox", name="Message")
    await message.fill("/start")
    await message.press("Enter")
    log = page.get_by_role("log")
    await expect(log.locator(".bubble-user .bubble-text")).to_have_text("/start")
    return log


async def answer(log: Locator, question: str, choice: str) -> None:
    """Tap `choice` under the bot's latest message asking `question`."""
    bubble = log.locator(".bubble-bot").filter(has_text=question).last
    await bubble.get_by_role("button", name=choice, exact=True).click(timeout=STEP_TIMEOUT_MS)
    # The bot closes a question it got an answer to: the buttons give way to the choice.
    await expect(bubble.get_by_role("button")).to_have_count(0, timeout=STEP_TIMEOUT_MS)
    await expect(bubble.locator(".bubble-text")).to_contain_text(
        f"✓ {choice}", timeout=STEP_TIMEOUT_MS
    )


async def expect_menu(log: Locator, question: str, options: list[str]) -> Locator:
    menu = log.locator(".bubble-bot").last
    await expect(menu.locator(".bubble-text")).to_have_text(question, timeout=STEP_TIMEOUT_MS)
    await expect(menu.get_by_role("button")).to_have_text(options)
    return menu


async def assert_stops_cleanly(sandbox: Sandbox) -> None:
    code = await sandbox.interrupt()
    assert code == 0, sandbox.output()
    assert "Traceback" not in sandbox.output(), sandbox.output()
    troubles = [r for r in sandbox.logs() if r.get("level") in {"error", "critical", "exception"}]
    assert troubles == [], troubles


async def add_person(page: Page, name: str, language: str) -> None:
    await page.get_by_label("Name").fill(name)
    await page.get_by_label("Telegram language").select_option(language)
    await page.get_by_role("button", name="Add person").click()


async def shoot(page: Page, name: str) -> None:
    """Screenshots of the page as a phone and as a desktop show it (`SCREENS/name-phone.png`
    and `-desktop.png`). A story runs once, at one width; what it shows is looked at at
    both, and the page goes back to the width it had."""
    SCREENS.mkdir(exist_ok=True)
    kept = page.viewport_size
    for width, size in (("phone", PHONE), ("desktop", DESKTOP)):
        await page.set_viewport_size(size)
        await page.screenshot(path=SCREENS / f"{name}-{width}.png", full_page=True)
    if kept is not None:
        await page.set_viewport_size(kept)
