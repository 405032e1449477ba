"""The content editor and the simulator in Chromium, on a desktop (and looked at on a phone
too): an admin edits a flow, sees the linter mark the line of a deliberate mistake, fixes
it, changes a Kazakh text and meets it in the simulator as a 15-year-old reading Kazakh,
publishes it and rolls it back on the flow's revisions page.

The console runs in the test's own process over a migrated SQLite database: no bot is
needed, the simulator runs the engine alone."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import pytest
from playwright.async_api import Browser, Page, ViewportSize, expect

from admin.app import build_console_app
from admin.console.context import ConsoleContext
from bot.app import content_revisions
from bot.app.console import signin
from bot.domain.services import Services
from bot.sandbox import serve
from bot.storage.models import Staff
from tests.app.console.conftest import ROOT, base_services, hands, services
from tests.browser.sandbox import DESKTOP, PHONE, shoot
from tests.care.conftest import app_of
from tests.escalation.conftest import Sessions, member

__all__ = ["base_services", "hands", "services"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.parametrize("migrated_url", ["sqlite"], indirect=True),
]

KAZAKH_TEEN = "Келіңіз, бір минутта бірге тынышталайық."
# The whole line of the file it starts, which the new sentence is typed at the end of.
KAZAKH_LINE = next(
    line.strip()
    for line in (ROOT / "flows" / "breathing.yaml").read_text(encoding="utf-8").splitlines()
    if KAZAKH_TEEN in line
)
ADDED = " Жаңа сөйлем."
# How long a publish may take (ms): it checks every flow, once or twice.
CHECKED = 30_000


async def _healthy() -> dict[str, object]:
    return {"ok": True}


@pytest.fixture
async def console(sessions: Sessions, services: Services) -> AsyncIterator[str]:
    # Plain HTTP on loopback, as in the sandbox: a Secure cookie would never come back.
    context = ConsoleContext(
        services,
        sessions,
        secure_cookies=False,
        app=app_of(services),
    )
    async with sessions() as db, db.begin():
        await content_revisions.seed_if_empty(db, ROOT / "flows", services.clock(), None)
    async with serve(build_console_app(health=_healthy, console=context)) as url:
        yield url


@contextlib.asynccontextmanager
async def _signed_in(
    browser: Browser,
    url: str,
    sessions: Sessions,
    services: Services,
    viewport: ViewportSize,
    role: str = "admin",
) -> AsyncIterator[Page]:
    """A page of a member signed in who reads the console in English and speaks Kazakh
    too; on leaving, the strict Content Security Policy must have had nothing to refuse."""
    context = await browser.new_context(viewport=viewport)
    page = await context.new_page()
    complaints: list[str] = []
    page.on("console", lambda message: complaints.append(message.text))
    staff = await member(sessions, services, role, languages=("en", "kk"))
    async with sessions() as db, db.begin():
        link = await signin.issue(db, services, await db.get_one(Staff, staff.id), url)
    await page.goto(link)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page.get_by_role("link", name="Content", exact=True)).to_be_visible()
    yield page
    assert not [text for text in complaints if "Content Security Policy" in text], complaints
    await context.close()


# The editor draws only the lines near its viewport: a line further down is reached as a
# person would reach it, by moving the cursor there, which scrolls it into view.
_GO_TO_END_OF = """(text) => {
  const editor = document.querySelector(".CodeMirror").CodeMirror;
  let found = -1;
  editor.eachLine((line) => {
    if (found < 0 && line.text.includes(text)) found = editor.getLineNumber(line);
  });
  editor.focus();
  editor.setCursor({ line: found, ch: editor.getLine(found).length });
  editor.scrollIntoView(null, 80);
  return found;
}"""


async def _end_of_line(page: Page, text: str) -> None:
    """Put the editor's cursor at the end of the first line holding `text`."""
    assert await page.evaluate(_GO_TO_END_OF, text) >= 0, text


async def test_an_admin_edits_checks_and_simulates_a_kazakh_teenager(
    browser: Browser, console: str, sessions: Sessions, services: Services
) -> None:
    async with _signed_in(browser, console, sessions, services, DESKTOP) as page:
        await page.get_by_role("link", name="Content", exact=True).click()
        await page.get_by_role("link", name="breathing", exact=True).click()
        await expect(page.get_by_role("heading", level=1)).to_have_text("Flow breathing")
        await expect(page.locator(".CodeMirror")).to_be_visible()

        # A deliberate mistake: the start step's name mistyped.
        await _end_of_line(page, "start: intro")
        await page.keyboard.type("x")
        await page.get_by_role("button", name="Check").click()
        problem = page.locator("#outcome li[data-line]")
        await expect(problem).to_have_count(1)
        line = int(await problem.get_attribute("data-line") or 0)
        await expect(problem).to_contain_text(f"Line {line}: start: no step 'introx'")
        marked = page.locator(".CodeMirror-code > div").nth(line - 1)
        await expect(marked.locator(".problem-marker")).to_be_visible()
        await expect(marked).to_contain_text("start: introx")
        await shoot(page, "content-problem")

        # Fixed, and a Kazakh sentence added to what teenagers read first.
        await _end_of_line(page, "start: introx")
        await page.keyboard.press("Backspace")
        await _end_of_line(page, KAZAKH_TEEN)
        await page.keyboard.type(ADDED)
        await page.get_by_role("button", name="Check").click()
        await expect(page.get_by_text("No problems found.")).to_be_visible()
        await expect(page.locator(".problem-marker")).to_have_count(0)

        await page.get_by_label("Age band", exact=True).select_option(label="a teenager")
        await page.get_by_label("The person's language").select_option("kk")
        await page.get_by_role("button", name="Start the simulator").click()
        first = page.locator(".chat .from-bot").first
        await expect(first).to_contain_text(KAZAKH_LINE + ADDED)
        buttons = page.locator(".sim-buttons button")
        await expect(buttons.first).to_be_visible()
        chosen = await buttons.first.inner_text()
        await buttons.first.click()
        await expect(page.locator(".chat .from-person")).to_contain_text(chosen)
        await shoot(page, "content-simulator")

        await page.get_by_role("button", name="Publish").click()
        await expect(page.locator("#done")).to_contain_text("Published: revision", timeout=CHECKED)
        await page.get_by_role("link", name="Revisions").click()
        rows = page.locator("table.revisions tbody tr")
        await expect(rows.first).to_contain_text("published now")
        await expect(rows.first).to_contain_text("intro (kk)")
        await rows.nth(1).get_by_role("link", name="Roll back to this").click()
        await expect(page.get_by_role("heading", level=1)).to_contain_text("Roll breathing back")
        # What would go: the sentence added, marked within its paragraph.
        await expect(page.locator("table.changes del")).to_have_text(ADDED.strip())
        await shoot(page, "content-rollback-confirm")
        await page.get_by_role("button", name="Yes, roll back").click()
        await expect(page.locator("#done")).to_contain_text("Rolled back", timeout=CHECKED)
        await expect(rows).to_have_count(3)
        await shoot(page, "content-revisions")


async def test_an_editor_who_speaks_kazakh_marks_a_translation_reviewed(
    browser: Browser, console: str, sessions: Sessions, services: Services
) -> None:
    async with _signed_in(browser, console, sessions, services, DESKTOP, "editor") as page:
        await page.get_by_role("link", name="Content", exact=True).click()
        await page.get_by_role("link", name="Translations", exact=True).click()
        row = page.locator("table.translations tbody tr").filter(has_text="breathing")
        kazakh = row.locator('td[data-label="Kazakh"]')
        await expect(kazakh).to_have_text("unreviewed")
        await shoot(page, "translations")

        await kazakh.get_by_role("link").click()
        await expect(page.get_by_role("heading", level=1)).to_have_text("Flow breathing: Kazakh")
        # The title first, in Kazakh beside English and Russian.
        title = page.locator("table.review tbody tr").first
        await expect(title.locator('td[lang="kk"]')).to_have_text("Баяу тыныс алу")
        await expect(title.locator('td[lang="en"]')).to_have_text("Slow breathing")
        await expect(title.locator('td[lang="ru"]')).to_have_text("Медленное дыхание")
        await page.get_by_role("button", name="I have read every text: mark it reviewed").click()
        await expect(page.locator("#done")).to_contain_text("Marked reviewed", timeout=CHECKED)
        await shoot(page, "translation-reviewed")

        await page.get_by_role("link", name="Translations", exact=True).first.click()
        await expect(kazakh).to_have_text("reviewed")
        await expect(row.locator('td[data-label="Kyrgyz"]')).to_have_text("unreviewed")


# Records, the moment htmx marks the request under way, whether the page shows that it is
# busy and has disabled its buttons.
BUSY_WATCH = """() => {
  const busy = document.querySelector("#busy");
  new MutationObserver((changes, observer) => {
    if (!busy.classList.contains("htmx-request")) return;
    const publish = [...document.querySelectorAll(".content-editor button")]
      .find((button) => button.value === "publish");
    window.busySeen = {
      shown: getComputedStyle(busy).display !== "none",
      disabled: publish.disabled,
    };
    observer.disconnect();
  }).observe(busy, { attributes: true, attributeFilter: ["class"] });
}"""


async def test_on_a_phone_publish_is_busy_then_answers_under_its_buttons(
    browser: Browser, console: str, sessions: Sessions, services: Services
) -> None:
    async with _signed_in(browser, console, sessions, services, PHONE) as page:
        await page.goto(console.rstrip("/") + "/console/content/breathing")
        await expect(page.locator(".CodeMirror")).to_be_visible()
        await _end_of_line(page, KAZAKH_TEEN)
        await page.keyboard.type(ADDED)
        publish = page.get_by_role("button", name="Publish")
        # Seen by the page itself: on a busy machine the check can end before the test
        # looks, and a look after the end would find the page rightly idle again.
        await page.evaluate(BUSY_WATCH)
        await publish.click()
        # While the publish is checked, no second tap is possible, and the page says why.
        await page.wait_for_function("window.busySeen !== undefined")
        assert await page.evaluate("window.busySeen") == {"shown": True, "disabled": True}
        done = page.locator("#outcome #done")
        await expect(done).to_contain_text("Published: revision", timeout=CHECKED)
        await expect(publish).to_be_enabled()
        await expect(page.locator("#busy")).to_be_hidden()
        # The answer is right under the buttons, on screen, and has the focus.
        await expect(done).to_be_in_viewport()
        await expect(page.locator("#outcome")).to_be_focused()
        await expect(page.locator("#opened")).to_contain_text("You are editing the published text")
        await expect(page.locator("#opened a")).to_have_count(0)
        await shoot(page, "content-published-phone")


async def test_a_risk_rule_opens_in_the_editor_without_the_simulator(
    browser: Browser, console: str, sessions: Sessions, services: Services
) -> None:
    async with _signed_in(browser, console, sessions, services, DESKTOP) as page:
        await page.get_by_role("link", name="Content", exact=True).click()
        await expect(page.get_by_role("heading", name="Risk rules")).to_be_visible()
        await shoot(page, "content-list")
        await page.get_by_role("link", name="risk/suicide", exact=True).click()
        await expect(page.get_by_role("heading", level=1)).to_have_text("Content file risk/suicide")
        await expect(page.locator(".CodeMirror")).to_be_visible()
        await expect(page.get_by_role("button", name="Start the simulator")).to_have_count(0)
        await page.get_by_role("button", name="Check").click()
        await expect(page.locator("#outcome")).to_contain_text(
            "No problems found.", timeout=CHECKED
        )
        await shoot(page, "content-risk")
