"""Fixtures of the outbox tests: a database of each kind, the Bot API emulator on
loopback, a fake wall clock, and senders wired to them.

Time in the database is a fake clock the tests advance; only the 429 pause, the pacing
and the per-chat bucket use real time, and only for about a second.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiogram import Bot
from aiogram.client.session.middlewares.base import NextRequestMiddlewareType
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.outbox import messages
from bot.outbox.queue import enqueue
from bot.outbox.sender import Limits, OutboxSender
from bot.sandbox import BotApiEmulator, serve
from bot.storage.crypto import Cipher
from bot.storage.models import OutboxMessage, Participant
from tests.support.loopback import LoopbackSession

TOKEN = "123456:TEST-token"
ALI, BEK = 1001, 1002  # Telegram chat ids in the emulator
# Fast enough for tests, strict enough to matter: no global pacing to speak of, and a
# per-chat burst larger than any test sends unless the test is about the per-chat limit.
FAST = Limits(per_second=1000.0, per_chat_burst=10, backoff_base=1.0)


class FakeClock:
    """The sender's wall clock: stands still until a test moves it."""

    def __init__(self) -> None:
        self.now = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@dataclass
class Call:
    method: str
    chat_id: Any
    text: Any


@pytest.fixture
def cipher() -> Cipher:
    return Cipher(os.urandom(32))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def emulator() -> BotApiEmulator:
    emulator = BotApiEmulator(TOKEN)
    emulator.add_user(ALI, "Ali")
    emulator.add_user(BEK, "Bek")
    return emulator


@pytest.fixture
def calls() -> list[Call]:
    """Every Bot API call the bot made, in the order it made them (failed ones too)."""
    return []


@pytest.fixture
async def bot(emulator: BotApiEmulator, calls: list[Call]) -> AsyncIterator[Bot]:
    async def record(
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        calls.append(
            Call(
                method.__api_method__,
                getattr(method, "chat_id", None),
                getattr(method, "text", None),
            )
        )
        return await make_request(bot, method)

    async with serve(emulator.make_app()) as url:
        session = LoopbackSession(url)
        session.middleware(record)
        bot = Bot(emulator.token, session=session)
        yield bot
        await bot.session.close()


SenderFactory = Callable[..., OutboxSender]


@pytest.fixture
def make_sender(
    sessions: async_sessionmaker[AsyncSession], cipher: Cipher, bot: Bot, clock: FakeClock
) -> SenderFactory:
    def make(limits: Limits = FAST, *, with_bot: Bot | None = None) -> OutboxSender:
        return OutboxSender(sessions, cipher, with_bot or bot, clock, limits=limits)

    return make


Add = Callable[..., Awaitable[int]]


@pytest.fixture
def add(sessions: async_sessionmaker[AsyncSession], cipher: Cipher, clock: FakeClock) -> Add:
    """Enqueue one row in its own transaction, as an update handler would; returns its id."""

    async def add(
        chat_id: int,
        text: str,
        *,
        priority: int = messages.PRIORITY_CONVERSATION,
        delay: float = 0,
        method: str = "sendMessage",
        payload: dict[str, Any] | None = None,
        participant_id: int | None = None,
    ) -> int:
        async with sessions() as db, db.begin():
            await enqueue(
                db,
                cipher,
                recipient=f"p:{chat_id}",
                method=method,
                payload=payload or messages.send_message(chat_id, text),
                priority=priority,
                now=clock(),
                delay=delay,
                participant_id=participant_id,
            )
            return int(await db.scalar(select(func.max(OutboxMessage.id))) or 0)

    return add


@pytest.fixture
async def participant(sessions: async_sessionmaker[AsyncSession]) -> int:
    """A participant row for rows that name one (its chat is not needed here)."""
    async with sessions() as db, db.begin():
        person = Participant(key="k" * 64, code="ALI0001", log_salt=b"s", chat_enc=b"unused")
        db.add(person)
        await db.flush()
        return person.id


async def load(sessions: async_sessionmaker[AsyncSession], row_id: int) -> OutboxMessage:
    async with sessions() as db:
        row = await db.get(OutboxMessage, row_id)
        assert row is not None
        return row


def texts(emulator: BotApiEmulator, chat_id: int) -> list[str | None]:
    return [message.text for message in emulator.messages(chat_id)]


def sent_texts(calls: list[Call]) -> list[Any]:
    return [call.text for call in calls if call.method == "sendMessage"]
