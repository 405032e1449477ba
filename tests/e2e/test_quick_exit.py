"""Quick exit on a shared phone: after a hard evening (a crisis card, a counsellor's
words), one tap deletes every message of the last 48 hours from both sides, leaves one
neutral line, and changes nothing the person was promised."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from bot.app import retention
from bot.i18n import texts
from bot.sandbox.emulator import BotApiEmulator
from bot.sandbox.models import RecordedMessage
from bot.spec.clock import Clock
from tests.support.chat import wait_for_bot, wait_for_button
from tests.support.harness import InProcessBot
from tests.support.onboarding import onboard_in
from tests.support.staff import linked
from tests.support.tables import every_value, table_rows

PERSON = 5581001
# What the chat's id and ids of its messages say about a person: only held for quick exit;
# and the sender's lease, renewed whenever its clock says so.
UNCHANGED_BY_CLEARING = {"outbox", "chat_traces", "processed_updates", "leases"}


async def _stored(url: str) -> list[tuple[str, str, Any]]:
    """Every cell of every table but the delivery machinery's own."""
    cells = await every_value(url)
    return sorted(
        ((t, c, repr(v)) for t, c, v in cells if t not in UNCHANGED_BY_CLEARING),
        key=repr,
    )


async def test_one_tap_clears_the_last_48_hours_and_nothing_stored_changes(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str, clock: Clock
) -> None:
    emu, _ = emulator
    counsellor = await linked(emu, bot, 5581101, "Aigul", languages=("en",), on_duty=True)
    person = emu.add_user(PERSON, "Madina")
    await onboard_in(person, "en")
    # Two days later the onboarding is too old for Telegram to delete: it stays.
    clock.advance(timedelta(hours=49))
    kept = [m.message_id for m in person.messages()]

    await person.send("I want to die")
    assert any(texts.CLEAR_CHAT in b for b in person.buttons())
    await counsellor.tap(texts.CASE_CLAIM)
    [participant] = await table_rows(database_url, "participants")
    code = participant["code"]
    before = len(person.messages())
    await counsellor.send(f"/reply {code} I am here with you.")
    await wait_for_bot(person, before)
    recent = [m.message_id for m in person.messages() if m.message_id not in kept]
    assert len(recent) >= 3
    stored = await _stored(database_url)

    await person.tap(texts.CLEAR_CHAT)

    shown = person.messages()
    assert [m.message_id for m in shown[:-1]] == kept
    [left] = shown[-1:]
    assert left.sender == "bot" and left.text == "Hello! Send /menu whenever you like."
    gone = {m.message_id for m in person.chat.messages if m.deleted}
    assert gone == set(recent)
    assert await _stored(database_url) == stored

    # The one line left goes too with the next clearing, and a second /clear leaves one line.
    await person.send("/clear")
    [only] = [m for m in person.messages() if m.message_id not in kept]
    assert only.text == left.text and only.message_id != left.message_id


async def test_message_ids_are_held_only_sealed_and_only_for_48_hours(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str, clock: Clock
) -> None:
    emu, _ = emulator
    person = emu.add_user(5581002, "Madina")
    # Ids no other cell could hold by chance (a row id, a count, a time of day).
    person.chat.next_message_id = 7_340_000_001
    await onboard_in(person, "en")
    await person.send("/myplan")
    ids = {m.message_id for m in person.chat.messages}
    assert len(ids) > 10 and {m.sender for m in person.chat.messages} == {"bot", "user"}

    cells = await every_value(database_url)
    held = [(table, column) for table, column, value in cells if _names_an_id(value, ids)]
    assert held == []
    assert await table_rows(database_url, "chat_traces")

    clock.advance(timedelta(hours=48, seconds=1))
    async with bot.assembly.sessionmaker() as db, db.begin():
        await retention.purge(db, clock.now())
    assert await table_rows(database_url, "chat_traces") == []


def _names_an_id(value: object, ids: set[int]) -> bool:
    if isinstance(value, int):
        return value in ids
    if isinstance(value, str | bytes):
        shown = value if isinstance(value, str) else value.decode("latin-1")
        return any(str(number) in shown for number in ids)
    return False


async def test_a_questionnaire_result_can_be_cleared_with_one_tap(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot
) -> None:
    emu, _ = emulator
    person = emu.add_user(5581003, "Madina")
    await onboard_in(person, "en")
    await person.tap("Questions about how I've been")
    await person.tap("Worry and tension")
    [question] = await person.tap("Not at all")
    assert texts.CLEAR_CHAT not in [b["text"] for b in question.buttons()]

    [result] = await person.tap("Not at all")
    assert "worry has not been troubling you" in result.text
    assert [b["text"] for b in result.buttons()] == [texts.CLEAR_CHAT]
    await person.tap(texts.CLEAR_CHAT)
    assert result.deleted
    assert not any("worry" in m.text for m in person.messages())


def _clearable(message: RecordedMessage) -> bool:
    return texts.CLEAR_CHAT in [button["text"] for button in message.buttons()]


async def test_every_crisis_screen_and_the_finished_plan_carry_the_clear_button(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot
) -> None:
    emu, _ = emulator
    person = emu.add_user(5581004, "Madina")
    await onboard_in(person, "en")

    # The check-in's risk question: the crisis card and "While you wait…", then waiting.
    await person.send("/menu")
    await person.tap("Check in now")
    await person.tap("😢 Very low")
    card, offer = await person.tap("Yes, right now")
    assert "counsellor" in card.text and offer.text.startswith("While you wait")
    assert _clearable(card) and _clearable(offer)
    waiting = await person.tap("I'll just wait")
    assert waiting and all(_clearable(m) for m in waiting)

    # The end of the safety plan: "Your plan is ready" and what this chat still shows.
    await person.send("/library")
    await person.tap("Staying safe")
    await person.tap("My safety plan · 3 min")
    await person.tap("Let's start")
    for answer in ["I stop sleeping", "Slow breathing", "Walking by the river"]:
        await person.send(answer)
    await person.tap("Let's go on")
    before = len(person.messages())
    for answer in ["My sister", "The counsellor here, 112", "Keep the evenings busy"]:
        await person.send(answer)
    await wait_for_button(person, "Yes")
    ready, kept = [m for m in person.messages()[before:] if m.sender == "bot"][-3:-1]
    assert ready.text.startswith("Your plan is ready") and "/clear" in kept.text
    assert _clearable(ready) and _clearable(kept)

    # Everything held about the person, summed up.
    summary, document = await person.send("/mydata")
    assert _clearable(summary)
    # The plan she just made is in the document under its own name.
    held = json.loads(document.file_data or b"")
    assert held["safety_plan"]["plan_warning_signs"] == "I stop sleeping"


async def test_where_quick_exit_is_explained_it_says_older_messages_stay(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot
) -> None:
    emu, _ = emulator
    person = emu.add_user(5581005, "Madina")
    await onboard_in(person, "ru")
    [welcome] = [m for m in person.messages() if "/clear" in m.text]
    assert "сообщения за последние двое суток" in welcome.text
    assert "только если вы сами удалите весь чат в Telegram" in welcome.text
    assert ("clear", "Clear the last two days of this chat") in person.menu()
