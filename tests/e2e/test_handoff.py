"""A handler's reply is made as its transaction commits, handed to the sender rather than
found in the queue and claimed on its next pass (issue #17), and never ahead of a message
the chat still waits for."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from bot.outbox import queue
from bot.outbox.messages import PRIORITY_CONVERSATION
from bot.outbox.sender import OutboxSender
from bot.sandbox.emulator import BotApiEmulator
from bot.storage.models import OutboxMessage
from tests.support.harness import InProcessBot
from tests.support.onboarding import onboard_in
from tests.support.spies import calls_to
from tests.support.tables import table_rows

PERSON = 5590001
EARLIER = "Words that met a Telegram outage and wait for their retry."
RETRY_IN_SECONDS = 2


async def test_a_reply_goes_out_without_the_sender_claiming_it(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    emu, _ = emulator
    person = emu.add_user(PERSON, "Dilnoza")
    await onboard_in(person, "en")
    claimed = calls_to(monkeypatch, OutboxSender, "_claim")
    before = len(person.messages())
    replies = await person.send("/menu")
    assert replies and len(person.messages()) > before
    assert claimed == []


async def test_a_reply_waits_behind_a_message_waiting_for_its_retry(
    emulator: tuple[BotApiEmulator, str], bot: InProcessBot, database_url: str
) -> None:
    emu, _ = emulator
    person = emu.add_user(PERSON, "Dilnoza")
    await onboard_in(person, "en")
    [participant] = await table_rows(database_url, "participants")
    services = bot.assembly.services
    async with bot.assembly.sessionmaker() as db, db.begin():
        await queue.enqueue(
            db,
            services.cipher,
            recipient=f"p:{participant['id']}",
            participant_id=participant["id"],
            method="sendMessage",
            payload={"chat_id": PERSON, "text": EARLIER},
            priority=PRIORITY_CONVERSATION,
            now=services.clock(),
            delay=RETRY_IN_SECONDS,
        )
        # As the sender leaves a row after a 5xx: tried once, due again shortly.
        await db.execute(
            update(OutboxMessage)
            .where(OutboxMessage.participant_id == participant["id"])
            .where(OutboxMessage.status == "pending")
            .values(attempts=1, last_error="TelegramServerError")
        )
    before = len(person.messages())

    # The driver waits until the bot is idle: the reply waits, so it waits for the retry.
    await person.send("/menu")

    arrived = [m.text for m in person.messages()[before:] if m.sender == "bot"]
    assert arrived[0] == EARLIER
    assert len(arrived) > 1
