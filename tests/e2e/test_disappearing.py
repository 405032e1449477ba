"""Disappearing messages on a shared phone: /settings explains how to turn Telegram's
auto-delete timer on, in the person's language, and the bot says when it sees it turned
on or off; and, when asked, the bot deletes the chat's messages itself after some hours."""

from __future__ import annotations

from datetime import timedelta

from bot.jobs import clear_aged_once
from bot.sandbox.emulator import BotApiEmulator
from bot.spec.clock import Clock
from tests.support.harness import InProcessBot
from tests.support.onboarding import onboard_in
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
