"""Caregivers end to end over the emulator: the check-in about a child reaches a counsellor
when the child's answers are at their worst, with the reason in the counsellor's words."""

from __future__ import annotations

from bot.sandbox.emulator import BotApiEmulator
from tests.e2e.test_risk_signals import reasons_of
from tests.support.chat import wait_for_bot
from tests.support.harness import InProcessBot
from tests.support.onboarding import onboard_in
from tests.support.staff import linked
from tests.support.tables import table_rows


async def test_the_worst_answers_about_a_child_open_a_case_a_counsellor_reads_in_words(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    counsellor = await linked(emu, bot, 5558002, "Aigul", languages=("ru",), on_duty=True)
    person = emu.add_user(5558001, "Test")
    await onboard_in(person, "ru", role="caregiver", child_age="0-5")
    await person.tap("Вопросы о моём самочувствии")
    await person.tap("Как дела у моего ребёнка")
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
    await person.tap("How my child is doing")
    await person.tap("Badly most nights")
    await person.tap("Hardly at all")
    await person.tap("Sometimes")
    replies = await person.tap("Manageable")

    assert await table_rows(database_url, "escalations") == []
    assert any("Would you like some ideas?" in m.text for m in replies)
