"""Reading the Bot API's answers builds each `Response[T]` model once, not again after
every garbage collection (pydantic keeps them only weakly; rebuilding costs ~25 ms)."""

from __future__ import annotations

import gc
import json
import weakref

from aiogram import Bot
from aiogram.methods import SendMessage
from aiogram.methods.base import Response
from aiogram.types import Message

from bot.telegram.session import ModelKeepingSession

ANSWER = {
    "ok": True,
    "result": {
        "message_id": 7,
        "date": 1_700_000_000,
        "chat": {"id": 42, "type": "private"},
        "text": "Hello",
    },
}


async def test_the_model_an_answer_is_read_with_outlives_a_garbage_collection() -> None:
    session = ModelKeepingSession()
    bot = Bot("1000005:test-token", session=session)
    try:
        method = SendMessage(chat_id=42, text="Hello")
        read = session.check_response(bot, method, 200, json.dumps(ANSWER))
        assert isinstance(read.result, Message) and read.result.text == "Hello"
        built = weakref.ref(type(read))
        del read
        gc.collect()
        assert built() is not None
        again = session.check_response(bot, method, 200, json.dumps(ANSWER))
        assert type(again) is built() is Response[Message]
    finally:
        await session.close()
