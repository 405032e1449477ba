"""Disappearing messages on a shared phone: /settings explains how to turn Telegram's
auto-delete timer on, in the person's language, and the bot says when it sees it turned
on or off."""

from __future__ import annotations

from bot.sandbox.emulator import BotApiEmulator
from tests.support.harness import InProcessBot
from tests.support.onboarding import onboard_in

ONE_DAY = 86400


async def test_the_timer_is_explained_and_acknowledged_in_the_persons_language(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot
) -> None:
    emu, _ = emulator
    person = emu.add_user(5583001, "Madina")
    await onboard_in(person, "ru")
    await person.send("/settings")
    [explained, *_] = await person.tap("Исчезающие сообщения")
    assert "«Автоудаление»" in explained.text

    [on] = await person.set_auto_delete(ONE_DAY)
    assert on.text.startswith("Спасибо: теперь Telegram сам удаляет сообщения")
    assert "/clear" in on.text and on.protect_content
    assert person.chat.full_info()["message_auto_delete_time"] == ONE_DAY

    [off] = await person.set_auto_delete(0)
    assert off.text.startswith("Telegram больше не удаляет сообщения")
    assert "message_auto_delete_time" not in person.chat.full_info()
