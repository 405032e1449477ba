"""Disappearing messages on a shared phone: /settings explains how to turn Telegram's
auto-delete timer on, in the person's language, and the bot says when it sees it turned
on or off; and, when asked, the bot deletes the chat's messages itself after some hours."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.i18n import texts
from bot.jobs import clear_aged_once
from bot.sandbox.driver import NoAnswerError
from bot.sandbox.emulator import BotApiEmulator
from bot.spec.clock import Clock
from tests.support.chat import wait_for_bot
from tests.support.harness import InProcessBot
from tests.support.onboarding import onboard_in
from tests.support.staff import linked
from tests.support.tables import table_rows

ONE_DAY = 86400


async def test_the_timer_is_explained_and_acknowledged_in_the_persons_language(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot
) -> None:
    emu, _ = emulator
    person = emu.add_user(5583001, "Madina")
    await onboard_in(person, "ru")
    await person.send("/settings")
    [explained] = await person.tap("Исчезающие сообщения")
    assert "«Автоудаление»" in explained.text
    await person.tap("Не удалять")

    [on] = await person.set_auto_delete(ONE_DAY)
    assert on.text.startswith("Спасибо: теперь Telegram сам удаляет сообщения")
    assert "/clear" in on.text and on.protect_content
    assert person.chat.full_info()["message_auto_delete_time"] == ONE_DAY

    [off] = await person.set_auto_delete(0)
    assert off.text.startswith("Telegram больше не удаляет сообщения")
    assert "message_auto_delete_time" not in person.chat.full_info()


async def test_the_bot_deletes_the_chat_older_than_the_hours_a_person_chose(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str, clock: Clock
) -> None:
    emu, _ = emulator
    person = emu.add_user(5583002, "Madina")
    await onboard_in(person, "en")
    await person.send("/settings")
    await person.tap("Disappearing messages")
    await person.tap("After 1 hour")
    [participant] = await table_rows(database_url, "participants")
    assert participant["clear_after"] == "1"
    older = [m.message_id for m in person.messages()]
    clock.advance(timedelta(minutes=30))
    await person.send("/myplan")
    recent = [m.message_id for m in person.messages() if m.message_id not in older]
    assert recent

    clock.advance(timedelta(minutes=31))
    await clear_aged_once(bot.assembly.sessionmaker, bot.assembly.services)
    assert person.world.idle_probe is not None
    await person.world.idle_probe.settle(15)

    assert [m.message_id for m in person.messages()] == recent
    assert {m.message_id for m in person.chat.messages if m.deleted} == set(older)


async def test_a_timer_set_before_the_bot_could_see_it_is_read_from_telegram(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot
) -> None:
    emu, _ = emulator
    person = emu.add_user(5583003, "Madina")
    # Turned on before the person agreed to anything: the bot holds nobody to tell.
    with pytest.raises(NoAnswerError):
        await person.set_auto_delete(7 * ONE_DAY)
    await onboard_in(person, "ru")
    before = len(person.messages())

    await person.send("/settings")
    await person.tap("Исчезающие сообщения")
    explained, seen = (await wait_for_bot(person, before))[-2:]
    assert "«Автоудаление»" in explained.text
    assert seen.text.startswith("Вижу, что Telegram уже сам удаляет сообщения в этом чате")
    assert seen.protect_content
    assert emu.calls("getChat") == 1

    # With the timer off, the explanation alone answers.
    await person.set_auto_delete(0)
    await person.tap("Не удалять")
    await person.send("/settings")
    before = len(person.messages())
    await person.tap("Исчезающие сообщения")
    [explained] = await wait_for_bot(person, before)
    assert "«Автоудаление»" in explained.text
    assert emu.calls("getChat") == 2


async def test_a_counsellors_reply_waits_for_the_person_before_its_hours_count(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str, clock: Clock
) -> None:
    emu, _ = emulator
    counsellor = await linked(emu, bot, 5583104, "Aigul", languages=("en",), on_duty=True)
    person = emu.add_user(5583004, "Madina")
    await onboard_in(person, "en")
    await person.send("/settings")
    explained = await person.tap("Disappearing messages")
    assert "counsellor" in explained[-1].text
    await person.tap("After 1 hour")
    await person.send("I want to die")
    await counsellor.tap(texts.CASE_CLAIM)
    [participant] = await table_rows(database_url, "participants")
    before = len(person.messages())
    await counsellor.send(f"/reply {participant['code']} I am here with you.")
    [reply] = await wait_for_bot(person, before)
    assert "I am here with you." in reply.text

    async def clear_aged() -> None:
        await clear_aged_once(bot.assembly.sessionmaker, bot.assembly.services)
        assert person.world.idle_probe is not None
        await person.world.idle_probe.settle(15)

    # Hours pass with the reply unread: everything else goes, the reply stays.
    clock.advance(timedelta(hours=3))
    await clear_aged()
    assert [m.message_id for m in person.messages()] == [reply.message_id]

    # She answers (her words go to the counsellor, nothing back): from then on the
    # reply's hour counts like any other message's.
    with pytest.raises(NoAnswerError):
        await person.send("Thank you")
    clock.advance(timedelta(minutes=30))
    await clear_aged()
    assert reply.message_id in [m.message_id for m in person.messages()]
    clock.advance(timedelta(minutes=31))
    await clear_aged()
    assert reply.message_id not in [m.message_id for m in person.messages()]
    assert reply.message_id in {m.message_id for m in person.chat.messages if m.deleted}


async def test_a_tap_after_a_counsellors_reply_starts_its_hours_too(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str, clock: Clock
) -> None:
    emu, _ = emulator
    counsellor = await linked(emu, bot, 5583105, "Aigul", languages=("en",), on_duty=True)
    person = emu.add_user(5583005, "Madina")
    await onboard_in(person, "en")
    await person.send("/settings")
    await person.tap("Disappearing messages")
    await person.tap("After 1 hour")
    await person.send("I want to die")
    await counsellor.tap(texts.CASE_CLAIM)
    [participant] = await table_rows(database_url, "participants")
    before = len(person.messages())
    await counsellor.send(f"/reply {participant['code']} I am here with you.")
    [reply] = await wait_for_bot(person, before)

    clock.advance(timedelta(hours=2))
    await person.tap("End the conversation")
    clock.advance(timedelta(minutes=61))
    await clear_aged_once(bot.assembly.sessionmaker, bot.assembly.services)
    assert person.world.idle_probe is not None
    await person.world.idle_probe.settle(15)
    assert reply.message_id in {m.message_id for m in person.chat.messages if m.deleted}
