"""Bad input and floods, end to end: an update the bot cannot read is skipped without
deafening it or logging who sent it; a flood from one person is slowed, told once, and
still screened for risk, while everyone else is answered."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.i18n import texts
from bot.runtime import Content
from bot.sandbox.emulator import BotApiEmulator
from bot.spec.clock import Clock
from tests.support.chat import wait_for_bot
from tests.support.harness import InProcessBot, bot_settings, running_bot, scrub_environment
from tests.support.onboarding import onboard_english
from tests.support.tables import table_rows

MENU_EN = "What would you like to do?"


async def test_an_unreadable_update_is_skipped_and_the_next_ones_are_answered(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot
) -> None:
    emu, _ = emulator
    user = emu.add_user(5559101, "Zarina", last_name="Secretova", username="zarina_private")
    await onboard_english(user)
    poison = emu.world.updates.push(
        "message",
        {
            "message_id": 999,
            "from": user.person.to_api(),
            "chat": user.chat.to_api(),
            "date": "yesterday",  # a field of the wrong type
            "text": "hello",
        },
    )
    [menu] = await user.send("/menu")
    assert menu.text == MENU_EN
    logs = bot.logs()
    assert f'"update_id": {poison.update_id}' in logs and "update.unreadable_skipped" in logs
    for secret in ("Zarina", "Secretova", "zarina_private", str(user.id)):
        assert secret not in logs


@pytest.fixture
async def strict_bot(
    emulator: tuple[BotApiEmulator, str],
    database_url: str,
    tmp_path: Path,
    clock: Clock,
    content: Content,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[InProcessBot]:
    """The bot with a flood limit low enough to reach: 12 updates at once, then 1 a second."""
    emu, url = emulator
    scrub_environment(monkeypatch)
    settings = bot_settings(url, database_url, tmp_path / "data").model_copy(
        update={"flood_burst": 12, "flood_per_second": 1.0}
    )
    async with running_bot(emu, settings, clock, content) as running:
        yield running


async def test_a_flood_is_slowed_told_once_and_still_screened(
    emulator: tuple[BotApiEmulator, str], strict_bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    flooder = emu.add_user(5559201, "Flood")
    other = emu.add_user(5559202, "Calm")
    await onboard_english(flooder)
    await onboard_english(other)
    before = len(flooder.messages())
    for n in range(100):
        emu.world.person_says(flooder.person, "I want to die" if n == 60 else f"spam {n}")
    [menu] = await other.send("/menu")  # everyone else is still answered
    assert menu.text == MENU_EN
    replies = await wait_for_bot(flooder, before)
    slow = [m for m in replies if m.text == texts.SLOW_DOWN]
    assert len(slow) == 1, "told once, not once per message"
    assert any(m.text.startswith(texts.CRISIS_INTRO) for m in replies), "risk still screened"
    assert len(replies) < 40, "the excess is not run as flow steps"
    [case] = await table_rows(database_url, "escalations")
    assert case["severity"] == "high"
