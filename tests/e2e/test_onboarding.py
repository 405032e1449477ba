"""A new person completes onboarding with buttons, in English and in Russian."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.runtime import Content
from bot.sandbox.emulator import BotApiEmulator
from bot.spec.clock import Clock
from tests.support.harness import InProcessBot, bot_settings, running_bot, scrub_environment
from tests.support.onboarding import ENGLISH_SELF
from tests.support.tables import table_rows

MENU_EN = "What would you like to do?"
MENU_RU = "Что бы вы хотели сделать?"


async def test_onboarding_in_english(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    user = emu.add_user(5551001, "Test", language_code="en")
    replies = await user.send("/start")
    assert user.buttons() == ["English", "Русский", "Қазақша", "Кыргызча", "Oʻzbekcha", "Тоҷикӣ"], [
        m.text for m in replies
    ]
    for button in ENGLISH_SELF:
        await user.tap(button)
    last = user.last_message()
    assert last is not None and last.text == MENU_EN
    assert user.buttons() == [
        "Check in now",
        "Exercises and tips",
        "Questions about how I've been",
        "A calming exercise",
        "Talk to a counsellor",
    ]

    [person] = await table_rows(database_url, "participants")
    assert person["locale"] == "en"
    assert (person["role"], person["age_band"], person["gender"]) == ("self", "adult", "female")
    assert (person["country"], person["timezone"]) == ("KZ", "Asia/Almaty")
    assert person["checkin_time"] == "19:00"
    assert person["consented_at"] is not None
    # The answered question shows the choice and no longer offers buttons.
    consent = next(m for m in user.messages() if m.text.startswith("Do you agree?"))
    assert consent.buttons() == [] and consent.text.endswith("✓ Agree")


async def test_onboarding_in_russian_as_a_caregiver(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    user = emu.add_user(5551002, "Тест", language_code="ru")
    await user.send("/start")
    # Telegram's language only decides which language the first question is asked in.
    first = user.last_message()
    assert first is not None and first.text.startswith("Здравствуйте")
    for button in [
        "Русский",
        "Да, соглашаюсь",
        "О ребёнке, о котором я забочусь",
        "Бабушка или дедушка",
        "6–12 лет",
        "Да, добавить ещё ребёнка",
        "0–5 лет",
        "Нет, это всё",
        "18 или больше",
        "Не хочу указывать",
        "Узбекистан",
        "Утром (09:00)",
    ]:
        await user.tap(button)
    last = user.last_message()
    assert last is not None and last.text == MENU_RU
    [person] = await table_rows(database_url, "participants")
    # A grandmother of two: no names, each child only an age band.
    assert (person["locale"], person["role"], person["relationship"]) == (
        "ru",
        "caregiver",
        "grandparent",
    )
    assert (person["children"], person["child_age_band"]) == ("6-12,0-5", "0-5")
    assert (person["gender"], person["timezone"]) == ("unsaid", "Asia/Tashkent")


async def test_declining_consent_keeps_nothing(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    user = emu.add_user(5551003, "Test")
    await user.send("/start")
    await user.tap("English")
    replies = await user.tap("No thanks")
    assert any("We have not kept anything" in m.text for m in replies)
    for table in ("participants", "flow_states", "answers"):
        assert await table_rows(database_url, table) == [], table


async def test_under_thirteen_is_pointed_to_a_trusted_adult_and_kept_nowhere(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    user = emu.add_user(5551004, "Test")
    await user.send("/start")
    for button in ["English", "Agree", "Myself"]:
        await user.tap(button)
    replies = await user.tap("Under 13")
    assert any("adult you trust" in m.text and "112" in m.text for m in replies)
    assert await table_rows(database_url, "participants") == []
    assert await table_rows(database_url, "answers") == []


async def test_the_consent_names_who_runs_the_service(
    emulator: tuple[BotApiEmulator, str],
    database_url: str,
    tmp_path: Path,
    clock: Clock,
    content: Content,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    emu, url = emulator
    scrub_environment(monkeypatch)
    settings = bot_settings(url, database_url, tmp_path / "data").model_copy(
        update={"organisation_name": "Example Care", "organisation_contact": "+7 700 000 0000"}
    )
    async with running_bot(emu, settings, clock, content):
        user = emu.add_user(5551005, "Тест")
        await user.send("/start")
        [consent] = [m for m in await user.tap("Русский") if "Qadam" in m.text]
        assert "Кто ведёт Qadam: Example Care, +7 700 000 0000." in consent.text
        assert "{organisation}" not in consent.text
        simple = await user.tap("Объясните проще")
        assert any("Кто ведёт Qadam: Example Care, +7 700 000 0000." in m.text for m in simple)
        await user.tap("Да, соглашаюсь")
    [person] = await table_rows(database_url, "participants")
    assert person["consented_at"] is not None


async def test_a_setup_without_an_organisation_does_not_pass_for_a_real_service(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot
) -> None:
    emu, _ = emulator
    user = emu.add_user(5551006, "Test")
    await user.send("/start")
    replies = await user.tap("English")
    assert any(
        "Qadam is run by: nobody yet: this is a test setup, not a real service." in m.text
        for m in replies
    )
