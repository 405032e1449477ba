"""What a person meets in the chat: every language, one-tap check-ins, scored
questionnaires, the library and a safety plan, over the real bot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.engine.loader import load_library
from bot.engine.texts import resolve
from bot.sandbox.emulator import BotApiEmulator
from bot.spec.locales import ALL_LOCALES
from tests.support.chat import wait_for_button
from tests.support.harness import InProcessBot
from tests.support.onboarding import onboard_english
from tests.support.tables import table_rows

FLOWS = load_library(Path(__file__).resolve().parents[2] / "flows", ALL_LOCALES)
PHQ_NEARLY_EVERY_DAY = "Nearly every day"


def button(flow: str, step: str, value: object, locale: str) -> str:
    """The text of the option with `value` at `step`, as shown in `locale`."""
    options = FLOWS.flow(flow).steps[step].options or ()
    [option] = [o for o in options if o.value == value]
    return resolve(option.text, locale)


@pytest.mark.parametrize("locale", [loc for loc in ALL_LOCALES if loc not in {"en", "ru"}])
async def test_onboarding_completes_in_every_language(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str, locale: str
) -> None:
    emu, _ = emulator
    user = emu.add_user(5554001, "Test", language_code=locale)
    await user.send("/start")
    # Telegram's language is offered first.
    assert user.buttons()[0] == button("onboarding", "language", locale, locale)
    await user.tap(button("onboarding", "language", locale, locale))
    for step, value in [
        ("consent", "yes"),
        ("role", "self"),
        ("age", "adult"),
        ("gender", "female"),
        ("country", "KZ"),
        ("checkin_time", "19:00"),
    ]:
        await user.tap(button("onboarding", step, value, locale))
    last = user.last_message()
    menu_question = FLOWS.flow("menu").steps["choose"].ask
    assert menu_question is not None and last is not None
    assert last.text == resolve(menu_question, locale)
    [person] = await table_rows(database_url, "participants")
    assert person["locale"] == locale and person["consented_at"] is not None


async def test_the_daily_check_in_takes_one_tap(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    user = emu.add_user(5554002, "Test")
    await onboard_english(user)
    await user.tap("Check in now")
    replies = await user.tap("😊 Good")
    assert replies, "the check-in should answer the one tap"
    moods = [a["value"] for a in await table_rows(database_url, "answers") if a["var"] == "mood"]
    assert moods == [5]


async def test_phq9_is_scored_explained_and_stored(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    user = emu.add_user(5554003, "Test")
    await onboard_english(user)
    await user.tap("Questions about how I've been")
    await user.tap("My mood")
    # PHQ-2: 3 + 3 is screen-positive, so PHQ-9 follows: 3+3 then "Several days" x6 and
    # "Not at all" for item 9 makes 12, a moderate band with no item-9 flag.
    for answer in [PHQ_NEARLY_EVERY_DAY] * 4 + ["Several days"] * 6:
        await user.tap(answer)
    replies = await user.tap("Not at all")
    assert replies and "Traceback" not in bot.logs()
    measures = {m["instrument"]: m for m in await table_rows(database_url, "measures")}
    assert (measures["phq2"]["total"], measures["phq2"]["positive"]) == (6, True)
    phq9 = measures["phq9"]
    flags = phq9["flags"]
    # Raw SQL hands back JSON as text on SQLite and decoded on PostgreSQL.
    assert (json.loads(flags) if isinstance(flags, str) else flags) == []
    assert (phq9["total"], phq9["band"]) == (12, "moderate")
    explanation = FLOWS.flow("checkin-mood").steps["moderate"].say
    assert explanation is not None
    assert resolve(explanation, "en") in [m.text for m in replies]


async def test_library_and_a_safety_plan_read_back_with_myplan(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    user = emu.add_user(5554004, "Test")
    await onboard_english(user)
    await user.send("/library")
    topics = user.buttons()
    assert topics[0].startswith("★ ") and "Staying safe" in topics
    assert "Supporting your child" not in topics
    [empty] = await user.send("/myplan")
    assert empty.text.startswith("You have not made a safety plan yet")
    await user.tap("Make my plan")
    await user.tap("Let's start")
    for answer in ["I stop sleeping", "Slow breathing", "Walking by the river"]:
        await user.send(answer)
    await user.tap("Let's go on")
    for answer in ["My sister", "The counsellor here, 112", "Keep the evenings busy"]:
        await user.send(answer)
    await wait_for_button(user, "Yes")
    await user.tap("Yes")
    [plan] = await user.send("/myplan")
    assert plan.text.startswith("My safety plan")
    assert "Warning signs:\nI stop sleeping" in plan.text
    assert "People who can help:\nMy sister" in plan.text
    # Kept encrypted: the words are in no column of the database.
    answers = await table_rows(database_url, "answers")
    assert not [
        a for a in answers if "river" in str(a["value"]) or b"river" in bytes(a["text_enc"] or b"")
    ]


async def test_a_caregiver_of_a_6_to_12_year_old_gets_child_age_content(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot
) -> None:
    emu, _ = emulator
    user = emu.add_user(5554005, "Test")
    await user.send("/start")
    for tap in ["English", "Agree", "A child I look after", "Father", "6–12 years"]:
        await user.tap(tap)
    for tap in ["No, that's all", "18 or older"]:
        await user.tap(tap)
    for tap in ["Female", "Kazakhstan", "Evening (19:00)"]:
        await user.tap(tap)
    await user.send("/library")
    await user.tap("Supporting your child")
    modules = user.buttons()
    assert modules[0].startswith("How children show stress")
    replies = await user.tap(modules[0])
    texts = " ".join(m.text for m in replies)
    assert "Children of school age" in texts


async def test_a_timed_exercise_paces_its_messages(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot
) -> None:
    emu, _ = emulator
    user = emu.add_user(5554006, "Test")
    await onboard_english(user)
    before = len(user.messages())
    await user.tap("A calming exercise")
    await wait_for_button(user, "Yes", timeout=90)
    said = [m for m in user.messages()[before:] if m.sender == "bot"]
    steps = FLOWS.flow("breathing").steps
    expected = [resolve(step.say, "en") for step in steps.values() if step.say is not None]
    assert [m.text for m in said[: len(expected)]] == expected
    # Each message waits for the pause before it (dates are whole seconds).
    pauses = [step.wait or 0 for step in steps.values() if step.say is not None]
    for earlier, later, pause in zip(said, said[1:], pauses, strict=False):
        assert later.date - earlier.date >= pause - 1, (earlier.text, later.text)
