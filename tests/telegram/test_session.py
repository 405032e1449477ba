"""The bot's session posts a queued call as the JSON it was queued as (issue #17: building
aiogram's model of the call and writing it out as a form cost a tenth of the bot's time
under load), while what Telegram sees, and what the bot reads back, stay the same."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from aiogram import Bot
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import SendMessage
from aiohttp import web

from bot.outbox import messages
from bot.outbox.calls import call_of
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.server import serve
from bot.telegram.session import ModelKeepingSession

TOKEN = "1000006:test-token"
ALI = 5557101


@pytest.fixture
async def telegram() -> AsyncIterator[tuple[BotApiEmulator, Bot, list[str]]]:
    """The emulator, the bot's session talking to it, and the content type of each
    request it got."""
    emulator = BotApiEmulator(TOKEN)
    emulator.add_user(ALI, "Ali")
    content_types: list[str] = []

    @web.middleware
    async def seen(
        request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        content_types.append(request.content_type)
        return await handler(request)

    app = emulator.make_app()
    app.middlewares.append(seen)
    async with serve(app) as url:
        bot = Bot(TOKEN, session=ModelKeepingSession(api=TelegramAPIServer.from_base(url)))
        try:
            yield emulator, bot, content_types
        finally:
            await bot.session.close()


async def test_a_queued_message_goes_as_json_and_arrives_whole(
    telegram: tuple[BotApiEmulator, Bot, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    emulator, bot, content_types = telegram
    validated: list[Any] = []
    real = SendMessage.model_validate.__func__  # type: ignore[attr-defined]

    def watched(cls: type[SendMessage], *args: Any, **kwargs: Any) -> SendMessage:
        validated.append(args)
        return real(cls, *args, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(SendMessage, "model_validate", classmethod(watched))
    payload = messages.send_message(
        ALI, "Как вы сегодня? 🌿", buttons=[("Хорошо", "a:1:0"), ("Трудно", "a:1:1")], silent=True
    )

    answer = await bot(call_of("sendMessage", payload))

    assert content_types == ["application/json"]
    assert validated == [], "the call was sent as queued, not rebuilt as aiogram's model"
    [message] = emulator.messages(ALI)
    assert message.text == "Как вы сегодня? 🌿"
    assert message.reply_markup == payload["reply_markup"]
    assert message.disable_notification
    assert isinstance(answer, dict) and answer["message_id"] == message.message_id


async def test_a_field_left_empty_is_not_sent(
    telegram: tuple[BotApiEmulator, Bot, list[str]],
) -> None:
    emulator, bot, _ = telegram
    await bot(call_of("sendMessage", {"chat_id": ALI, "text": "plain", "reply_markup": None}))
    [message] = emulator.messages(ALI)
    assert message.text == "plain" and message.reply_markup is None


async def test_a_file_still_goes_as_an_upload(
    telegram: tuple[BotApiEmulator, Bot, list[str]],
) -> None:
    emulator, bot, content_types = telegram
    payload = messages.send_file("sendDocument", ALI, "plan.txt", b"my plan", "Your plan")
    await bot(call_of("sendDocument", payload))
    assert content_types == ["multipart/form-data"]
    [message] = emulator.messages(ALI)
    assert (message.file_name, message.file_data) == ("plan.txt", b"my plan")


async def test_telegram_refusing_a_queued_call_is_the_same_error(
    telegram: tuple[BotApiEmulator, Bot, list[str]],
) -> None:
    emulator, bot, _ = telegram
    emulator.fail_next("sendMessage", status=429, retry_after=3, chat_id=ALI)
    with pytest.raises(TelegramRetryAfter) as refused:
        await bot(call_of("sendMessage", messages.send_message(ALI, "wait")))
    assert refused.value.retry_after == 3
    assert emulator.messages(ALI) == []
