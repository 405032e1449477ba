"""Calls in flight at once: Telegram's round trip must not cap the rate at 1/rtt."""

from __future__ import annotations

import asyncio
from collections import Counter

from aiogram import Bot
from aiogram.client.session.middlewares.base import NextRequestMiddlewareType
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType

from bot.outbox import messages
from bot.outbox.sender import Limits
from bot.sandbox import BotApiEmulator
from tests.outbox.conftest import FAST, Add, Call, SenderFactory, sent_texts, texts

CHATS = [2001 + i for i in range(6)]
ROUND_TRIP = 0.05  # seconds, as to a distant server


class Flights:
    """Makes every call take a round trip, and counts the calls out at once."""

    def __init__(self) -> None:
        self.out: Counter[object] = Counter()
        self.most = 0
        self.most_per_chat = 0

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        chat = getattr(method, "chat_id", None)
        self.out[chat] += 1
        self.most = max(self.most, self.out.total())
        self.most_per_chat = max(self.most_per_chat, self.out[chat])
        try:
            await asyncio.sleep(ROUND_TRIP)
            return await make_request(bot, method)
        finally:
            self.out[chat] -= 1


def slow(bot: Bot, emulator: BotApiEmulator) -> Flights:
    for chat in CHATS:
        emulator.add_user(chat, f"user {chat}")
    flights = Flights()
    bot.session.middleware(flights)
    return flights


async def test_calls_overlap_but_one_chat_waits_for_its_previous_call(
    make_sender: SenderFactory,
    add: Add,
    bot: Bot,
    emulator: BotApiEmulator,
    calls: list[Call],
) -> None:
    flights = slow(bot, emulator)
    for n in (1, 2, 3):
        for chat in CHATS:
            await add(chat, f"{chat}: {n}", priority=messages.PRIORITY_SCHEDULED)
    await add(CHATS[-1], "crisis", priority=messages.PRIORITY_CRISIS)

    assert await make_sender().drain_once() == 19

    assert flights.most > 1
    assert flights.most_per_chat == 1
    # Calls start in priority order, and each chat's messages arrive in their order.
    assert sent_texts(calls)[:2] == ["crisis", f"{CHATS[0]}: 1"]
    assert texts(emulator, CHATS[-1]) == ["crisis"] + [f"{CHATS[-1]}: {n}" for n in (1, 2, 3)]
    for chat in CHATS[:-1]:
        assert texts(emulator, chat) == [f"{chat}: {n}" for n in (1, 2, 3)]


async def test_no_more_calls_in_flight_than_allowed(
    make_sender: SenderFactory, add: Add, bot: Bot, emulator: BotApiEmulator
) -> None:
    flights = slow(bot, emulator)
    for chat in CHATS:
        await add(chat, "hello")
    limits = Limits(per_second=FAST.per_second, max_in_flight=2)

    assert await make_sender(limits).drain_once() == len(CHATS)

    assert flights.most == 2
    assert all(texts(emulator, chat) == ["hello"] for chat in CHATS)


async def test_as_many_calls_go_out_at_once_as_the_rate_allows(
    make_sender: SenderFactory, add: Add, bot: Bot, emulator: BotApiEmulator
) -> None:
    # At Telegram's 30 messages a second, eight; with its limits lifted (the throughput
    # bench), eight would hold most replies back for the queue.
    assert Limits().in_flight == 8
    chats = [3001 + i for i in range(20)]
    for chat in chats:
        emulator.add_user(chat, f"user {chat}")
    flights = Flights()
    bot.session.middleware(flights)
    for chat in chats:
        await add(chat, "hello")

    assert await make_sender(Limits(per_second=1000.0)).drain_once() == len(chats)

    assert flights.most == len(chats)
    assert all(texts(emulator, chat) == ["hello"] for chat in chats)
