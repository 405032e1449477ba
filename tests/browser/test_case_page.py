"""A counsellor's whole case from the console, in `qadam sandbox`, on a desktop (and
looked at on a phone too): the person checks in and then writes something risky; the
counsellor takes the case, replies (the person gets it in the chat), adds a note, sees the
check-in on the chart, and refers the person to a service (the person gets the card); a
week later by the sandbox's clock the person is asked whether they reached it."""

from __future__ import annotations

import re

import aiohttp
import pytest
from playwright.async_api import Browser, Page, expect

from tests.browser.sandbox import (
    DESKTOP,
    STEP_TIMEOUT_MS,
    Sandbox,
    answer,
    assert_stops_cleanly,
    shoot,
    start_chat,
)
from tests.browser.test_console import LINK, QUEUE_TIMEOUT_MS
from tests.browser.test_sandbox_counsellor import say, switch_to, tap
from tests.support.onboarding import ENGLISH_SELF

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

# The sample directory's service in Kazakhstan, where the person lives.
SERVICE = "111 — контакт-центр по вопросам семьи, женщин и детей"
# Past the referral's follow-up (7 days by default), in minutes.
A_WEEK_LATER = 7 * 24 * 60 + 5


@pytest.fixture
def sandbox_env() -> dict[str, str]:
    # The follow-up is asked on a tick: soon after the clock moves.
    return {"QADAM_TICK_SECONDS": "0.5"}


async def sign_in(console: Page, chat: Page) -> None:
    """The demo counsellor asks the bot for a link and opens it."""
    log = chat.get_by_role("log")
    await switch_to(chat, "Demo Counsellor", "en")
    await say(chat, "/console")
    offer = log.locator(".bubble-bot").filter(has_text="/console/signin/").last
    await expect(offer).to_be_visible(timeout=STEP_TIMEOUT_MS)
    found = LINK.search(await offer.inner_text())
    assert found is not None
    await console.goto(found.group(0))
    await console.get_by_role("button", name="Sign in").click()
    await expect(console.get_by_role("heading", level=1)).to_have_text("Open cases")


async def move_clock(url: str, minutes: int) -> None:
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{url}/sandbox/clock", json={"minutes": minutes}) as response,
    ):
        assert response.status == 200


async def test_a_counsellor_works_a_case_from_the_console_and_refers_the_person(
    browser: Browser, sandbox: Sandbox
) -> None:
    context = await browser.new_context(viewport=DESKTOP)
    chat = await context.new_page()
    log = await start_chat(chat, sandbox, "Madina", "en")
    url = await sandbox.wait_started()
    for choice in ENGLISH_SELF:
        await tap(log, choice)
    # No quiet hours: the follow-up comes whatever hour the test runs at.
    await say(chat, "/settings")
    await answer(log, "What would you like to change?", "Quiet hours")
    await answer(log, "Which hours should be quiet?", "No quiet hours")
    # A check-in from the menu that follows, for the chart.
    await expect(log.locator(".bubble-bot").last).to_contain_text(
        "What would you like to do?", timeout=STEP_TIMEOUT_MS
    )
    await tap(log, "Check in now")
    await tap(log, "😐 So-so")

    console = await context.new_page()
    complaints: list[str] = []
    console.on("console", lambda message: complaints.append(message.text))
    await sign_in(console, chat)

    await switch_to(chat, "Madina", "en")
    await say(chat, "I want to kill myself")
    await expect(console.locator("table.queue tbody tr")).to_have_count(1, timeout=QUEUE_TIMEOUT_MS)
    await console.get_by_role("button", name="Take the next case").click()
    await expect(console.get_by_role("status")).to_have_text("You have claimed this case.")
    await expect(console.get_by_role("heading", level=1)).to_have_text(re.compile(r"Case of "))

    # The chart holds the check-in, and its table says so in numbers.
    chart = console.locator("figure.chart").filter(has_text="Daily mood")
    await expect(chart.locator("svg")).to_be_visible()
    await expect(chart.locator("tbody tr")).to_have_count(1)

    # A reply reaches the person through the relay, as from Telegram.
    await console.get_by_label("Your reply to the person").fill("I am here with you, Madina.")
    await console.get_by_role("button", name="Send the reply").click()
    await expect(console.get_by_role("status")).to_have_text("Sent: it goes out in a moment.")
    await switch_to(chat, "Madina", "en")
    relayed = log.locator(".bubble-bot").filter(has_text="Your counsellor:").last
    await expect(relayed).to_contain_text("I am here with you", timeout=STEP_TIMEOUT_MS)

    # A note stays with staff, set apart from what was sent.
    await console.get_by_label("A note for staff").fill("Agreed to talk again tomorrow")
    await console.get_by_role("button", name="Save the note").click()
    await expect(console.get_by_role("status")).to_have_text("Note saved.")
    await expect(console.locator(".relay li.note")).to_contain_text("Agreed to talk again")

    # The person answers while the counsellor is typing: the conversation shows it by
    # itself, and what was typed stays.
    draft = console.get_by_label("Your reply to the person")
    await draft.fill("Half a thought")
    await say(chat, "thank you, I am scared")
    await expect(console.locator(".relay li.from_person").last).to_contain_text(
        "I am scared", timeout=QUEUE_TIMEOUT_MS
    )
    await expect(draft).to_have_value("Half a thought")
    await draft.fill("")

    # A referral: the person gets the card in their language.
    await console.get_by_role("button", name=f"Send {SERVICE} to the person").click()
    await expect(console.get_by_role("status")).to_have_text(re.compile("Referral sent"))
    await expect(console.locator("table.sent")).to_contain_text("not answered yet")
    card = log.locator(".bubble-bot").filter(has_text="Your counsellor thought this could help")
    await expect(card.last).to_contain_text(SERVICE, timeout=STEP_TIMEOUT_MS)
    await shoot(console, "case-page")
    assert "Madina" not in (await console.content()).replace("I am here with you, Madina.", "")
    assert not [c for c in complaints if "Content Security Policy" in c], complaints

    # A week later the bot asks whether they reached it.
    await move_clock(url, A_WEEK_LATER)
    asked = log.locator(".bubble-bot").filter(has_text="Did you manage to reach them?")
    await expect(asked.last).to_contain_text(SERVICE, timeout=STEP_TIMEOUT_MS)
    await answer(log, "Did you manage to reach them?", "Yes")
    await context.close()
    await assert_stops_cleanly(sandbox)
