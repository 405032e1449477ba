"""What a shared phone shows: nothing the bot sends a person can be forwarded or saved."""

from __future__ import annotations

from bot.i18n import texts
from bot.sandbox.emulator import BotApiEmulator
from tests.support.chat import wait_for_bot
from tests.support.harness import InProcessBot
from tests.support.onboarding import onboard_in
from tests.support.staff import linked
from tests.support.tables import table_rows

PERSON = 5582001


async def test_every_message_to_a_person_is_protected_and_staff_ones_are_not(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    counsellor = await linked(emu, bot, 5582101, "Aigul", languages=("en",), on_duty=True)
    person = emu.add_user(PERSON, "Madina")
    await onboard_in(person, "en")
    await person.send("I want to die")
    await counsellor.tap(texts.CASE_CLAIM)
    [participant] = await table_rows(database_url, "participants")
    before = len(person.messages())
    await counsellor.send(f"/reply {participant['code']} I am here with you.")
    await wait_for_bot(person, before)
    await person.send("/myplan")

    sent = [m for m in person.chat.messages if m.sender == "bot"]
    assert len(sent) > 10
    assert [m.text for m in sent if not m.protect_content] == []
    staff_side = [m for m in counsellor.chat.messages if m.sender == "bot"]
    assert staff_side and not any(m.protect_content for m in staff_side)


async def test_discreet_mode_makes_every_first_line_neutral(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    counsellor = await linked(emu, bot, 5582102, "Aigul", languages=("en",), on_duty=True)
    person = emu.add_user(5582002, "Madina")
    await onboard_in(person, "en")
    await person.send("/settings")
    await person.tap("Discreet mode")
    await person.tap("Turn on")
    start = len(person.chat.messages)
    await person.send("/help")
    await person.send("I want to die")
    await counsellor.tap(texts.CASE_CLAIM)
    [participant] = await table_rows(database_url, "participants")
    assert participant["discreet"] == "on"
    before = len(person.messages())
    await counsellor.send(f"/reply {participant['code']} I am here with you.")
    await wait_for_bot(person, before)
    await person.send("/myplan")

    sent = [m for m in person.chat.messages[start:] if m.sender == "bot"]
    assert len(sent) >= 4
    assert {m.text.split("\n")[0] for m in sent} == {"A message for you"}
    assert not any("Your counsellor" in m.text for m in sent)
    assert not any("📞" in m.text or "🌱" in m.text for m in sent)


async def test_discreet_mode_gives_the_buttons_for_a_counsellor_neutral_words(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    counsellor = await linked(emu, bot, 5582103, "Aigul", languages=("ru",), on_duty=True)
    person = emu.add_user(5582003, "Madina")
    await onboard_in(person, "ru")
    await person.send("/settings")
    await person.tap("Незаметный режим")
    await person.tap("Включить")
    await person.send("/menu")
    assert "Поговорить с кем-нибудь" in person.buttons()
    assert not [b for b in person.buttons() if "консультант" in b]

    await person.tap("Поговорить с кем-нибудь")
    await counsellor.tap("Взять")
    [participant] = await table_rows(database_url, "participants")
    before = len(person.messages())
    await counsellor.send(f"/reply {participant['code']} Я рядом.")
    [reply] = await wait_for_bot(person, before)
    labels = [b["text"] for b in reply.buttons()]
    assert "Завершить" in labels and "Завершить разговор" not in labels
