"""deleteMessage and deleteMessages as Telegram does them: a bot deletes its own messages
and a person's in a private chat, for 48 hours, up to 100 at once."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest

from bot.sandbox import BotApiEmulator, serve
from tests.support.loopback import LoopbackSession

HOUR = 3600.0


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def timed(clock: Clock) -> AsyncIterator[tuple[BotApiEmulator, Bot]]:
    emulator = BotApiEmulator("123456:TEST-token", clock=clock)
    async with serve(emulator.make_app()) as url:
        bot = Bot(emulator.token, session=LoopbackSession(url))
        try:
            yield emulator, bot
        finally:
            await bot.session.close()


async def test_both_sides_go_within_48_hours_and_older_ones_stay(
    timed: tuple[BotApiEmulator, Bot], clock: Clock
) -> None:
    emulator, bot = timed
    user = emulator.add_user(7, "A")
    old = emulator.world.person_says(user.person, "two days ago")
    clock.now += 48 * HOUR
    said = emulator.world.person_says(user.person, "just now")
    sent = await bot.send_message(user.id, "an answer")

    assert await bot.delete_messages(user.id, [old.message_id, said.message_id, sent.message_id])
    assert [m.text for m in user.messages()] == ["two days ago"]
    with pytest.raises(TelegramBadRequest, match="can't be deleted"):
        await bot.delete_message(user.id, old.message_id)
    with pytest.raises(TelegramBadRequest, match="too many"):
        await bot.delete_messages(user.id, list(range(1, 102)))
    with pytest.raises(TelegramBadRequest, match="not specified"):
        await bot.delete_messages(user.id, [])


async def test_a_person_in_a_group_keeps_their_words(
    timed: tuple[BotApiEmulator, Bot],
) -> None:
    emulator, bot = timed
    user = emulator.add_user(8, "B")
    group = emulator.world.add_group(-100, "Family", user.person)
    said = emulator.world.person_says(user.person, "hello all", group.id)
    with pytest.raises(TelegramBadRequest, match="can't be deleted"):
        await bot.delete_message(group.id, said.message_id)
    assert await bot.delete_messages(group.id, [said.message_id])
    assert not said.deleted
