"""OutboxSender against the Bot API emulator, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
import structlog.testing
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.middlewares.base import NextRequestMiddlewareType
from aiogram.client.telegram import TelegramAPIServer
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType
from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.outbox import messages
from bot.outbox import sender as sender_module
from bot.outbox.queue import NO_PAYLOAD
from bot.outbox.sender import Limits, OutboxSender
from bot.sandbox import BotApiEmulator
from bot.storage.crypto import Cipher
from bot.storage.models import OutboxMessage, Participant
from tests.outbox.conftest import (
    ALI,
    BEK,
    FAST,
    TOKEN,
    Add,
    Call,
    FakeClock,
    SenderFactory,
    load,
    sent_texts,
    texts,
)

# Anything less urgent than a conversation, such as a reminder.
LOW_PRIORITY = messages.PRIORITY_CONVERSATION + 3


async def test_priority_order_then_insertion_order_per_chat(
    make_sender: SenderFactory,
    add: Add,
    sessions: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    calls: list[Call],
    clock: FakeClock,
) -> None:
    first = await add(ALI, "ali 1", priority=LOW_PRIORITY)
    second = await add(ALI, "ali 2", priority=LOW_PRIORITY)
    bek = await add(BEK, "bek conversation", priority=messages.PRIORITY_CONVERSATION)
    crisis = await add(BEK, "bek crisis", priority=messages.PRIORITY_CRISIS)
    third = await add(ALI, "ali 3", priority=LOW_PRIORITY)

    assert await make_sender().drain_once() == 5

    # Crisis first; a chat's next message waits for the answer to its last, while other
    # chats go on, so the two chats' rows interleave.
    assert sent_texts(calls) == ["bek crisis", "ali 1", "bek conversation", "ali 2", "ali 3"]
    assert texts(emulator, ALI) == ["ali 1", "ali 2", "ali 3"]
    assert texts(emulator, BEK) == ["bek crisis", "bek conversation"]
    recorded = {m.text: m.message_id for c in (ALI, BEK) for m in emulator.messages(c)}
    for row_id, text in [
        (first, "ali 1"),
        (second, "ali 2"),
        (third, "ali 3"),
        (bek, "bek conversation"),
        (crisis, "bek crisis"),
    ]:
        row = await load(sessions, row_id)
        assert row.status == "sent"
        assert row.sent_at == clock()
        assert row.result_message_id == recorded[text]
        assert row.attempts == 1
        assert row.last_error is None


async def test_delayed_row_waits_for_its_time(
    make_sender: SenderFactory,
    add: Add,
    sessions: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    clock: FakeClock,
) -> None:
    row_id = await add(ALI, "later", delay=60)
    sender = make_sender()

    assert await sender.drain_once() == 0
    clock.advance(59)
    assert await sender.drain_once() == 0
    assert (await load(sessions, row_id)).status == "pending"
    assert texts(emulator, ALI) == []

    clock.advance(1)  # not_before <= now: due exactly at its time
    assert await sender.drain_once() == 1
    assert await sender.drain_once() == 0
    row = await load(sessions, row_id)
    assert (row.status, row.sent_at) == ("sent", clock())
    assert texts(emulator, ALI) == ["later"]


async def test_429_pushes_the_row_back_and_pauses_sending(
    make_sender: SenderFactory,
    add: Add,
    sessions: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    calls: list[Call],
    clock: FakeClock,
) -> None:
    first = await add(ALI, "one")
    second = await add(ALI, "two")
    emulator.fail_next("sendMessage", status=429, retry_after=1, chat_id=ALI)
    sender = make_sender()
    start = clock()

    await sender.drain_once()
    row = await load(sessions, first)
    assert row.status == "pending"
    assert row.not_before == start + timedelta(seconds=1)
    assert row.last_error is not None and "429" in row.last_error
    # One chat's messages stay in order: the second must not overtake the first.
    assert texts(emulator, ALI) == []
    assert (await load(sessions, second)).status == "pending"

    assert await sender.drain_once() == 0  # the row's time has not come yet
    clock.advance(1)
    assert await sender.drain_once() == 2
    assert texts(emulator, ALI) == ["one", "two"]
    assert [(await load(sessions, i)).status for i in (first, second)] == ["sent", "sent"]

    assert await sender.drain_once() == 0
    assert texts(emulator, ALI) == ["one", "two"]  # exactly once each
    assert sent_texts(calls) == ["one", "one", "two"]  # one refused call, then the two sends


async def test_429_pause_holds_sending_for_retry_after(
    make_sender: SenderFactory, add: Add, emulator: BotApiEmulator, clock: FakeClock
) -> None:
    await add(ALI, "refused")
    emulator.fail_next("sendMessage", status=429, retry_after=1, chat_id=ALI)
    sender = make_sender()
    loop = asyncio.get_running_loop()

    started = loop.time()
    await sender.drain_once()
    await add(BEK, "other chat")  # due at once, but the whole bot is paused
    assert texts(emulator, BEK) == []
    assert await sender.drain_once() == 1
    assert loop.time() - started >= 1.0
    assert texts(emulator, BEK) == ["other chat"]

    clock.advance(1)
    assert await sender.drain_once() == 1
    assert texts(emulator, ALI) == ["refused"]


async def test_5xx_retries_with_backoff_then_succeeds(
    make_sender: SenderFactory,
    add: Add,
    sessions: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    clock: FakeClock,
) -> None:
    row_id = await add(ALI, "hello")
    emulator.fail_next("sendMessage", status=502, chat_id=ALI, times=2)
    sender = make_sender()

    delays = []
    for attempt in (1, 2):
        before = clock()
        assert await sender.drain_once() == 1
        row = await load(sessions, row_id)
        assert (row.status, row.attempts) == ("pending", attempt)
        assert row.last_error is not None
        # Jittered exponential backoff: base * 2**attempts, times 0.5..1.
        delay = (row.not_before - before).total_seconds()
        assert 0.5 * 2**attempt <= delay <= 2**attempt
        delays.append(delay)
        assert await sender.drain_once() == 0  # not due before its backoff
        clock.advance(delay)

    assert await sender.drain_once() == 1
    row = await load(sessions, row_id)
    assert (row.status, row.attempts, row.last_error) == ("sent", 3, None)
    assert row.result_message_id is not None
    assert texts(emulator, ALI) == ["hello"]
    assert await sender.drain_once() == 0
    assert texts(emulator, ALI) == ["hello"]


async def test_5xx_is_retried_for_the_retry_window_then_the_row_fails(
    make_sender: SenderFactory,
    add: Add,
    sessions: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    calls: list[Call],
    clock: FakeClock,
) -> None:
    row_id = await add(ALI, "doomed")
    emulator.fail_next("sendMessage", status=502, chat_id=ALI, times=100)
    window = timedelta(minutes=10)
    sender = make_sender(replace(FAST, per_chat_burst=100, retry_window=window, backoff_cap=60.0))

    tries = 0
    while clock() - datetime(2025, 3, 1, 9, 0, tzinfo=UTC) < window:
        tries += await sender.drain_once()
        assert (await load(sessions, row_id)).status == "pending"  # still worth trying
        clock.advance(60)  # past any backoff
    tries += await sender.drain_once()

    row = await load(sessions, row_id)
    assert row.status == "failed"
    assert tries == row.attempts >= 6  # every minute or so for ten minutes, not six tries
    assert row.last_error is not None and "0.166667 h" in row.last_error
    assert "Server" in row.last_error or "502" in row.last_error
    assert row.sent_at is None
    assert len(calls) == tries
    assert texts(emulator, ALI) == []


async def test_a_long_outage_loses_nothing_and_429s_cost_no_backoff(
    make_sender: SenderFactory,
    add: Add,
    sessions: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    clock: FakeClock,
) -> None:
    first = await add(ALI, "first")
    await add(ALI, "second")
    emulator.fail_next("sendMessage", status=502, chat_id=ALI, times=20)
    sender = make_sender(replace(FAST, per_chat_burst=100, backoff_cap=60.0))
    for _ in range(20):  # twenty minutes of 502s: far more tries than any count allowed
        await sender.drain_once()
        clock.advance(60)
    assert (await load(sessions, first)).status == "pending"
    await sender.drain_once()
    assert texts(emulator, ALI) == ["first", "second"]  # in order, after recovery

    third = await add(ALI, "third")
    emulator.fail_next("sendMessage", status=429, retry_after=1, chat_id=ALI, times=3)
    for _ in range(3):
        await sender.drain_once()
        clock.advance(1)
    row = await load(sessions, third)
    assert row.attempts == 0 and row.status == "pending"  # waits asked for, not failures
    await sender.drain_once()
    assert texts(emulator, ALI)[-1] == "third"


async def test_a_reminder_past_its_grace_is_expired_not_sent(
    make_sender: SenderFactory,
    add: Add,
    sessions: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    clock: FakeClock,
) -> None:
    stale = await add(ALI, "check in", priority=messages.PRIORITY_SCHEDULED)
    fresh = await add(BEK, "check in", priority=messages.PRIORITY_SCHEDULED, delay=3 * 3600)
    clock.advance(3 * 3600)  # the bot was away for three hours
    assert await make_sender().drain_once() == 1
    assert (await load(sessions, stale)).status == "expired"
    assert (await load(sessions, fresh)).status == "sent"
    assert texts(emulator, ALI) == []


async def test_403_blocked_marks_the_row_failed(
    make_sender: SenderFactory,
    add: Add,
    sessions: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    calls: list[Call],
    clock: FakeClock,
) -> None:
    row_id = await add(ALI, "are you there?")
    emulator.user(ALI).block()
    sender = make_sender()

    assert await sender.drain_once() == 1
    clock.advance(3600)
    assert await sender.drain_once() == 0

    row = await load(sessions, row_id)
    assert row.status == "failed"
    assert row.last_error is not None and "403" in row.last_error
    assert row.sent_at is None
    assert len(calls) == 1


async def test_edit_not_modified_counts_as_done(
    make_sender: SenderFactory,
    add: Add,
    sessions: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    calls: list[Call],
) -> None:
    sender = make_sender()
    original = await add(ALI, "How are you?")
    assert await sender.drain_once() == 1
    message_id = (await load(sessions, original)).result_message_id
    assert message_id is not None

    same = {"chat_id": ALI, "message_id": message_id, "text": "How are you?"}
    edit = await add(ALI, "", method="editMessageText", payload=same)
    assert await sender.drain_once() == 1
    assert await sender.drain_once() == 0

    row = await load(sessions, edit)
    assert row.status == "sent"
    assert row.last_error is not None and "not modified" in row.last_error
    assert [c.method for c in calls] == ["sendMessage", "editMessageText"]
    assert texts(emulator, ALI) == ["How are you?"]
    assert emulator.messages(ALI)[0].edits == 0


async def test_other_bad_request_fails_with_reason(
    make_sender: SenderFactory,
    add: Add,
    sessions: async_sessionmaker[AsyncSession],
    calls: list[Call],
) -> None:
    gone = {"chat_id": ALI, "message_id": 999, "text": "x"}
    bad = await add(ALI, "", method="deleteMessage", payload={"chat_id": ALI, "message_id": 999})
    harmless = await add(ALI, "", method="editMessageText", payload=gone)
    sender = make_sender()
    assert await sender.drain_once() == 2
    assert await sender.drain_once() == 0

    row = await load(sessions, bad)
    assert row.status == "failed"
    assert row.last_error is not None and "not found" in row.last_error
    assert (await load(sessions, harmless)).status == "sent"  # edit of a missing message
    assert len(calls) == 2


class Crash(BaseException):
    """The process dies: nothing in the sender may catch this."""


async def test_row_left_sending_by_a_crash_is_sent_once_after_recover(
    make_sender: SenderFactory,
    add: Add,
    sessions: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    calls: list[Call],
) -> None:
    row_id = await add(ALI, "survives")
    other = await add(BEK, "other chat")

    # A process that dies after committing `sending`, before the HTTP request goes out.
    async def die(
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        raise Crash

    doomed_bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base("http://x")))
    doomed_bot.session.middleware(die)
    with pytest.raises(Crash):
        await make_sender(with_bot=doomed_bot).drain_once()
    await doomed_bot.session.close()
    # A pass claims the rows it sends at once together: both were `sending`.
    assert (await load(sessions, row_id)).status == "sending"
    assert (await load(sessions, other)).status == "sending"

    restarted = make_sender()
    assert await restarted.drain_once() == 0  # a `sending` row is not picked up as is
    assert texts(emulator, ALI) == []
    assert await restarted.recover() == 2
    assert await restarted.drain_once() == 2
    assert await restarted.drain_once() == 0
    assert await restarted.recover() == 0

    for survivor in (row_id, other):
        row = await load(sessions, survivor)
        assert (row.status, row.attempts) == ("sent", 2)
    assert texts(emulator, ALI) == ["survives"]
    assert texts(emulator, BEK) == ["other chat"]
    assert len(calls) == 2


async def test_recover_only_touches_sending_rows(
    make_sender: SenderFactory, add: Add, sessions: async_sessionmaker[AsyncSession]
) -> None:
    stuck = await add(ALI, "stuck")
    done = await add(BEK, "done")
    async with sessions() as db, db.begin():
        await db.execute(
            update(OutboxMessage).where(OutboxMessage.id == stuck).values(status="sending")
        )
        await db.execute(
            update(OutboxMessage).where(OutboxMessage.id == done).values(status="sent")
        )
    assert await make_sender().recover() == 1
    async with sessions() as db:
        statuses = dict((await db.execute(select(OutboxMessage.id, OutboxMessage.status))).all())
    assert statuses == {stuck: "pending", done: "sent"}


async def test_per_chat_limit(
    make_sender: SenderFactory,
    add: Add,
    sessions: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
) -> None:
    limits = Limits(per_second=1000.0, per_chat_interval=1.0, per_chat_burst=1)
    sender = make_sender(limits)
    ali_1 = await add(ALI, "ali 1")
    ali_2 = await add(ALI, "ali 2")
    bek_1 = await add(BEK, "bek 1")

    assert await sender.drain_once() == 2  # one per chat
    assert texts(emulator, ALI) == ["ali 1"]
    assert texts(emulator, BEK) == ["bek 1"]
    assert (await load(sessions, ali_2)).status == "pending"
    assert await sender.drain_once() == 0  # still within Ali's interval

    loop = asyncio.get_running_loop()
    deadline = loop.time() + 3
    while (await load(sessions, ali_2)).status == "pending" and loop.time() < deadline:
        await sender.drain_once()
        await asyncio.sleep(0.05)
    assert texts(emulator, ALI) == ["ali 1", "ali 2"]
    assert [(await load(sessions, i)).status for i in (ali_1, ali_2, bek_1)] == ["sent"] * 3


async def test_a_retried_row_is_not_overtaken_by_the_next_of_its_chat(
    make_sender: SenderFactory,
    add: Add,
    sessions: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    clock: FakeClock,
) -> None:
    first = await add(ALI, "first")
    await add(ALI, "second")
    later_crisis = await add(ALI, "crisis", priority=messages.PRIORITY_CRISIS, delay=0.5)
    bek = await add(BEK, "bek")
    emulator.fail_next("sendMessage", status=502, chat_id=ALI)
    sender = make_sender()

    assert await sender.drain_once() == 2  # Ali's first (refused) and Bek's
    assert texts(emulator, BEK) == ["bek"]
    backoff = (await load(sessions, first)).not_before
    clock.advance(0.5)  # the second row and the crisis are due; the first backs off >= 1 s
    await sender.drain_once()
    # A more urgent row does not wait behind a failing one; a same-priority row does.
    assert texts(emulator, ALI) == ["crisis"]
    assert (await load(sessions, later_crisis)).status == "sent"
    assert (await load(sessions, bek)).status == "sent"

    clock.now = backoff
    await sender.drain_once()
    assert texts(emulator, ALI) == ["crisis", "first", "second"]


async def test_an_unexpected_api_error_neither_sticks_nor_stops_the_sender(
    make_sender: SenderFactory,
    add: Add,
    sessions: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    clock: FakeClock,
) -> None:
    odd = await add(ALI, "odd")
    await add(BEK, "fine")
    emulator.fail_next("sendMessage", status=404, chat_id=ALI, times=10)
    sender = make_sender(replace(FAST, retry_window=timedelta(minutes=2)))

    assert await sender.drain_once() == 2
    assert texts(emulator, BEK) == ["fine"]
    for _ in range(3):
        clock.advance(60)
        await sender.drain_once()
    row = await load(sessions, odd)
    assert row.status == "failed"
    assert row.last_error is not None


async def test_an_undecodable_row_fails_without_blocking_the_queue(
    make_sender: SenderFactory,
    add: Add,
    sessions: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
) -> None:
    poison = await add(ALI, "", method="sendCarrierPigeon", payload={"chat_id": ALI})
    broken = await add(ALI, "x")
    async with sessions() as db, db.begin():  # e.g. written under another key
        await db.execute(
            update(OutboxMessage).where(OutboxMessage.id == broken).values(payload_enc=b"\x01junk")
        )
    await add(BEK, "still delivered")
    sender = make_sender()

    await sender.drain_once()
    assert texts(emulator, BEK) == ["still delivered"]
    for row_id in (poison, broken):
        row = await load(sessions, row_id)
        assert row.status == "failed"
        assert row.last_error is not None
    assert await sender.drain_once() == 0


async def test_a_row_done_with_keeps_no_payload(
    make_sender: SenderFactory,
    add: Add,
    sessions: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    clock: FakeClock,
) -> None:
    """Sent, refused, undeliverable, expired or blocked: the words are gone from the row,
    which keeps when and how it went; a row waiting for a retry keeps them, to send them."""
    expired = await add(ALI, "check in", priority=messages.PRIORITY_SCHEDULED)
    clock.advance(3 * 3600)  # past the check-in's grace
    refused = await add(ALI, "refused")  # the next message to Ali fails, below
    delivered = await add(ALI, "delivered")
    undeliverable = await add(ALI, "", method="sendCarrierPigeon", payload={"chat_id": ALI})
    retried = await add(BEK, "retried")
    emulator.fail_next("sendMessage", status=400, description="Bad Request: no", chat_id=ALI)
    emulator.fail_next("sendMessage", status=500, chat_id=BEK)
    sender = make_sender()
    await sender.drain_once()
    await sender.drain_once()
    assert (await load(sessions, retried)).payload_enc != NO_PAYLOAD
    blocked = await add(ALI, "blocked")
    also_blocked = await add(ALI, "queued behind it")
    emulator.user(ALI).block()
    await sender.drain_once()
    statuses = {}
    for row_id in (delivered, refused, undeliverable, expired, blocked, also_blocked):
        row = await load(sessions, row_id)
        statuses[row_id] = row.status
        assert row.payload_enc == NO_PAYLOAD, row.status
    assert statuses == {
        delivered: "sent",
        refused: "failed",
        undeliverable: "failed",
        expired: "expired",
        blocked: "failed",
        also_blocked: "failed",
    }


async def test_the_sender_keeps_going_after_a_failed_pass(
    sessions: async_sessionmaker[AsyncSession],
    cipher: Cipher,
    bot: Bot,
    clock: FakeClock,
    add: Add,
    emulator: BotApiEmulator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sender_module, "DRAIN_RETRY_SECONDS", 0.05)

    class AwayOnce(OutboxSender):
        """The database is unreachable for the first pass, as during a failover."""

        failed = False

        async def drain_once(self, *, wait: bool = True) -> int:
            if not self.failed:
                self.failed = True
                raise OperationalError("SELECT ... FROM outbox", {}, ConnectionError("gone"))
            return await super().drain_once(wait=wait)

    sender = AwayOnce(sessions, cipher, bot, clock, limits=FAST)
    await add(ALI, "still delivered")
    running = asyncio.create_task(sender.run())
    try:
        for _ in range(100):
            if texts(emulator, ALI):
                break
            await asyncio.sleep(0.05)
    finally:
        running.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await running
    assert sender.failed and texts(emulator, ALI) == ["still delivered"]


async def test_403_marks_the_person_unreachable_and_fails_their_queue(
    make_sender: SenderFactory,
    add: Add,
    participant: int,
    sessions: async_sessionmaker[AsyncSession],
    emulator: BotApiEmulator,
    calls: list[Call],
    clock: FakeClock,
) -> None:
    delivered = await add(ALI, "delivered before", participant_id=participant)
    sender = make_sender()
    assert await sender.drain_once() == 1
    refused = await add(ALI, "are you there?", participant_id=participant)
    behind = await add(ALI, "and this?", participant_id=participant)
    scheduled = await add(ALI, "tomorrow", delay=86_400, participant_id=participant)
    other = await add(BEK, "someone else")
    emulator.user(ALI).block()

    with structlog.testing.capture_logs() as logs:
        await sender.drain_once()

    assert [c.text for c in calls if c.chat_id == ALI] == ["delivered before", "are you there?"]
    for row_id in (refused, behind, scheduled):
        row = await load(sessions, row_id)
        assert (row.status, row.sent_at) == ("failed", None)
        assert row.last_error is not None and "403" in row.last_error
    assert (await load(sessions, delivered)).status == "sent"
    assert (await load(sessions, other)).status == "sent"
    async with sessions() as db:
        person = await db.get(Participant, participant)
        assert person is not None and person.unreachable_at == clock()
    blocked = [entry for entry in logs if entry["event"] == "outbox.unreachable"]
    assert len(blocked) == 1
    assert str(ALI) not in repr(logs)  # the chat id is never logged

    clock.advance(86_400)
    assert await sender.drain_once() == 0
    assert texts(emulator, ALI) == ["delivered before"]


async def test_silent_messages_reach_telegram_without_notification(
    make_sender: SenderFactory, add: Add, emulator: BotApiEmulator
) -> None:
    await add(ALI, "", payload=messages.send_message(ALI, "quiet hours", silent=True))
    await add(ALI, "", payload=messages.send_message(ALI, "daytime"))

    assert await make_sender().drain_once() == 2

    sent = emulator.messages(ALI)
    assert [(m.text, m.disable_notification) for m in sent] == [
        ("quiet hours", True),
        ("daytime", False),
    ]


async def test_scheduled_messages_wait_behind_conversation_and_crisis(
    make_sender: SenderFactory, add: Add, calls: list[Call]
) -> None:
    await add(ALI, "check-in", priority=messages.PRIORITY_SCHEDULED)
    await add(BEK, "counsellor", priority=messages.PRIORITY_CONVERSATION)
    await add(ALI, "crisis", priority=messages.PRIORITY_CRISIS)

    assert await make_sender().drain_once() == 3

    assert sent_texts(calls) == ["crisis", "counsellor", "check-in"]


async def test_a_chat_read_hands_on_its_auto_delete_timer_and_keeps_nothing(
    sessions: async_sessionmaker[AsyncSession],
    cipher: Cipher,
    bot: Bot,
    clock: FakeClock,
    add: Add,
    emulator: BotApiEmulator,
) -> None:
    heard: list[tuple[int, int]] = []

    async def on_chat_read(db: AsyncSession, row_id: int, seconds: int) -> None:
        heard.append((row_id, seconds))

    sender = OutboxSender(sessions, cipher, bot, clock, limits=FAST, on_chat_read=on_chat_read)
    emulator.world.person_sets_auto_delete(emulator.world.people[ALI], 86400)
    timer_on = await add(ALI, "", method="getChat", payload={"chat_id": ALI})
    timer_off = await add(BEK, "", method="getChat", payload={"chat_id": BEK})

    assert await sender.drain_once() == 2
    assert sorted(heard) == [(timer_on, 86400), (timer_off, 0)]
    for row_id in (timer_on, timer_off):
        row = await load(sessions, row_id)
        assert (row.status, row.result_message_id, row.payload_enc) == ("sent", None, NO_PAYLOAD)


async def test_a_chats_next_message_goes_out_when_its_first_lands_not_at_the_next_poll(
    make_sender: SenderFactory,
    add: Add,
    emulator: BotApiEmulator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A pass sends one row per chat; the landing of that call, not a timer, starts the
    pass that sends the chat's next row, and then the one after."""
    monkeypatch.setattr(sender_module, "IDLE_WAIT_SECONDS", 600.0)
    for text in ("one", "two", "three"):
        await add(ALI, text)
    await add(BEK, "other")
    running = asyncio.create_task(make_sender().run())
    try:
        async with asyncio.timeout(10):
            while texts(emulator, ALI) != ["one", "two", "three"]:
                await asyncio.sleep(0.01)
        assert texts(emulator, BEK) == ["other"]
    finally:
        running.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await running
