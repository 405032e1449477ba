"""SimUser against a real aiogram Dispatcher polling the emulator: the e2e test path."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.filters import CommandStart
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.sandbox import BotApiEmulator
from bot.sandbox.driver import NoAnswerError


def _router() -> Router:
    router = Router()

    @router.message(CommandStart())
    async def start(message: Message) -> None:
        await message.answer("Salam! I am Qadam.")
        await asyncio.sleep(0.1)  # a pause shorter than QUIET must not end the wait
        buttons = [[InlineKeyboardButton(text="English", callback_data="lang:en")]]
        await message.answer(
            "Choose a language", reply_markup=InlineKeyboardMarkup(inline_keyboard=buttons)
        )

    @router.callback_query(F.data == "lang:en")
    async def chose(query: CallbackQuery) -> None:
        assert isinstance(query.message, Message)
        await query.message.edit_text("Language: English")
        await query.answer("Saved")

    @router.message(F.text == "chatter")
    async def chatter(message: Message) -> None:
        for n in range(40):
            await message.answer(f"line {n}")
            await asyncio.sleep(0.1)

    return router


@pytest.fixture
async def polling(bot: Bot) -> AsyncIterator[None]:
    dispatcher = Dispatcher()
    dispatcher.include_router(_router())
    task = asyncio.create_task(
        dispatcher.start_polling(bot, handle_signals=False, close_bot_session=False)
    )
    yield
    await dispatcher.stop_polling()
    await task


@pytest.mark.usefixtures("polling")
async def test_send_and_tap_wait_for_the_whole_answer(emulator: BotApiEmulator) -> None:
    user = emulator.add_user(501, "Aigerim")
    replies = await user.send("/start")
    assert [m.text for m in replies] == ["Salam! I am Qadam.", "Choose a language"]
    assert user.buttons() == ["English"]

    assert await user.tap("English") == []  # an edit and an answer, no new message
    last = user.last_message()
    assert last is not None
    assert (last.text, last.edited, last.buttons()) == ("Language: English", True, [])
    assert [q.answer_text for q in emulator.callback_answers()] == ["Saved"]
    assert [m.sender for m in user.messages()] == ["user", "bot", "bot"]


async def test_times_out_when_nobody_polls(emulator: BotApiEmulator) -> None:
    user = emulator.add_user(1, "A")
    started = time.monotonic()
    with pytest.raises(TimeoutError, match="never fetched by getUpdates"):
        await user.send("hello", timeout=0.5)
    assert 0.45 <= time.monotonic() - started < 1.5


async def test_times_out_when_the_bot_ignores_the_message(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    user = emulator.add_user(1, "A")
    sending = asyncio.create_task(user.send("hello", timeout=1))
    assert len(await bot.get_updates(timeout=2)) == 1
    with pytest.raises(TimeoutError, match="fetched the update but did nothing"):
        await sending


@pytest.mark.usefixtures("polling")
async def test_times_out_when_the_bot_never_goes_quiet(emulator: BotApiEmulator) -> None:
    user = emulator.add_user(1, "A")
    with pytest.raises(TimeoutError, match=r"still busy.*'line 0'"):
        await user.send("chatter", timeout=1.5)


class UpdatesHandled:
    """An idle probe for a bot that answers while it handles an update (no queue), polling
    with `handle_as_tasks=False`: it asks for more only once it has handled the last one."""

    def __init__(self, emulator: BotApiEmulator) -> None:
        self._world = emulator.world

    async def settle(self, timeout: float) -> None:
        if not await self._world.feed.wait_for(lambda: not self._world.updates.pending, timeout):
            raise TimeoutError("updates still pending")


@pytest.fixture
async def probed(bot: Bot, emulator: BotApiEmulator) -> AsyncIterator[None]:
    dispatcher = Dispatcher()
    dispatcher.include_router(_router())
    task = asyncio.create_task(
        dispatcher.start_polling(
            bot, handle_as_tasks=False, handle_signals=False, close_bot_session=False
        )
    )
    emulator.world.idle_probe = UpdatesHandled(emulator)
    yield
    await dispatcher.stop_polling()
    await task


@pytest.mark.usefixtures("probed")
async def test_with_a_probe_the_answer_is_complete_once_the_bot_is_idle(
    emulator: BotApiEmulator,
) -> None:
    user = emulator.add_user(501, "Aigerim")
    replies = await user.send("/start")
    assert [m.text for m in replies] == ["Salam! I am Qadam.", "Choose a language"]
    assert await user.tap("English") == []  # an edit and an answer, no new message
    assert [q.answer_text for q in emulator.callback_answers()] == ["Saved"]


@pytest.mark.usefixtures("probed")
async def test_with_a_probe_silence_is_known_at_once_not_timed_out(
    emulator: BotApiEmulator,
) -> None:
    user = emulator.add_user(1, "A")
    started = time.monotonic()
    with pytest.raises(NoAnswerError, match="handled sending 'hello' but did nothing"):
        await user.send("hello", timeout=10)
    assert time.monotonic() - started < 5


async def test_with_a_probe_an_update_nobody_fetches_times_out(
    emulator: BotApiEmulator,
) -> None:
    emulator.world.idle_probe = UpdatesHandled(emulator)
    user = emulator.add_user(1, "A")
    with pytest.raises(TimeoutError, match="never fetched by getUpdates"):
        await user.send("hello", timeout=0.5)
