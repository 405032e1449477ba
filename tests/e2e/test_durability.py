"""A reply does not wait for the disk; telling Telegram its update was handled does
(`bot.storage.durability`): on SQLite the bot's commits reach the disk together, before
the update they belong to is confirmed."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from bot.sandbox.emulator import BotApiEmulator
from bot.storage import durability
from bot.storage.database import group_commit
from bot.telegram.polling import LanedDispatcher
from tests.support.harness import InProcessBot

PERSON = 5557611
TIMEOUT = 10.0


async def test_a_reply_does_not_wait_for_the_disk_but_confirming_its_update_does(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    emu, _ = emulator
    group = group_commit(bot.assembly.sessionmaker.kw["bind"])
    if group is None:
        # PostgreSQL: each commit is durable as it returns; nothing more to wait for.
        assert isinstance(bot.assembly.dispatcher, LanedDispatcher)
        assert bot.assembly.dispatcher.durable is None
        return
    disk = threading.Event()
    real = durability._fsync

    def slow_disk(path: Path) -> None:
        disk.wait(TIMEOUT)
        real(path)

    monkeypatch.setattr(durability, "_fsync", slow_disk)
    user = emu.add_user(PERSON, "Test")
    try:
        emu.world.person_says(user.person, "/start")
        async with asyncio.timeout(TIMEOUT):
            while user.last_message() is None:
                await asyncio.sleep(0.01)
        await asyncio.sleep(0.2)
        assert len(emu.world.updates.pending) == 1, "answered, but not confirmed yet"
    finally:
        disk.set()
    # Once the disk has it, the update is confirmed.
    async with asyncio.timeout(TIMEOUT):
        while emu.world.updates.pending:
            await asyncio.sleep(0.01)
