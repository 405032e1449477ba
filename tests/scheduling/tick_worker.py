"""Another process running the tick: `python -m tests.scheduling.tick_worker URL MOMENT`.

The keys come from QADAM_TEST_KEYS ("pseudonym-hex:encryption-hex"), so this process can
read the chat ids the test wrote. Used to show that several processes, or one killed half
way, never send a check-in twice.
"""

from __future__ import annotations

import asyncio
import os
import random
import sys
from datetime import datetime
from pathlib import Path

from bot.app.tick import tick
from bot.domain.services import Services
from bot.engine.loader import load_library
from bot.i18n.catalogs import Catalogs
from bot.scheduling.decide import Timing
from bot.storage.crypto import Cipher
from bot.storage.database import make_engine, make_sessionmaker
from bot.storage.keys import Keys

ROOT = Path(__file__).resolve().parents[2]


async def main(url: str, moment: datetime, batch: int, rounds: int) -> None:
    pseudonym, encryption = os.environ["QADAM_TEST_KEYS"].split(":")
    keys = Keys(pseudonym=bytes.fromhex(pseudonym), encryption=bytes.fromhex(encryption))
    services = Services(
        library=load_library(ROOT / "flows", ["en"]),
        keys=keys,
        cipher=Cipher(keys.encryption),
        clock=lambda: moment,
        rng=random.Random(),
        catalogs=Catalogs(("en",)),
    )
    engine = make_engine(url)
    print("ready", flush=True)
    # Wait for the word, so that several workers start ticking at the same moment.
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    for _ in range(rounds):
        await tick(make_sessionmaker(engine), services, Timing(), batch=batch)
    await engine.dispose()


if __name__ == "__main__":
    url, moment, batch, rounds = sys.argv[1:5]
    asyncio.run(main(url, datetime.fromisoformat(moment), int(batch), int(rounds)))
