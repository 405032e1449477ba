"""A person's individual plan tried in `qadam sandbox`, on a desktop (and looked at on a
phone too): the demo counsellor takes the person's case, opens their page by its short
code, agrees WHO-5 every two weeks for 26 weeks and a module; the person reads it with
/plan, and when the bot's clock reaches the plan's next check-in the bot offers that
questionnaire."""

from __future__ import annotations

import re
from datetime import datetime

import aiohttp
import pytest
from playwright.async_api import Browser, expect

from tests.browser.sandbox import (
    DESKTOP,
    STEP_TIMEOUT_MS,
    Sandbox,
    assert_stops_cleanly,
    shoot,
    start_chat,
)
from tests.browser.test_case_page import sign_in
from tests.browser.test_console import QUEUE_TIMEOUT_MS
from tests.browser.test_sandbox_counsellor import say, switch_to, tap
from tests.browser.test_sandbox_schedules import bot_now
from tests.support.onboarding import ENGLISH_SELF

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

CODE = re.compile(r"Case of ([A-Z0-9]{3}-[A-Z0-9]{3})")
WHO5 = "Wellbeing check-in"
# In the console a check-in is named with its questionnaire, as the case pages name it.
WHO5_FOR_STAFF = f"{WHO5} (WHO-5)"
MODULE = "Slow breathing"
GOALS = "Sleep through the night more often.\nCall my sister every Sunday."


@pytest.fixture
def sandbox_env() -> dict[str, str]:
    return {"QADAM_TICK_SECONDS": "0.5"}


async def _advance_to(url: str, moment: datetime) -> None:
    """Move the bot's clock a minute past `moment`."""
    minutes = (moment - await bot_now(url)).total_seconds() / 60 + 1
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{url}/sandbox/clock", json={"minutes": max(minutes, 0)}) as response,
    ):
        assert response.status == 200, await response.text()


async def test_a_counsellor_sets_a_plan_that_the_person_reads_and_the_bot_runs(
    browser: Browser, sandbox: Sandbox
) -> None:
    context = await browser.new_context(viewport=DESKTOP)
    chat = await context.new_page()
    log = await start_chat(chat, sandbox, "Madina", "en")
    url = await sandbox.wait_started()
    for choice in ENGLISH_SELF:
        await tap(log, choice)
    console = await context.new_page()
    complaints: list[str] = []
    console.on("console", lambda message: complaints.append(message.text))
    await sign_in(console, chat)
    await expect(console.get_by_label("Find a person by code")).to_be_visible()
    await shoot(console, "person-queue")

    # The person asks for help; the counsellor takes the case, and so becomes theirs.
    await switch_to(chat, "Madina", "en")
    await say(chat, "I want to kill myself")
    await expect(console.locator("table.queue tbody tr")).to_have_count(1, timeout=QUEUE_TIMEOUT_MS)
    await console.get_by_role("button", name="Take the next case").click()
    heading = console.get_by_role("heading", level=1)
    await expect(heading).to_contain_text("Case of ")
    found = CODE.search(await heading.inner_text())
    assert found is not None
    code = found.group(1)

    # Their page, by the code alone (the case page links here once it is built out).
    await console.goto(f"{url}/console/people/{code}")
    await expect(heading).to_have_text(f"Person {code}")
    await expect(console.get_by_role("link", name=re.compile(r"Open case #\d+"))).to_be_visible()
    await shoot(console, "person-before")
    await console.get_by_label("Goals, in plain words").fill(GOALS)
    await console.get_by_label("Questionnaire").select_option(label=WHO5_FOR_STAFF)
    await console.get_by_label("Every", exact=True).fill("2")
    await console.get_by_label("Days or weeks").select_option("weeks")
    await console.get_by_label("For how many weeks").fill("26")
    await console.get_by_label(MODULE).check()
    await console.get_by_role("button", name="Save the plan").click()
    await expect(console.get_by_role("status")).to_have_text(
        "The plan is saved. The person's check-ins follow it from now on."
    )
    plan = console.locator("dl.plan")
    await expect(plan).to_contain_text(f"{WHO5_FOR_STAFF}, every 2 weeks, for 26 weeks")
    await expect(plan).to_contain_text(MODULE)
    next_at = await plan.locator("dt:has-text('Next check-in') + dd time").get_attribute("datetime")
    assert next_at is not None
    await shoot(console, "person-plan")

    # A mistake comes back as typed, with the reason beside the field.
    await console.get_by_label("For how many weeks").fill("two hundred")
    await console.get_by_role("button", name="Save the plan").click()
    await expect(console.get_by_text("Enter a whole number.")).to_be_visible()
    await expect(console.get_by_label("For how many weeks")).to_have_value("two hundred")
    await expect(console.get_by_label("For how many weeks")).to_have_attribute(
        "aria-invalid", "true"
    )
    await shoot(console, "person-error")
    assert "Madina" not in await console.content()

    # The person reads their plan in the bot.
    await switch_to(chat, "Madina", "en")
    await say(chat, "/plan")
    shown = log.locator(".bubble-bot").filter(has_text="Call my sister every Sunday.").last
    await expect(shown).to_be_visible(timeout=STEP_TIMEOUT_MS)
    await expect(shown).to_contain_text(WHO5)
    await expect(shown.get_by_role("button", name=MODULE)).to_be_visible()

    # At the plan's next check-in, the bot offers that questionnaire.
    await _advance_to(url, datetime.fromisoformat(next_at))
    offer = log.locator(".bubble-bot").filter(has=chat.get_by_role("button", name=WHO5, exact=True))
    await expect(offer.last).to_be_visible(timeout=STEP_TIMEOUT_MS)
    await tap(log, WHO5)
    await expect(log).to_contain_text("Five short statements about the last two weeks.")
    await shoot(chat, "person-chat")
    assert not [text for text in complaints if "Content Security Policy" in text], complaints
    await context.close()
    await assert_stops_cleanly(sandbox)
