"""The bot's side of `qadam bench fanout`, in a process of its own as in production.

`python -m bot.bench.botside DATABASE_URL API_URL DUE COUNT`, with the keys in
QADAM_BENCH_KEYS ("pseudonym-hex:encryption-hex"). Runs the real tick at DUE, then the
real outbox sender until every row is sent or failed, and prints one JSON line with the
time the tick took and this process's peak memory.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import resource
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from sqlalchemy import func, select

from bot.app.tick import tick
from bot.domain.services import Services
from bot.engine.loader import load_library
from bot.i18n.catalogs import Catalogs
from bot.outbox.sender import Limits, OutboxSender
from bot.scheduling.decide import Timing
from bot.storage.crypto import Cipher
from bot.storage.database import make_engine, make_sessionmaker
from bot.storage.keys import Keys
from bot.storage.models import OutboxMessage

TOKEN = "1000002:bench-token"
FLOWS = Path(__file__).resolve().parents[2] / "flows"


async def main(url: str, api: str, due: datetime, count: int) -> dict[str, object]:
    pseudonym, encryption = os.environ["QADAM_BENCH_KEYS"].split(":")
    keys = Keys(pseudonym=bytes.fromhex(pseudonym), encryption=bytes.fromhex(encryption))
    services = Services(
        library=load_library(FLOWS, ["en"]),
        keys=keys,
        cipher=Cipher(keys.encryption),
        clock=lambda: due,
        rng=random.Random(),
        catalogs=Catalogs(("en",)),
    )
    engine = make_engine(url)
    sessionmaker = make_sessionmaker(engine)
    started = time.perf_counter()
    counts = await tick(sessionmaker, services, Timing())
    plan_seconds = time.perf_counter() - started
    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(api)))
    sender = OutboxSender(sessionmaker, services.cipher, bot, lambda: datetime.now(UTC), Limits())
    sending = asyncio.create_task(sender.run(), name="bench-sender")
    try:
        while not sending.done():
            await asyncio.sleep(0.5)
            async with sessionmaker() as db:
                finished = await db.scalar(
                    select(func.count()).where(OutboxMessage.status.in_(("sent", "failed")))
                )
            if finished is not None and finished >= count:
                break
        if sending.done():
            sending.result()  # the sender stopped by itself: show why
    finally:
        sending.cancel()
        await asyncio.gather(sending, return_exceptions=True)
        await bot.session.close()
        await engine.dispose()
    return {
        "planned": dict(counts),
        "plan_seconds": plan_seconds,
        # Linux reports kilobytes.
        "peak_memory_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


if __name__ == "__main__":
    database_url, api_url, due_at, how_many = sys.argv[1:5]
    result = asyncio.run(main(database_url, api_url, datetime.fromisoformat(due_at), int(how_many)))
    sys.stdout.write(json.dumps(result) + "\n")
