"""The supervising and admin pages tried in `qadam sandbox`, on a phone (and looked at on a
desktop too): the demo supervisor sees an urgent case nobody has and hands it to the demo
counsellor; an admin (added with the command line) invites a counsellor, sees the invite
once, and deactivates the demo counsellor, whose open console is signed out."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from playwright.async_api import Browser, BrowserContext, Page, expect

from tests.browser.sandbox import (
    PHONE,
    STEP_TIMEOUT_MS,
    Sandbox,
    assert_stops_cleanly,
    shoot,
    start_chat,
)
from tests.browser.test_console import LINK
from tests.browser.test_sandbox_counsellor import say, switch_to, tap
from tests.support.onboarding import ENGLISH_SELF
from tests.support.process import qadam

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

# The supervisor's view asks for its tables every 15 seconds; the case goes through the
# bot first.
POLL_TIMEOUT_MS = 45_000


async def _signed_in_from_chat(chat: Page, context: BrowserContext, name: str) -> Page:
    """`name` asks the bot for a link from the chat page and signs in with it."""
    await switch_to(chat, name, "en")
    await say(chat, "/console")
    log = chat.locator(".bubble-bot").filter(has_text="/console/signin/")
    await expect(log.last).to_be_visible(timeout=STEP_TIMEOUT_MS)
    found = LINK.search(await log.last.inner_text())
    assert found is not None
    return await _sign_in(context, found.group(0))


async def _sign_in(context: BrowserContext, link: str) -> Page:
    page = await context.new_page()
    await page.goto(link)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Open cases")
    return page


def _admin_link(tmp_path: Path) -> str:
    """An admin added and given a sign-in link from the command line, as the first one is."""
    env = {"QADAM_DATA_DIR": str(tmp_path / "data")}
    options = ["--name", "Dana Admin", "--role", "admin", "--languages", "en"]
    added = qadam("staff", "add", *options, env=env)
    assert added.returncode == 0, added.stderr
    code = re.search(r"S-[A-Z0-9]{3}-[A-Z0-9]{3}", added.stdout)
    assert code is not None, added.stdout
    printed = qadam("staff", "login-link", code.group(0), env=env)
    assert printed.returncode == 0, printed.stderr
    link = LINK.search(printed.stdout)
    assert link is not None, printed.stdout
    return link.group(0)


async def test_a_supervisor_reassigns_and_an_admin_invites_and_deactivates(
    browser: Browser, sandbox: Sandbox, tmp_path: Path
) -> None:
    viewport = PHONE
    people = await browser.new_context(viewport=viewport)
    chat = await people.new_page()
    log = await start_chat(chat, sandbox, "Madina", "en")
    for choice in ENGLISH_SELF:
        await tap(log, choice)

    # Each member in a browser of their own: a cookie each.
    supervisors = await browser.new_context(viewport=viewport)
    boss = await _signed_in_from_chat(chat, supervisors, "Demo Supervisor")
    counsellors = await browser.new_context(viewport=viewport)
    counsellor = await _signed_in_from_chat(chat, counsellors, "Demo Counsellor")
    complaints: list[str] = []
    boss.on("console", lambda message: complaints.append(message.text))

    await boss.get_by_role("link", name="Supervision").click()
    await expect(boss.get_by_role("heading", level=1)).to_have_text("Supervision")
    await switch_to(chat, "Madina", "en")
    await say(chat, "I want to kill myself")
    # Nobody is on duty: the case waits, and shows up here without a reload.
    nobody = boss.locator("table", has_text="Critical and high, not yet claimed")
    row = nobody.locator("tbody tr")
    await expect(row.first).to_contain_text("Critical", timeout=POLL_TIMEOUT_MS)
    await shoot(boss, "supervise-supervision")
    picker = row.first.get_by_label(re.compile(r"Reassign case #\d+ to"))
    colleague = await picker.locator("option", has_text="Demo Counsellor").get_attribute("value")
    assert colleague is not None
    await picker.select_option(colleague)
    await row.first.get_by_role("button", name="Reassign").click()
    await expect(boss.get_by_role("status")).to_have_text("Saved.")
    await expect(row.first).to_contain_text("Demo Counsellor")

    # An admin, added from the command line, manages the staff.
    link = await asyncio.to_thread(_admin_link, tmp_path)
    admins = await browser.new_context(viewport=viewport)
    # The command line knows the address from settings; the sandbox picked a free port.
    origin = re.match(r"http://[^/]+", boss.url)
    assert origin is not None
    admin = await _sign_in(admins, origin.group(0) + link[link.index("/console/") :])
    admin.on("console", lambda message: complaints.append(message.text))
    await admin.get_by_role("link", name="Staff").click()
    await expect(admin.get_by_role("link", name="Staff")).to_have_attribute("aria-current", "page")
    invite = admin.locator("section.invite")
    await invite.get_by_label("Name").fill("Zarina")
    await invite.get_by_label("English").check()
    await invite.get_by_role("button", name="Create the invite").click()
    await expect(admin.get_by_role("heading", level=1)).to_contain_text("Invite for Zarina")
    shown = await admin.locator(".invite-code code").inner_text()
    assert re.fullmatch(r"/staff \S{16}", shown), shown
    await shoot(admin, "supervise-invite")
    await admin.get_by_role("link", name="Staff").first.click()
    assert shown.split()[1] not in await admin.content()  # shown once, then never

    card = admin.locator("li.member-card", has_text="Demo Counsellor")
    await expect(card).to_contain_text("1")  # the case reassigned to them
    await shoot(admin, "supervise-staff")
    await card.get_by_role("link", name=re.compile("Deactivate")).click()
    heading = admin.get_by_role("heading", level=1)
    await expect(heading).to_contain_text("Deactivate Demo Counsellor")
    await admin.get_by_role("button", name="Yes, deactivate").click()
    await expect(admin.get_by_role("status")).to_have_text("Saved.")

    # The counsellor's open console is signed out at their next request.
    await counsellor.reload()
    await expect(counsellor.get_by_role("heading", level=1)).to_have_text("You are signed out")

    await admin.get_by_role("link", name="Audit").click()
    await admin.get_by_label("Action").select_option(label="member deactivated")
    await admin.get_by_role("button", name="Show").click()
    entries = admin.locator("table.audit tbody tr")
    await expect(entries).to_have_count(1)
    await expect(entries.first).to_contain_text("Dana Admin")
    await shoot(admin, "supervise-audit")

    await admin.get_by_role("link", name="Services").click()
    await expect(admin.get_by_role("heading", level=1)).to_have_text("Service directory")
    await shoot(admin, "supervise-services")
    await admin.get_by_role("link", name="Add a service").click()
    await admin.get_by_label("Name").fill("Legal aid centre")
    await admin.get_by_label("Contact").fill("+7 700 000 00 00")
    await admin.get_by_role("button", name="Save the service").click()  # no category
    await expect(admin.get_by_text("Choose a category.")).to_be_visible()
    await expect(admin.get_by_role("alert")).to_have_text("Please correct the marked fields.")
    await expect(admin.get_by_label("Name")).to_have_value("Legal aid centre")
    await shoot(admin, "supervise-service-form")
    assert not [text for text in complaints if "Content Security Policy" in text], complaints
    for context in (people, supervisors, counsellors, admins):
        await context.close()
    await assert_stops_cleanly(sandbox)
