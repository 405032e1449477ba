"""Scheduled check-ins tried in `qadam sandbox` as a new person would, moving the bot's clock.

Set a reminder two minutes ahead and get it on time; snooze it; set quiet hours that
cover now and see nothing arrive; /stop ends them.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
import pytest
from playwright.async_api import Page, expect

from tests.browser.sandbox import STEP_TIMEOUT_MS, Sandbox, answer, assert_stops_cleanly, start_chat

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

ALMATY = ZoneInfo("Asia/Almaty")
REMINDER = "Time for your check-in 🌱"


@pytest.fixture
def sandbox_env() -> dict[str, str]:
    return {"QADAM_TICK_SECONDS": "0.5"}


async def bot_now(url: str) -> datetime:
    async with aiohttp.ClientSession() as http, http.get(f"{url}/sandbox/clock") as response:
        body = await response.json()
    return datetime.fromisoformat(body["now"])


async def local_in(url: str, minutes: int) -> str:
    """The bot's time `minutes` from now, as a person in Almaty reads their clock."""
    return (await bot_now(url) + timedelta(minutes=minutes)).astimezone(ALMATY).strftime("%H:%M")


async def say(page: Page, text: str) -> None:
    box = page.get_by_role("textbox", name="Message")
    await box.fill(text)
    await box.press("Enter")


async def move_clock(page: Page, label: str) -> None:
    before = await page.locator("#clock-now").text_content()
    await page.get_by_role("button", name=label).click()
    await expect(page.locator("#clock-now")).not_to_have_text(before or "", timeout=STEP_TIMEOUT_MS)


async def wait_for_log(
    sandbox: Sandbox, seen: int, match: Callable[[dict[str, Any]], bool]
) -> None:
    """Wait for a new log record (after the first `seen`) that `match`es."""
    deadline = time.monotonic() + STEP_TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        if any(match(record) for record in sandbox.logs()[seen:]):
            return
        await asyncio.sleep(0.1)
    pytest.fail(f"no such log record; the last ones were {sandbox.logs()[-5:]}")


async def test_a_new_person_gets_snoozes_quiets_and_stops_reminders(
    page: Page, sandbox: Sandbox
) -> None:
    log = await start_chat(page, sandbox, "Dana", "en")
    url = await sandbox.wait_started()
    reminders = log.locator(".bubble-bot").filter(has_text=REMINDER)
    await answer(log, "Which language would you like to use?", "English")
    await answer(log, "Do you agree?", "Agree")
    await answer(log, "Who are the check-ins for?", "Myself")
    await answer(log, "How old are you?", "18 or older")
    await answer(log, "What is your gender?", "Female")
    await answer(log, "Which country do you live in now?", "Kazakhstan")
    # Any hour of the day: quiet hours off first, so that the test does not depend on it.
    await answer(log, "When would you like a gentle reminder", "Another time")
    await say(page, await local_in(url, 2))
    await expect(log).to_contain_text("Thank you, that's all.", timeout=STEP_TIMEOUT_MS)
    await say(page, "/settings")
    await answer(log, "What would you like to change?", "Quiet hours")
    await answer(log, "Which hours should be quiet?", "No quiet hours")

    # Two minutes later the reminder is there, neutral, with a way to put it off.
    await expect(reminders).to_have_count(0)
    await move_clock(page, "+2 minutes")
    await expect(reminders).to_have_count(1, timeout=STEP_TIMEOUT_MS)
    await answer(log, REMINDER, "In 1 hour")
    await expect(log).to_contain_text("Okay, I will remind you in 1 hour.")
    await move_clock(page, "+1 hour")
    await expect(reminders).to_have_count(2, timeout=STEP_TIMEOUT_MS)
    await answer(log, REMINDER, "Check in now")
    await answer(log, "How are you feeling right now?", "😊 Good")

    # Quiet hours that cover now, and a reminder due in two minutes: nothing arrives.
    start, end = await local_in(url, -60), await local_in(url, 180)
    await say(page, "/settings")
    await answer(log, "What would you like to change?", "Quiet hours")
    await answer(log, "Which hours should be quiet?", "Other times")
    # The quiet hours must be saved before /settings opens the menu again.
    answered = await log.locator(".bubble-bot").count()
    await say(page, f"{start}-{end}")
    await expect(log.locator(".bubble-bot")).not_to_have_count(answered, timeout=STEP_TIMEOUT_MS)
    await say(page, "/settings")
    await answer(log, "What would you like to change?", "Reminder time")
    await answer(log, "When would you like a gentle reminder", "Another time")
    # The bot must have the new time before its clock moves past it.
    answered = await log.locator(".bubble-bot").count()
    await say(page, await local_in(url, 2))
    await expect(log.locator(".bubble-bot")).not_to_have_count(answered, timeout=STEP_TIMEOUT_MS)
    seen = len(sandbox.logs())
    await move_clock(page, "+2 minutes")
    await wait_for_log(
        sandbox, seen, lambda r: r.get("event") == "schedule.tick" and bool(r.get("quiet"))
    )
    await expect(reminders).to_have_count(2)

    # /stop: the next day's reminder does not come either.
    await say(page, "/stop")
    await expect(log).to_contain_text("You will not get scheduled messages any more.")
    seen = len(sandbox.logs())
    await move_clock(page, "+1 day")
    await wait_for_log(
        sandbox, seen, lambda r: r.get("event") == "schedule.tick" and bool(r.get("held"))
    )
    await expect(reminders).to_have_count(2)
    await assert_stops_cleanly(sandbox)
