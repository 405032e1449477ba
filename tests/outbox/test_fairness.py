"""One chat never holds another: a flood's backlog does not fill a pass, a hanging call
delays only its own chat, a row whose outcome was never recorded goes back to the queue
without a restart, and a lost answer is the one way a message can arrive twice."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import replace

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.outbox import messages, queue
from bot.outbox import sender as sender_module
from bot.outbox.sender import OutboxSender
from bot.sandbox import BotApiEmulator
from bot.storage.models import OutboxMessage
from tests.outbox.conftest import ALI, BEK, FAST, Add, FakeClock, SenderFactory, load, texts


async def until(condition: Callable[[], bool], seconds: float) -> float:
    """Wait for `condition()` to hold; how long it took."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    while not condition():
        assert loop.time() - started < seconds, "timed out"
        await asyncio.sleep(0.01)
    return loop.time() - started


@contextlib.asynccontextmanager
async def running(sender: OutboxSender) -> AsyncIterator[None]:
    task = asyncio.create_task(sender.run())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_one_chats_backlog_does_not_crowd_out_another(
    make_sender: SenderFactory, add: Add, emulator: BotApiEmulator
) -> None:
    for n in range(300):  # far more than a pass takes
        await add(ALI, f"flood {n}")
    await add(BEK, "hello")
    # A chat's next turn a minute away: however slow this machine, the pass cannot reach it.
    sender = make_sender(replace(FAST, per_chat_burst=1, per_chat_interval=60.0))
    await sender.drain_once()
    assert texts(emulator, BEK) == ["hello"]
    assert texts(emulator, ALI) == ["flood 0"]  # the flood goes at its own chat's pace


async def test_a_hanging_call_delays_only_its_own_chat(
    make_sender: SenderFactory,
    add: Add,
    sessions: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
) -> None:
    emulator.hang_next("sendMessage", 30, chat_id=ALI)
    sender = make_sender(replace(FAST, call_timeout=2.0))
    async with running(sender):
        stuck = await add(ALI, "to a chat whose call hangs")
        sender.wake()
        await asyncio.sleep(0.2)
        await add(BEK, "crisis", priority=messages.PRIORITY_CRISIS)
        sender.wake()
        assert await until(lambda: texts(emulator, BEK) == ["crisis"], 2.0) < 1.0
        # The hanging call is given up well before aiogram's 60 s, and retried later.
        row = await load(sessions, stuck)
        deadline = asyncio.get_running_loop().time() + 5.0
        while row.last_error is None:
            assert asyncio.get_running_loop().time() < deadline, "the hanging call was kept"
            await asyncio.sleep(0.05)
            row = await load(sessions, stuck)
    assert row.status == "pending"
    assert texts(emulator, ALI) == []


async def test_a_row_whose_outcome_was_lost_is_sent_again_without_a_restart(
    make_sender: SenderFactory,
    add: Add,
    sessions: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sender_module, "STALE_CHECK_SECONDS", 0.0)
    sender = make_sender()
    assert await sender.step() == 0  # running: it holds the lease, nothing to recover
    row_id = await add(ALI, "first")
    later = await add(ALI, "second")
    # The call went out but recording its answer failed (the database was away): the row
    # is left `sending`, and holds its chat back.
    async with sessions() as db, db.begin():
        await db.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id)
            .values(status="sending", attempts=1, not_before=clock() + queue.STALE_AFTER)
        )
    assert await sender.step() == 0  # held back while it may still be answered
    clock.advance(queue.STALE_AFTER.total_seconds())
    assert await sender.step() == 2
    assert texts(emulator, ALI) == ["first", "second"]
    assert [(await load(sessions, i)).status for i in (row_id, later)] == ["sent", "sent"]


async def test_a_lost_answer_is_the_one_way_to_a_duplicate(
    make_sender: SenderFactory,
    add: Add,
    sessions: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    clock: FakeClock,
) -> None:
    row_id = await add(ALI, "hello")
    # Telegram delivers the message, but its answer comes after the call's timeout.
    emulator.hang_next("sendMessage", 3, after=True, chat_id=ALI)
    sender = make_sender(replace(FAST, call_timeout=1.0))
    await sender.drain_once()
    assert (await load(sessions, row_id)).status == "pending"
    clock.advance(60)
    await sender.drain_once()
    assert texts(emulator, ALI) == ["hello", "hello"]
    assert (await load(sessions, row_id)).status == "sent"


async def test_a_connection_reset_before_telegram_has_the_message_sends_it_once(
    make_sender: SenderFactory,
    add: Add,
    sessions: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    clock: FakeClock,
) -> None:
    row_id = await add(ALI, "hello")
    emulator.reset_next("sendMessage", chat_id=ALI)
    sender = make_sender()
    await sender.drain_once()
    row = await load(sessions, row_id)
    assert row.status == "pending" and row.last_error is not None  # retried, not failed
    clock.advance(60)
    await sender.drain_once()
    assert texts(emulator, ALI) == ["hello"]
    assert (await load(sessions, row_id)).status == "sent"


async def test_a_connection_reset_after_telegram_has_the_message_is_a_duplicate(
    make_sender: SenderFactory,
    add: Add,
    sessions: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    clock: FakeClock,
) -> None:
    row_id = await add(ALI, "hello")
    # The README's case: Telegram accepted it and the answer never came back.
    emulator.reset_next("sendMessage", after=True, chat_id=ALI)
    sender = make_sender()
    await sender.drain_once()
    assert (await load(sessions, row_id)).status == "pending"
    clock.advance(60)
    await sender.drain_once()
    assert texts(emulator, ALI) == ["hello", "hello"]
    assert (await load(sessions, row_id)).status == "sent"


async def test_everything_held_by_an_outage_goes_out_in_order_once_telegram_is_back(
    make_sender: SenderFactory,
    add: Add,
    sessions: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    clock: FakeClock,
) -> None:
    first = await add(ALI, "one")
    await add(ALI, "two")
    await add(BEK, "hi")
    emulator.fail_next("sendMessage", status=502, times=50)
    sender = make_sender(replace(FAST, backoff_base=60.0, backoff_cap=300.0))
    await sender.drain_once()
    backed_off = await load(sessions, first)
    assert backed_off.status == "pending" and backed_off.not_before > clock()
    emulator.clear_failures()
    clock.advance(sender_module.PROBE_EVERY.total_seconds())
    await sender.step()  # one row is tried: it goes through, and the rest follow at once
    await sender.drain_once()
    # Without waiting out a backoff of minutes: all of it, each chat in its order.
    assert texts(emulator, ALI) == ["one", "two"]
    assert texts(emulator, BEK) == ["hi"]


async def test_during_an_outage_one_call_asks_whether_telegram_is_back(
    make_sender: SenderFactory,
    add: Add,
    emulator: BotApiEmulator,
    clock: FakeClock,
) -> None:
    for chat in range(1, 6):
        await add(chat, "queued")
    emulator.fail_next("sendMessage", status=502, times=1000)
    sender = make_sender(replace(FAST, backoff_base=60.0, backoff_cap=300.0))
    await sender.step()
    calls = emulator.calls("sendMessage")
    assert calls == 5
    for _ in range(3):
        clock.advance(sender_module.PROBE_EVERY.total_seconds())
        await sender.step()
    assert emulator.calls("sendMessage") == calls + 3  # a probe each time, no more
