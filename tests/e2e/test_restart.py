"""A crash in the middle of onboarding loses no answer and resumes at the same step."""

from __future__ import annotations

import asyncio

from bot.sandbox.emulator import BotApiEmulator
from tests.support.bot_process import BotProcess
from tests.support.tables import table_rows


async def test_kill_9_mid_onboarding_resumes_at_the_same_step(
    emulator: tuple[BotApiEmulator, str], bot_process: BotProcess, database_url: str
) -> None:
    emu, _ = emulator
    user = emu.add_user(5553001, "Test")
    await user.send("/start")
    for button in ["English", "Agree", "Myself", "18 or older"]:
        await user.tap(button)
    bot_process.kill()

    # The person answers while the bot is down; the answer waits at Telegram.
    answering = asyncio.create_task(user.tap("Female", timeout=60))
    await asyncio.sleep(0.5)
    await bot_process.start()
    replies = await answering
    assert replies[-1].text.startswith("Which country do you live in now?")

    for button in ["Kazakhstan", "Evening (19:00)"]:
        await user.tap(button)
    last = user.last_message()
    assert last is not None and last.text == "What would you like to do?"
    [person] = await table_rows(database_url, "participants")
    assert (person["role"], person["age_band"], person["gender"]) == ("self", "adult", "female")
    assert person["consented_at"] is not None
    # Nothing was said twice: each question appears once.
    texts = [m.text for m in user.messages() if m.sender == "bot"]
    assert sum(t.startswith("What is your gender?") for t in texts) == 1
    assert sum(t.startswith("Which country") for t in texts) == 1
