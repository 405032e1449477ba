"""The product as `qadam sandbox` runs it: a real process, its chat page in Chromium, onboarding.

Nothing here talks to the bot in-process: the page drives the emulator over HTTP, and the
bot, a separate process, answers through the same aiogram code path as in production.
"""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from tests.browser.sandbox import (
    STEP_TIMEOUT_MS,
    Sandbox,
    answer,
    assert_stops_cleanly,
    expect_menu,
    start_chat,
)

pytestmark = [pytest.mark.browser, pytest.mark.e2e]

SCREENSHOT = "/tmp/qadam-sandbox-onboarding-ru.png"


async def test_onboarding_in_english(page: Page, sandbox: Sandbox) -> None:
    log = await start_chat(page, sandbox, "Aigerim", "en")
    first = log.locator(".bubble-bot").first.locator(".bubble-text")
    await expect(first).to_have_text(
        "Hello! Which language would you like to use? / Здравствуйте! На каком языке вам удобнее?",
        timeout=STEP_TIMEOUT_MS,
    )

    await answer(log, "Which language would you like to use?", "English")
    # Consent comes as a statement and then the question.
    await expect(log).to_contain_text(
        "Before we start, please read what Qadam is and what it keeps."
    )
    await answer(log, "Do you agree?", "Agree")
    await answer(log, "Who are the check-ins for?", "Myself")
    await answer(log, "How old are you?", "18 or older")
    await answer(log, "What is your gender?", "Female")
    await answer(log, "Which country do you live in now?", "Kazakhstan")
    await answer(log, "When would you like a gentle reminder", "Evening (19:00)")

    await expect(log).to_contain_text("Thank you, that's all.")
    await expect_menu(
        log,
        "What would you like to do?",
        [
            "Check in now",
            "Exercises and tips",
            "Questions about how I've been",
            "A calming exercise",
            "Talk to a counsellor",
        ],
    )
    await assert_stops_cleanly(sandbox)


async def test_onboarding_in_russian(page: Page, sandbox: Sandbox) -> None:
    log = await start_chat(page, sandbox, "Madina", "ru")
    # Telegram's language only suggests one: the first question leads in Russian.
    first = log.locator(".bubble-bot").first.locator(".bubble-text")
    await expect(first).to_have_text(
        "Здравствуйте! На каком языке вам удобнее? / Hello! Which language would you like to use?",
        timeout=STEP_TIMEOUT_MS,
    )

    await answer(log, "На каком языке вам удобнее?", "Русский")
    await expect(log).to_contain_text(
        "Прежде чем начать, прочитайте, пожалуйста, что такое Qadam и что он хранит."
    )
    await answer(log, "Вы согласны?", "Да, соглашаюсь")
    await answer(log, "О чьём самочувствии вы будете рассказывать?", "О своём")
    await answer(log, "Сколько вам лет?", "18 или больше")
    await answer(log, "Укажите, пожалуйста, ваш пол.", "Женский")
    await answer(log, "В какой стране вы сейчас живёте?", "Казахстан")
    await answer(log, "Когда вам удобно получать короткое напоминание", "Утром (09:00)")

    await expect(log).to_contain_text("Спасибо, это всё.")
    await expect_menu(
        log,
        "Что бы вы хотели сделать?",
        [
            "Рассказать о самочувствии",
            "Упражнения и советы",
            "Вопросы о моём самочувствии",
            "Упражнение для успокоения",
            "Поговорить с консультантом",
        ],
    )
    await page.screenshot(path=SCREENSHOT, full_page=True)
    await assert_stops_cleanly(sandbox)
