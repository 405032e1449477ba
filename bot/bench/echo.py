"""The yardstick of `qadam bench throughput`: a bare aiogram 3 bot that answers every
message with its own text, polling the same emulator the way Qadam does.

`python bot/bench/echo.py API_URL TOKEN`; stops on SIGINT or SIGTERM. Run as a file, not
as `-m bot.bench.echo`: that would import the `bot` package, which has aiogram build its
models on first use (`bot.telegram.models_on_demand`), and the yardstick is aiogram as it
comes.
"""

from __future__ import annotations

import asyncio
import sys

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message


async def main(api: str, token: str) -> None:
    bot = Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(api)))
    dispatcher = Dispatcher()

    @dispatcher.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "…")

    await dispatcher.start_polling(bot, polling_timeout=20)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
