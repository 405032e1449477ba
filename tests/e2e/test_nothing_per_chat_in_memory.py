"""The bot keeps a person's place in its database only: aiogram's state machine, which
would keep an entry in memory for every chat it ever saw, is left out."""

from __future__ import annotations

from aiogram.fsm.storage.memory import MemoryStorage

from bot.sandbox.emulator import BotApiEmulator
from tests.support.harness import InProcessBot


async def test_aiogram_keeps_no_entry_for_the_chats_it_handled(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot
) -> None:
    emu, _ = emulator
    for n in range(3):
        user = emu.add_user(5553100 + n, "Test")
        await user.send("/start")
        [reply] = await user.send("hello")
        assert reply.text
    storage = bot.assembly.dispatcher.fsm.storage
    assert isinstance(storage, MemoryStorage)
    assert dict(storage.storage) == {}
