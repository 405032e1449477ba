"""The staff console tried in `qadam sandbox` as a newcomer would, on a phone (and looked at
on a desktop too): the demo counsellor asks the bot for a link from the chat page, signs
in, sees a person's risky words arrive in the queue without reloading, and takes the
case."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Browser, expect

from tests.browser.sandbox import (
    PHONE,
    STEP_TIMEOUT_MS,
    Sandbox,
    assert_stops_cleanly,
    shoot,
    start_chat,
)
from tests.browser.test_sandbox_counsellor import say, switch_to, tap
from tests.support.onboarding import ENGLISH_SELF

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

LINK = re.compile(r"http://\S+/console/signin/\S+")
# The queue asks for its rows every 5 seconds; the case goes through the bot first.
QUEUE_TIMEOUT_MS = 30_000


async def test_a_counsellor_signs_in_and_takes_a_case_that_arrives_by_itself(
    browser: Browser, sandbox: Sandbox
) -> None:
    context = await browser.new_context(viewport=PHONE)
    chat = await context.new_page()
    log = await start_chat(chat, sandbox, "Madina", "en")
    printed = "".join(sandbox.stdout)
    assert "Sign in to the console as Demo Counsellor:" in printed
    assert "Sign in to the console as Demo Supervisor:" in printed
    for choice in ENGLISH_SELF:
        await tap(log, choice)

    # The demo counsellor asks the bot for a link, as any linked member would.
    await switch_to(chat, "Demo Counsellor", "en")
    await say(chat, "/console")
    offer = log.locator(".bubble-bot").filter(has_text="/console/signin/").last
    await expect(offer).to_be_visible(timeout=STEP_TIMEOUT_MS)
    found = LINK.search(await offer.inner_text())
    assert found is not None

    console = await context.new_page()
    # The strict policy holds: htmx and our script run without inline code or style.
    complaints: list[str] = []
    console.on("console", lambda message: complaints.append(message.text))
    await console.goto(found.group(0))
    await expect(console.get_by_role("heading", level=1)).to_have_text(
        "Sign in to the Qadam console"
    )
    await console.get_by_role("button", name="Sign in").click()
    await expect(console.get_by_role("heading", level=1)).to_have_text("Open cases")
    await expect(console.get_by_text("Signed in as Demo Counsellor (counsellor)")).to_be_visible()
    await expect(console.get_by_text("No open cases here.")).to_be_visible()

    # The person writes something risky; the queue shows it without a reload.
    await switch_to(chat, "Madina", "en")
    await say(chat, "I want to kill myself")
    row = console.locator("table.queue tbody tr")
    await expect(row).to_have_count(1, timeout=QUEUE_TIMEOUT_MS)
    await expect(row.first).to_contain_text("Critical")
    await expect(row.first).to_contain_text("en")
    await shoot(console, "console-queue")

    await console.get_by_role("button", name="Take the next case").click()
    await expect(console.get_by_text("You have claimed this case.")).to_be_visible()
    # In the summary (the timeline says it too).
    await expect(
        console.locator(".case-summary").get_by_text("thoughts of suicide")
    ).to_be_visible()
    await shoot(console, "console-case")
    # The person is named by their short code only, in the queue as on the case.
    assert "Madina" not in await console.content()

    # The counsellor reads the console in Kazakh from now on.
    await console.get_by_label("Language").select_option("kk")
    await console.get_by_role("button", name="Change language").click()
    await expect(console.locator("html")).to_have_attribute("lang", "kk")
    await console.get_by_role("link", name="Кезекке оралу").click()
    await expect(console.get_by_role("heading", level=1)).to_have_text("Ашық өтініштер")
    await shoot(console, "console-kk")
    assert not [text for text in complaints if "Content Security Policy" in text], complaints
    await context.close()
    await assert_stops_cleanly(sandbox)
