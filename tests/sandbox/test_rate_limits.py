"""The emulator's flood limits, seen by a real aiogram Bot over HTTP, on a hand-driven clock."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramRetryAfter
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.sandbox import BotApiEmulator, RateLimits, serve
from tests.support.loopback import LoopbackSession

START = 1000.0


class Clock:
    """A monotonic clock that moves only when the test says so."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def emulator(clock: Clock) -> BotApiEmulator:
    # Overrides conftest's: Telegram's default limits, timed by the test's clock.
    return BotApiEmulator("123456:TEST-token", limits=RateLimits(), monotonic=clock)


@asynccontextmanager
async def bot_for(emulator: BotApiEmulator) -> AsyncIterator[Bot]:
    async with serve(emulator.make_app()) as url:
        bot = Bot(emulator.token, session=LoopbackSession(url))
        try:
            yield bot
        finally:
            await bot.session.close()


async def refused_for(bot: Bot, chat_id: int) -> int:
    """Send to `chat_id`, expecting a 429; the retry_after aiogram saw."""
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(chat_id, "too soon")
    return caught.value.retry_after


async def test_30_messages_in_one_instant_pass_and_the_31st_is_told_to_wait(
    emulator: BotApiEmulator, bot: Bot, clock: Clock
) -> None:
    users = [emulator.add_user(i, f"U{i}") for i in range(1, 32)]
    for user in users[:30]:
        await bot.send_message(user.id, "hi")
    clock.now = START + 0.4
    assert await refused_for(bot, users[30].id) == 1
    assert emulator.messages(users[30].id) == []
    assert emulator.stats.delivered == 30
    assert emulator.stats.throttled_at == [START + 0.4]


async def test_the_overall_window_slides(emulator: BotApiEmulator, bot: Bot, clock: Clock) -> None:
    users = [emulator.add_user(i, f"U{i}") for i in range(1, 33)]
    for n, user in enumerate(users[:30]):
        clock.now = START + n * 0.01  # 30 sends spread over 0.29 s
        await bot.send_message(user.id, "hi")
    clock.now = START + 0.999
    assert await refused_for(bot, users[30].id) == 1
    clock.now = START + 1.0  # the first send has left the window, only that one
    await bot.send_message(users[30].id, "now")
    assert await refused_for(bot, users[31].id) == 1
    clock.now = START + 1.01
    await bot.send_message(users[31].id, "now")
    assert [m.text for m in emulator.messages(users[31].id)] == ["now"]
    assert emulator.stats.delivered == 32


async def test_a_chat_gets_a_burst_then_one_message_a_second(
    emulator: BotApiEmulator, bot: Bot, clock: Clock
) -> None:
    ali = emulator.add_user(1, "Ali")
    bek = emulator.add_user(2, "Bek")
    for n in range(3):
        await bot.send_message(ali.id, f"burst {n}")
    assert await refused_for(bot, ali.id) == 1
    await bot.send_message(bek.id, "another chat is not held back")
    clock.now = START + 1.0
    await bot.send_message(ali.id, "after a second")
    assert await refused_for(bot, ali.id) == 1
    assert [m.text for m in emulator.messages(ali.id)] == [
        "burst 0",
        "burst 1",
        "burst 2",
        "after a second",
    ]
    assert len(emulator.stats.throttled_at) == 2


async def test_retry_after_is_rounded_up_to_whole_seconds(clock: Clock) -> None:
    limits = RateLimits(per_chat_per_second=0.4, chat_burst=1)
    emulator = BotApiEmulator("123456:TEST-token", limits=limits, monotonic=clock)
    user = emulator.add_user(1, "A")
    async with bot_for(emulator) as bot:
        await bot.send_message(user.id, "one")
        assert await refused_for(bot, user.id) == 3  # 2.5 s until the bucket holds one again
        clock.now = START + 2.2
        assert await refused_for(bot, user.id) == 1  # 0.3 s left
        clock.now = START + 2.5
        await bot.send_message(user.id, "two")


async def test_the_429_is_worded_like_telegrams(
    emulator: BotApiEmulator, api_url: str, clock: Clock
) -> None:
    user = emulator.add_user(1, "A")
    url = f"{api_url}/bot{emulator.token}/sendMessage"
    async with aiohttp.ClientSession() as http:
        for _ in range(3):
            async with http.post(url, json={"chat_id": user.id, "text": "hi"}) as response:
                assert response.status == 200
        async with http.post(url, json={"chat_id": str(user.id), "text": "hi"}) as response:
            assert response.status == 429
            assert await response.json() == {
                "ok": False,
                "error_code": 429,
                "description": "Too Many Requests: retry after 1",
                "parameters": {"retry_after": 1},
            }


async def test_edits_deletions_and_callback_answers_are_not_limited(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    user = emulator.add_user(1, "A")
    go = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Go", callback_data="go")]]
    )
    sent = [await bot.send_message(user.id, f"m{n}", reply_markup=go) for n in range(3)]
    assert await refused_for(bot, user.id) == 1
    for n in range(5):
        await bot.edit_message_text(
            chat_id=user.id, message_id=sent[0].message_id, text=f"e{n}", reply_markup=go
        )
    await bot.edit_message_reply_markup(chat_id=user.id, message_id=sent[0].message_id)
    await bot.delete_message(user.id, sent[1].message_id)
    tapping = asyncio.create_task(user.tap("Go", timeout=2))
    [update] = await bot.get_updates(timeout=5)
    assert update.callback_query is not None
    assert await bot.answer_callback_query(update.callback_query.id, text="ok")
    assert await tapping == []
    assert emulator.stats.delivered == 3
    assert len(emulator.stats.throttled_at) == 1


async def test_without_limits_nothing_is_refused_but_deliveries_are_counted(
    clock: Clock,
) -> None:
    emulator = BotApiEmulator("123456:TEST-token", monotonic=clock)
    assert emulator.limits is None
    user = emulator.add_user(1, "A")
    async with bot_for(emulator) as bot:
        for n in range(40):
            await bot.send_message(user.id, f"m{n}")
    assert len(emulator.messages(user.id)) == 40
    assert emulator.stats.delivered == 40
    assert emulator.stats.throttled_at == []


async def test_stats_tell_a_benchmark_the_rate_and_the_late_429s(
    emulator: BotApiEmulator, bot: Bot, clock: Clock
) -> None:
    users = [emulator.add_user(i, f"U{i}") for i in range(1, 3)]
    clock.now = START + 5.0
    await bot.send_message(users[0].id, "first")
    for _ in range(2):
        await bot.send_message(users[0].id, "burst")
    await refused_for(bot, users[0].id)  # inside the first second
    clock.now = START + 6.5
    await bot.send_message(users[1].id, "last")
    await bot.send_message(users[0].id, "refilled")  # 1.5 tokens back: one goes
    await refused_for(bot, users[0].id)  # 1.5 s after the first delivery
    stats = emulator.stats
    assert stats.first_delivered_at == START + 5.0
    assert stats.last_delivered_at == START + 6.5
    assert stats.delivered == 5
    assert stats.throttled_at == [START + 5.0, START + 6.5]
    assert stats.throttled_after(1.0) == 1
    assert stats.throttled_after(0.0) == 1
    assert stats.throttled_after(-1.0) == 2


def test_limits_must_let_something_through() -> None:
    with pytest.raises(ValueError, match="at least one message"):
        RateLimits(per_chat_per_second=0)
    with pytest.raises(ValueError, match="at least one message"):
        RateLimits(chat_burst=0)
