"""`wait` steps delay messages; the next flow follows them, and a new choice cancels them."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import conversations
from bot.domain import participants
from bot.domain.messaging import send_text
from bot.domain.services import Services
from bot.engine.session import Reply
from bot.outbox.queue import decode_payload
from bot.storage.models import OutboxMessage
from tests.domain.conftest import NOW, make_services

EXERCISE = """
spec: 1
flow: exercise
title: Exercise
start: one
steps:
  one:
    say: "Breathe in"
    wait: 4
    go: two
  two:
    say: "Breathe out"
    wait: 6
    go: {flow: after}
"""
AFTER = """
spec: 1
flow: after
title: After
start: ask
steps:
  ask:
    ask: "Was this helpful?"
    options:
      - {value: "yes", text: "Yes"}
      - {value: "no", text: "No"}
    save: helpful
    end: true
"""


def _flows(tmp_path: Path) -> Path:
    folder = tmp_path / "flows"
    folder.mkdir()
    (folder / "exercise.yaml").write_text(EXERCISE)
    (folder / "after.yaml").write_text(AFTER)
    return folder


async def _queued(db: AsyncSession, services: Services) -> list[tuple[str, float]]:
    rows = (await db.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all()
    return [
        (
            decode_payload(services.cipher, row)["text"],
            (row.not_before - NOW).total_seconds(),
        )
        for row in rows
    ]


async def test_a_flow_started_after_waits_comes_after_the_timed_messages(
    sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    services = make_services(_flows(tmp_path))
    async with sessions() as db, db.begin():
        person = await participants.enrol(db, services, 111, 111)
        await conversations.start(db, services, person, "exercise")
        assert await _queued(db, services) == [
            ("Breathe in", 0.0),
            ("Breathe out", 4.0),
            ("Was this helpful?", 10.0),
        ]


async def test_choosing_something_new_cancels_messages_still_waiting(
    sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    services = make_services(_flows(tmp_path))
    async with sessions() as db, db.begin():
        person = await participants.enrol(db, services, 222, 222)
        await conversations.start(db, services, person, "exercise")
    later = services.clock() + timedelta(seconds=1)
    services = dataclasses.replace(services, clock=lambda: later)
    async with sessions() as db, db.begin():
        found = await participants.find(db, services, 222)
        assert found is not None
        await conversations.start(db, services, found, "after")
        texts = [text for text, _ in await _queued(db, services)]
    # "Breathe in" was due already and stays; the waiting exercise messages are gone.
    assert texts == ["Breathe in", "Was this helpful?"]


async def test_a_message_waiting_for_a_retry_survives_a_new_choice(
    sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    services = make_services(_flows(tmp_path))
    async with sessions() as db, db.begin():
        person = await participants.enrol(db, services, 333, 333)
        await send_text(db, services, person, "A counsellor will write to you here.")
        retried = (await db.scalars(select(OutboxMessage))).one()
        # The sender tried once, got a 5xx, and put it back for later.
        retried.attempts, retried.not_before = 1, NOW + timedelta(seconds=30)
        await conversations.start(db, services, person, "after")
        texts = [text for text, _ in await _queued(db, services)]
    assert texts == ["A counsellor will write to you here.", "Was this helpful?"]


async def test_a_session_in_a_flow_that_no_longer_exists_gets_the_menu(
    sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    services = make_services(_flows(tmp_path))
    async with sessions() as db, db.begin():
        person = await participants.enrol(db, services, 444, 444)
        await conversations.start(db, services, person, "after")
    (tmp_path / "flows" / "after.yaml").unlink()
    (tmp_path / "flows" / "exercise.yaml").unlink()
    (tmp_path / "flows" / "other.yaml").write_text(AFTER.replace("flow: after", "flow: other"))
    redeployed = make_services(tmp_path / "flows")
    redeployed = dataclasses.replace(redeployed, keys=services.keys, cipher=services.cipher)
    async with sessions() as db, db.begin():
        found = await participants.find(db, redeployed, 444)
        assert found is not None
        assert await conversations.load_session(db, redeployed, found) is None
        with pytest.raises(conversations.NoActiveFlow):
            session = await conversations.load_session(db, redeployed, found)
            await conversations.reply(
                db, redeployed, found, session, Reply(at=NOW, choice=0, seq=1)
            )
