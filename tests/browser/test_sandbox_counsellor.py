"""The safety core tried in `qadam sandbox` as a new user would, with one simulated person
and one simulated counsellor, in Russian and in English: risky words, the crisis card, the
counsellor told by short code only, claim, the relay both ways, ending, feedback, resolve.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.async_api import Locator, Page, expect

from tests.browser.sandbox import (
    STEP_TIMEOUT_MS,
    Sandbox,
    add_person,
    assert_stops_cleanly,
    start_chat,
)
from tests.support.onboarding import ENGLISH_SELF, RUSSIAN_SELF
from tests.support.process import qadam

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

CODE = re.compile(r"\b[A-Z0-9]{3}-[A-Z0-9]{3}\b")


@dataclass(frozen=True)
class Words:
    """What each side taps and reads, in one interface language."""

    lang: str
    onboarding: tuple[str, ...]
    risky: str
    on_duty: str
    reason: str
    claim: str
    your_counsellor: str
    writes: str
    end: str
    helpful: str
    no: str
    thanks: str
    ended: str
    resolve: str
    outcome: str
    resolved: str


RUSSIAN = Words(
    lang="ru",
    onboarding=tuple(RUSSIAN_SELF),
    risky="я больше не хочу жить",
    on_duty="Сейчас на смене есть консультант",
    reason="мысли о суициде",
    claim="Взять",
    your_counsellor="Ваш консультант:",
    writes="{code} пишет:",
    end="Завершить разговор",
    helpful="Да, помог",
    no="Нет",
    thanks="Спасибо. Это помогает нам работать лучше.",
    ended="{code} завершил(а) разговор",
    resolve="Закрыть",
    outcome="Поддержка оказана",
    resolved="Обращение {code} закрыто: Поддержка оказана.",
)
ENGLISH = Words(
    lang="en",
    onboarding=tuple(ENGLISH_SELF),
    risky="I don't want to live anymore",
    on_duty="A counsellor is on duty now",
    reason="thoughts of suicide",
    claim="Claim",
    your_counsellor="Your counsellor:",
    writes="{code} writes:",
    end="End the conversation",
    helpful="Yes, it helped",
    no="No",
    thanks="Thank you. This helps us do better.",
    ended="{code} ended the conversation",
    resolve="Resolve",
    outcome="Supported",
    resolved="Case {code} is resolved: Supported.",
)


async def tap(log: Locator, choice: str) -> None:
    """Tap `choice` under the latest bot message that offers it, and wait for the answer."""
    bubbles = log.locator(".bubble-bot")
    offering = bubbles.filter(has=log.page.get_by_role("button", name=choice, exact=True))
    await expect(offering.last).to_be_visible(timeout=STEP_TIMEOUT_MS)
    before = await bubbles.count()
    await offering.last.get_by_role("button", name=choice, exact=True).click()
    await expect(bubbles).not_to_have_count(before, timeout=STEP_TIMEOUT_MS)


async def say(page: Page, text: str) -> None:
    box = page.get_by_role("textbox", name="Message")
    await box.fill(text)
    await box.press("Enter")


async def switch_to(page: Page, name: str, lang: str) -> None:
    await page.get_by_role("button", name=f"{name} {lang}").click()
    await expect(page.get_by_role("button", name=f"{name} {lang}")).to_have_attribute(
        "aria-current", "true"
    )


def invite(tmp_path: Path, lang: str) -> str:
    """`qadam staff add` against the sandbox's database, as an admin would run it."""
    languages = "ru,en" if lang == "ru" else "en,ru"
    options = ["--name", "Aigul Counsellor", "--role", "counsellor", "--languages", languages]
    done = qadam("staff", "add", *options, env={"QADAM_DATA_DIR": str(tmp_path / "data")})
    assert done.returncode == 0, done.stderr
    [command] = re.findall(r"/staff \S+", done.stdout)
    return str(command)


@pytest.mark.parametrize("words", [RUSSIAN, ENGLISH], ids=["ru", "en"])
async def test_a_person_in_danger_reaches_a_counsellor_who_sees_only_a_code(
    page: Page, sandbox: Sandbox, tmp_path: Path, words: Words
) -> None:
    lang = words.lang
    log = await start_chat(page, sandbox, "Dana", lang)
    for choice in words.onboarding:
        await tap(log, choice)

    # A counsellor joins with the invite an admin printed, and starts a shift.
    command = await asyncio.to_thread(invite, tmp_path, lang)
    await add_person(page, "Aigul", lang)
    await switch_to(page, "Aigul", lang)
    await say(page, command)
    await expect(log.locator(".bubble-bot")).to_have_count(1, timeout=STEP_TIMEOUT_MS)
    await say(page, "/duty")
    await expect(log.locator(".bubble-bot")).to_have_count(2, timeout=STEP_TIMEOUT_MS)

    # The person writes that they do not want to live: the crisis card, and an honest word.
    await switch_to(page, "Dana", lang)
    await say(page, words.risky)
    card = log.locator(".bubble-bot").filter(has_text="112").last
    await expect(card).to_contain_text(words.on_duty, timeout=STEP_TIMEOUT_MS)

    # The counsellor is told: a short code, never who, and the reason in their language.
    await switch_to(page, "Aigul", lang)
    notice = log.locator(".bubble-bot").filter(has_text=words.reason).last
    await expect(notice).to_be_visible(timeout=STEP_TIMEOUT_MS)
    code_match = CODE.search(await notice.inner_text())
    assert code_match is not None
    code = code_match.group(0)
    await tap(log, words.claim)
    await say(page, f"/reply {code} Hello, I am here with you.")

    await switch_to(page, "Dana", lang)
    relayed = log.locator(".bubble-bot").filter(has_text=words.your_counsellor).last
    await expect(relayed).to_contain_text("Hello, I am here with you.", timeout=STEP_TIMEOUT_MS)
    await say(page, "thank you, I am scared")

    await switch_to(page, "Aigul", lang)
    heard = log.locator(".bubble-bot").filter(has_text=words.writes.format(code=code)).last
    await expect(heard).to_contain_text("thank you, I am scared", timeout=STEP_TIMEOUT_MS)

    # The person ends the conversation and says how it was.
    await switch_to(page, "Dana", lang)
    await tap(log, words.end)
    await tap(log, words.helpful)
    await tap(log, words.no)
    await expect(log.locator(".bubble-bot").last).to_contain_text(
        words.thanks, timeout=STEP_TIMEOUT_MS
    )

    await switch_to(page, "Aigul", lang)
    ended = log.locator(".bubble-bot").filter(has_text=words.ended.format(code=code)).last
    await expect(ended).to_be_visible(timeout=STEP_TIMEOUT_MS)
    await tap(log, words.resolve)
    await tap(log, words.outcome)
    await expect(log.locator(".bubble-bot").last).to_contain_text(
        words.resolved.format(code=code), timeout=STEP_TIMEOUT_MS
    )
    # Everything the counsellor's chat shows names the person by code only.
    seen = await log.inner_text()
    assert code in seen and "Dana" not in seen
    await assert_stops_cleanly(sandbox)
