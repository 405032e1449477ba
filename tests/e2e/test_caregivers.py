"""Caregivers end to end over the emulator: the check-in about a child reaches a counsellor
when the child's answers are at their worst, with the reason in the counsellor's words."""

from __future__ import annotations

from bot.sandbox.emulator import BotApiEmulator
from tests.support.chat import wait_for_bot
from tests.support.harness import InProcessBot
from tests.support.onboarding import onboard_in
from tests.support.staff import linked
from tests.support.tables import reasons_of, table_rows


async def test_the_worst_answers_about_a_child_open_a_case_a_counsellor_reads_in_words(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    counsellor = await linked(emu, bot, 5558002, "Aigul", languages=("ru",), on_duty=True)
    person = emu.add_user(5558001, "Test")
    await onboard_in(person, "ru", role="caregiver", child_age="0-5")
    await person.tap("Вопросы о моём самочувствии")
    await person.tap("Как дела у ребёнка")
    await person.tap("Плохо почти каждую ночь")
    await person.tap("Почти нет")
    await person.tap("Часто")
    before = len(counsellor.messages())
    replies = await person.tap("Терпимо")

    [case] = await table_rows(database_url, "escalations")
    assert case["severity"] == "medium" and reasons_of(case) == ["child-severe-distress"]
    assert any("Консультант напишет вам здесь" in m.text for m in replies)
    notices = await wait_for_bot(counsellor, before)
    assert any("ребёнок плохо спит, почти не играет и часто боится" in m.text for m in notices)


async def test_hard_answers_short_of_the_worst_offer_ideas_and_open_no_case(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    person = emu.add_user(5558011, "Test")
    await onboard_in(person, "en", role="caregiver", child_age="0-5")
    await person.tap("Questions about how I've been")
    await person.tap("How the child is doing")
    await person.tap("Badly most nights")
    await person.tap("Hardly at all")
    await person.tap("Sometimes")
    replies = await person.tap("Manageable")

    assert await table_rows(database_url, "escalations") == []
    assert any("Would you like some ideas?" in m.text for m in replies)


async def test_a_grandmother_of_two_says_which_child_and_the_answers_are_kept_with_that_child(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    person = emu.add_user(5558021, "Test")
    await person.send("/start")
    for tap in ["English", "Agree", "A child I look after", "Grandparent", "6–12 years"]:
        await person.tap(tap)
    for tap in ["Yes, add another child", "0–5 years", "No, that's all", "18 or older"]:
        await person.tap(tap)
    for tap in ["Female", "Kazakhstan", "Evening (19:00)"]:
        await person.tap(tap)
    await person.tap("Questions about how I've been")
    await person.tap("How the child is doing")
    assert person.buttons() == ["Child 1 · 6–12 years", "Child 2 · 0–5 years"]
    await person.tap("Child 2 · 0–5 years")
    await person.tap("Well")
    replies = await person.tap("Yes, as usual")
    # The questions are those for a small child: how clingy, and no school.
    assert any("clinging to you" in m.text for m in replies)
    await person.tap("No, not really")
    await person.tap("Manageable")

    answers = await table_rows(database_url, "answers")
    kept = [(a["var"], a["value"]) for a in answers if a["flow"] == "checkin-child"]
    assert [var for var, _ in kept] == [
        "child",
        "child_sleep",
        "child_play",
        "child_fears",
        "caregiver_stress",
    ]
    assert str(kept[0][1]).strip('"') == "2"
    [participant] = await table_rows(database_url, "participants")
    assert (participant["children"], participant["child_age_band"]) == ("6-12,0-5", "0-5")


async def test_settings_add_a_child_and_remove_one_but_never_the_last(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    person = emu.add_user(5558031, "Test")
    await onboard_in(person, "en", role="caregiver", relationship="father", child_age="0-5")
    await person.send("/settings")
    for tap in ["About me", "A child I look after", "Father", "➕ Add a child", "13–17 years"]:
        await person.tap(tap)
    await person.tap("➖ Remove a child")
    assert person.buttons() == ["Child 1 · 0–5 years", "Child 2 · 13–17 years"]
    await person.tap("Child 1 · 0–5 years")
    # One child left: it can be added to, not removed.
    assert person.buttons() == ["➕ Add a child", "No, go on"]
    for tap in ["No, go on", "18 or older", "Male", "Uzbekistan"]:
        await person.tap(tap)
    [participant] = await table_rows(database_url, "participants")
    assert (participant["relationship"], participant["children"]) == ("father", "13-17")
    assert participant["child_age_band"] == "13-17"
