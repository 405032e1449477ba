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
from tests.support.staff import linked
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


async def test_the_longest_texts_arrive_whole_and_a_failed_one_is_reported(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    counsellor = await linked(emu, bot, 5559301, "Aigul", languages=("en",), on_duty=True)
    person = emu.add_user(5559302, "Madina")
    await onboard_english(person)
    await person.send("I want to die")
    [row] = await table_rows(database_url, "participants")
    code = row["code"]
    await counsellor.tap(texts.CASE_CLAIM)

    # A counsellor's longest /reply: the bot's heading pushes it past Telegram's limit.
    words = ("I am here with you. " * 300)[: 4096 - len(f"/reply {code} ")].strip()
    before = len(person.messages())
    [queued] = await counsellor.send(f"/reply {code} {words}")
    assert queued.text == texts.STAFF_SENT % {"code": code}
    parts = await wait_for_bot(person, before)
    assert len(parts) == 2 and all(len(p.text) <= 4096 for p in parts)
    assert parts[0].text.startswith(texts.COUNSELLOR_SAYS)
    assert " ".join(p.text for p in parts).endswith(words[-200:])
    assert parts[0].text.endswith(".")  # cut between sentences, not mid-word
    assert [b["text"] for b in parts[-1].buttons()] == [texts.RELAY_END, texts.CLEAR_CHAT]

    # The person's longest message, with the code the bot puts before it for staff.
    long = "🌙 " + "мне страшно и одиноко " * 200
    long = long[:4090]  # Telegram lets a person send up to 4096
    before = len(counsellor.messages())
    emu.world.person_says(person.person, long)
    relayed = await wait_for_bot(counsellor, before)
    assert len(relayed) == 2 and relayed[0].text.startswith(f"{code} writes:")

    # Telegram refuses the next one for good: the counsellor is told, not left with "queued".
    emu.fail_next(
        "sendMessage", status=400, description="Bad Request: chat not found", chat_id=person.id
    )
    before = len(counsellor.messages())
    await counsellor.send(f"/reply {code} Are you still there?")
    told = await wait_for_bot(counsellor, before)
    assert told[-1].text == texts.STAFF_NOT_DELIVERED % {"code": code}


async def test_connections_dropped_before_and_after_telegram_answers_lose_nothing(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot
) -> None:
    emu, _ = emulator
    user = emu.add_user(5559301, "Reset")
    await onboard_english(user)
    # The poll is dropped before and after the server hands out updates: updates are
    # confirmed only by the next poll's offset, so none is lost or handled twice.
    emu.reset_next("getUpdates")
    emu.reset_next("getUpdates", after=True)
    [menu] = await user.send("/menu")
    assert menu.text == MENU_EN
    emu.reset_next("sendMessage", chat_id=user.id)
    [again] = await user.send("/menu")
    assert again.text == MENU_EN
