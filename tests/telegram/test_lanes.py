"""Updates of different chats are handled side by side, one chat's in order, and nothing
is confirmed to Telegram before it is handled."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiogram import Bot, Router
from aiogram.types import Message, Update
from aiogram.utils.backoff import Backoff

from bot.sandbox import BotApiEmulator
from bot.telegram import polling as polling_module
from bot.telegram.lanes import Lanes
from bot.telegram.polling import LanedDispatcher
from bot.telegram.session import read_update

TIMEOUT = 10.0


@dataclass
class Seen:
    """What the handler saw, in the order it saw it; "slow" waits for `release`."""

    events: list[tuple[str, int, str]] = field(default_factory=list)
    release: asyncio.Event = field(default_factory=asyncio.Event)
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    def note(self, what: str, chat: int, text: str) -> None:
        self.events.append((what, chat, text))
        self.changed.set()

    async def until(self, condition: Callable[[], bool]) -> None:
        async with asyncio.timeout(TIMEOUT):
            while not condition():
                self.changed.clear()
                await self.changed.wait()

    def of(self, chat: int) -> list[tuple[str, str]]:
        return [(what, text) for what, c, text in self.events if c == chat]


def _router(seen: Seen) -> Router:
    router = Router()

    @router.message()
    async def handle(message: Message) -> None:
        text = message.text or ""
        seen.note("start", message.chat.id, text)
        if text == "slow":
            await seen.release.wait()
        else:
            # A pause in every handler, so one chat's updates would overlap if allowed to.
            await asyncio.sleep(0.01)
        seen.note("end", message.chat.id, text)

    return router


class Polling:
    def __init__(
        self, bot: Bot, seen: Seen, durable: Callable[[], Awaitable[None]] | None = None
    ) -> None:
        self.dispatcher = LanedDispatcher(durable=durable)
        self.dispatcher.include_router(_router(seen))
        self.task = asyncio.create_task(
            self.dispatcher.start_polling(bot, handle_signals=False, close_bot_session=False)
        )

    async def stop(self) -> None:
        await self.dispatcher.stop_polling()
        await self.task


@pytest.fixture
def seen() -> Seen:
    return Seen()


@pytest.fixture
async def polling(bot: Bot, seen: Seen) -> AsyncIterator[Polling]:
    running = Polling(bot, seen)
    yield running
    seen.release.set()
    if not running.task.done():
        await running.stop()


def _pending(emulator: BotApiEmulator) -> list[int]:
    return [update.update_id for update in emulator.world.updates.pending]


async def test_a_slow_update_in_one_chat_does_not_delay_another(
    emulator: BotApiEmulator, seen: Seen, polling: Polling
) -> None:
    aigerim, bakyt = emulator.add_user(1, "A"), emulator.add_user(2, "B")
    emulator.world.person_says(aigerim.person, "slow")
    await seen.until(lambda: ("start", "slow") in seen.of(1))
    emulator.world.person_says(bakyt.person, "hello")

    await seen.until(lambda: ("end", "hello") in seen.of(2))

    assert ("end", "slow") not in seen.of(1)
    # Bakyt's update is handled, but Aigerim's came first and is not: neither is
    # confirmed, so a crash now would lose nothing.
    assert len(_pending(emulator)) == 2
    seen.release.set()
    await seen.until(lambda: ("end", "slow") in seen.of(1))
    async with asyncio.timeout(TIMEOUT):
        while _pending(emulator):
            await asyncio.sleep(0.01)


async def test_an_update_sent_again_while_it_is_handled_is_read_once(
    bot: Bot, emulator: BotApiEmulator, seen: Seen, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Telegram sends unconfirmed updates with every answer; reading them again each time
    cost more than handling them under load."""
    read: list[int] = []

    def counted(bot: Bot, raw: dict[str, Any]) -> Update:
        read.append(raw["update_id"])
        return read_update(bot, raw)

    monkeypatch.setattr(polling_module, "read_update", counted)
    running = Polling(bot, seen)
    try:
        aigerim = emulator.add_user(1, "A")
        emulator.world.person_says(aigerim.person, "slow")
        await seen.until(lambda: ("start", "slow") in seen.of(1))
        polls = emulator.calls("getUpdates")
        async with asyncio.timeout(TIMEOUT):
            while emulator.calls("getUpdates") < polls + 5:
                await asyncio.sleep(0.01)
        [slow] = _pending(emulator)
        assert read == [slow]
    finally:
        seen.release.set()
        await running.stop()


async def test_one_chats_updates_are_handled_one_at_a_time_in_order(
    emulator: BotApiEmulator, seen: Seen, polling: Polling
) -> None:
    aigerim, bakyt = emulator.add_user(1, "A"), emulator.add_user(2, "B")
    for text in ("slow", "one", "two", "three"):
        emulator.world.person_says(aigerim.person, text)
    emulator.world.person_says(bakyt.person, "hello")
    await seen.until(lambda: ("end", "hello") in seen.of(2))
    assert seen.of(1) == [("start", "slow")]

    seen.release.set()
    await seen.until(lambda: ("end", "three") in seen.of(1))

    assert seen.of(1) == [
        (what, text) for text in ("slow", "one", "two", "three") for what in ("start", "end")
    ]


async def test_what_was_not_handled_before_a_stop_is_delivered_again(
    bot: Bot, emulator: BotApiEmulator, seen: Seen, polling: Polling
) -> None:
    aigerim, bakyt = emulator.add_user(1, "A"), emulator.add_user(2, "B")
    emulator.world.person_says(bakyt.person, "first")
    await seen.until(lambda: ("end", "first") in seen.of(2))
    emulator.world.person_says(aigerim.person, "slow")
    emulator.world.person_says(bakyt.person, "second")
    await seen.until(lambda: ("end", "second") in seen.of(2) and ("start", "slow") in seen.of(1))

    await polling.stop()  # as a crash would, in the middle of "slow"

    # "first" was confirmed; "slow" was not handled, and "second" came after it.
    redelivered = [update.payload["text"] for update in emulator.world.updates.pending]
    assert redelivered == ["slow", "second"]
    again = Seen()
    again.release.set()
    restarted = Polling(bot, again)
    try:
        await again.until(lambda: ("end", "slow") in again.of(1))
        await again.until(lambda: ("end", "second") in again.of(2))
        assert ("start", "first") not in again.of(2)
    finally:
        await restarted.stop()


def _update(update_id: int, chat: int) -> Update:
    message = {"message_id": update_id, "date": 0, "chat": {"id": chat, "type": "private"}}
    return Update.model_validate({"update_id": update_id, "message": message | {"text": "hi"}})


async def test_an_update_sent_again_before_its_confirmation_is_handled_once() -> None:
    handled: list[int] = []

    async def handle(update: Update) -> None:
        handled.append(update.update_id)

    lanes = Lanes(handle)
    lanes.take(_update(500, chat=1))
    await lanes.moved(500, TIMEOUT)
    lanes.take(_update(500, chat=1))  # fetched again: the offset was not sent yet
    lanes.confirmed(lanes.offset)
    # After a week without updates Telegram may number the next one below the last.
    lanes.take(_update(7, chat=1))
    await lanes.moved(7, TIMEOUT)
    await lanes.close()

    assert handled == [500, 7]
    assert lanes.offset == 8


async def test_no_more_than_a_few_updates_are_handled_at_once_and_the_rest_follow() -> None:
    """A burst of chats must not take every database connection: the sender needs one to
    turn handled updates into replies."""
    running: set[int] = set()
    most = 0
    release = asyncio.Event()

    async def handle(update: Update) -> None:
        nonlocal most
        running.add(update.update_id)
        most = max(most, len(running))
        await release.wait()
        running.discard(update.update_id)

    lanes = Lanes(handle, running_at_once=4)
    for n in range(1, 21):
        lanes.take(_update(n, chat=n))
    async with asyncio.timeout(TIMEOUT):
        while len(running) < 4:
            await asyncio.sleep(0.01)
    await asyncio.sleep(0.05)
    assert most == 4
    release.set()
    await lanes.moved(1, TIMEOUT)
    async with asyncio.timeout(TIMEOUT):
        while lanes.busy:
            await asyncio.sleep(0.01)
    await lanes.close()
    assert most == 4 and lanes.offset == 21


async def test_while_every_turn_is_taken_an_urgent_update_goes_before_those_waiting() -> None:
    """Someone at risk who writes during a burst is not left behind it."""
    order: list[int] = []
    release = asyncio.Event()

    async def handle(update: Update) -> None:
        if update.update_id == 1:
            await release.wait()
        order.append(update.update_id)

    lanes = Lanes(handle, running_at_once=1, urgent=lambda update: update.update_id == 5)
    for n in range(1, 7):
        lanes.take(_update(n, chat=n))
    await asyncio.sleep(0.05)
    release.set()
    async with asyncio.timeout(TIMEOUT):
        while lanes.busy:
            await asyncio.sleep(0.01)
    await lanes.close()
    assert order == [1, 5, 2, 3, 4, 6]


async def test_nothing_is_confirmed_before_what_it_changed_is_on_disk(
    bot: Bot, emulator: BotApiEmulator, seen: Seen, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = asyncio.Event()
    failing = True

    async def durable() -> None:
        await disk.wait()
        if failing:
            raise OSError(5, "Input/output error")

    # Retried at once, not after aiogram's second of backoff.
    monkeypatch.setattr(Backoff, "asleep", lambda _self: asyncio.sleep(0.01))
    polling = Polling(bot, seen, durable)
    try:
        aigerim = emulator.add_user(1, "A")
        emulator.world.person_says(aigerim.person, "hello")
        await seen.until(lambda: ("end", "hello") in seen.of(1))
        polls = emulator.calls("getUpdates")
        await asyncio.sleep(0.2)
        assert emulator.calls("getUpdates") == polls, "no poll before the disk has it"
        assert len(_pending(emulator)) == 1

        disk.set()  # the sync fails: still not confirmed, tried again
        await asyncio.sleep(0.2)
        assert len(_pending(emulator)) == 1
        failing = False
        async with asyncio.timeout(TIMEOUT):
            while _pending(emulator):
                await asyncio.sleep(0.01)
        assert seen.of(1).count(("start", "hello")) == 1
    finally:
        await polling.stop()


async def test_under_load_polls_are_spaced_by_the_updates_in_hand(
    emulator: BotApiEmulator, seen: Seen, polling: Polling
) -> None:
    """Each poll brings back every update in hand, so asking again at each handled update
    read the same updates over and over: under load polls come a few milliseconds apart
    for each update in hand."""
    people = [emulator.add_user(100 + n, f"P{n}") for n in range(200)]
    async with asyncio.timeout(TIMEOUT):
        while not emulator.calls("getUpdates"):
            await asyncio.sleep(0.01)
    polls = emulator.calls("getUpdates")
    for person in people:
        emulator.world.person_says(person.person, "hello")
    await seen.until(lambda: sum(1 for what, *_ in seen.events if what == "end") == len(people))
    # Asked again at each handled update, it took 65-80 polls here; spaced, about ten.
    assert emulator.calls("getUpdates") - polls <= len(people) // 8
